import api from '../schema/api.json';
import bounceReceived from '../schema/bounce.received.json';
import campaignSubmit from '../schema/campaign.submit.json';
import deliveryRejected from '../schema/delivery.rejected.json';
import deliverySend from '../schema/delivery.send.json';
import notificationSend from '../schema/notification.send.json';
import smsSend from '../schema/sms.send.json';
import type { MessageName } from './messages';

/** The published JSON Schemas (draft-07), generated from the types in messages.ts. */
export const messageSchemas: Record<MessageName, object> = {
  'campaign.submit': campaignSubmit,
  'delivery.send': deliverySend,
  'sms.send': smsSend,
  'delivery.rejected': deliveryRejected,
  'bounce.received': bounceReceived,
  'notification.send': notificationSend,
};

/**
 * The operator API's bodies and query strings (draft-07), generated from the types in api.ts:
 * `definitions` holds one schema per ApiRequestName and the ones they refer to.
 */
export const apiSchema: { $id: string; definitions: Record<string, object> } = api;
