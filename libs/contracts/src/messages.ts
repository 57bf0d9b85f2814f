/**
 * Every message that crosses the broker, as one discriminated union (STYLE.md §2).
 *
 * Wire names are stable: upstream systems publish `campaign.submit` with these exact routing
 * keys and payloads. Never rename a name or a field; add optional fields instead.
 * The JSON Schemas in ../schema are generated from these types (`npm run schema`) and a test
 * fails when the two drift apart.
 */

/** One recipient of a campaign. Every email goes to exactly one recipient. */
export interface Recipient {
  /**
   * @format email
   * @maxLength 320
   */
  email: string;
  /**
   * Shown in the To header: no line breaks.
   * @maxLength 200
   * @pattern ^[^\r\n\u0000]*$
   */
  name?: string;
  /** Personalisation variables, available in the subject and body as {{vars.name}}. */
  vars?: Record<string, string | number | boolean | null>;
}

/** An upstream system's campaign with its segment. */
export interface CampaignSubmit {
  /**
   * The same key always answers with the same campaign: a resubmission creates nothing new.
   * @minLength 1
   * @maxLength 200
   */
  idempotencyKey: string;
  /**
   * The sending account; created with the default limit on its first campaign.
   * @minLength 1
   * @maxLength 100
   * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$
   */
  account: string;
  /**
   * The From address; it also receives error notices.
   * @format email
   * @maxLength 320
   */
  from: string;
  /** `email`, the default. An SMS campaign says `sms` (SmsCampaignSubmit). */
  channel?: 'email';
  /**
   * A Handlebars template.
   * @minLength 1
   * @maxLength 998
   */
  subject: string;
  /**
   * A Handlebars template for the HTML body. Exactly one of `html` and `mjml` is given.
   * @minLength 1
   * @maxLength 5000000
   */
  html?: string;
  /**
   * Instead of `html`: an MJML template (mjml.io), compiled to HTML on submit; a compile error
   * refuses the campaign with its line numbers.
   * @minLength 1
   * @maxLength 5000000
   */
  mjml?: string;
  /**
   * A Handlebars template for the plain-text body; made from the HTML when left out.
   * @maxLength 5000000
   */
  text?: string;
  /**
   * Not before this instant (RFC 3339).
   * @format date-time
   */
  sendAt?: string;
  /**
   * Campaigns of one account share its daily limit in submission order; a higher priority
   * moves a campaign ahead.
   * @asType integer
   * @minimum -100
   * @maximum 100
   */
  priority?: number;
  /** @maxItems 1000000 */
  recipients: Recipient[];
}

/** One recipient of an SMS campaign. */
export interface SmsRecipient {
  /**
   * A mobile number with its +country code (`+49 151 23456789`, any punctuation); checked
   * against the country's number plan and stored as E.164.
   * @minLength 1
   * @maxLength 40
   */
  phone: string;
  /**
   * Available as {{name}}: no line breaks.
   * @maxLength 200
   * @pattern ^[^\r\n\u0000]*$
   */
  name?: string;
  /** Personalisation variables, available in the text as {{vars.name}}. */
  vars?: Record<string, string | number | boolean | null>;
}

/**
 * An SMS campaign: the same ledger, limits (an SMS limit of its own) and suppression as email,
 * sent over SMPP. The personalised text may take at most 6 segments (918 GSM-7 or 402 UCS-2
 * characters); more is refused with 422.
 */
export interface SmsCampaignSubmit {
  /**
   * The same key always answers with the same campaign: a resubmission creates nothing new.
   * @minLength 1
   * @maxLength 200
   */
  idempotencyKey: string;
  /**
   * The sending account; created with the default limits on its first campaign.
   * @minLength 1
   * @maxLength 100
   * @pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$
   */
  account: string;
  channel: 'sms';
  /**
   * Where error notices about the campaign go.
   * @format email
   * @maxLength 320
   */
  from: string;
  /**
   * The sender shown on the phone: an E.164 number, a short code, or up to 11 letters and
   * digits. The sender's SMS_FROM when absent.
   * @pattern ^(\+?[0-9]{3,15}|[A-Za-z0-9][A-Za-z0-9 ._-]{0,10})$
   */
  smsFrom?: string;
  /**
   * The message, a Handlebars template ({{name}}, {{vars.x}}).
   * @minLength 1
   * @maxLength 5000
   */
  text: string;
  /**
   * Not before this instant (RFC 3339).
   * @format date-time
   */
  sendAt?: string;
  /**
   * @asType integer
   * @minimum -100
   * @maximum 100
   */
  priority?: number;
  /** @maxItems 1000000 */
  recipients: SmsRecipient[];
}

/**
 * What `campaign.submit` carries: an email campaign (no `channel`, or `email`) or an SMS
 * campaign (`channel: "sms"`). The published schema picks the one by `channel`.
 */
export type CampaignSubmission = CampaignSubmit | SmsCampaignSubmit;

/** A batch of deliveries the scheduler has claimed for sending. Ids are delivery ids (bigint, as strings). */
export interface DeliverySend {
  /**
   * @minItems 1
   * @maxItems 1000
   */
  deliveryIds: string[];
}

/** A batch of claimed SMS deliveries for the sender's SMS transport. Ids are delivery ids. */
export interface SmsSend {
  /**
   * @minItems 1
   * @maxItems 1000
   */
  deliveryIds: string[];
}

/** The receiving server refused a delivery during the SMTP dialogue (5xx). */
export interface DeliveryRejected {
  deliveryId: string;
  campaignId: string;
  account: string;
  /** @format email */
  email: string;
  smtpCode: number | null;
  enhancedCode: string | null;
  smtpReply: string;
  /** @format date-time */
  at: string;
}

/** A raw bounce or complaint message piped from an MTA. */
export interface BounceReceived {
  /** The raw RFC 5322 message, base64 encoded. */
  rawBase64: string;
  /**
   * The SMTP envelope recipient the message arrived for (RCPT TO): a return path
   * `bounces+<token>@BOUNCE_DOMAIN` or the feedback-loop address. Required since the headers
   * prove nothing: a message for any other address is quarantined and changes nothing.
   * @minLength 3
   * @maxLength 320
   */
  envelopeTo: string;
  /** @format date-time */
  receivedAt?: string;
}

/** An error notice Postroom sends itself (outside the marketing limit), stored in the ledger first. */
export interface NotificationSend {
  /** The notice's id in the ledger (bigint, as a string). */
  noticeId: string;
}

/** Stable routing keys, one per message name. */
export const MessageName = {
  CampaignSubmit: 'campaign.submit',
  DeliverySend: 'delivery.send',
  SmsSend: 'sms.send',
  DeliveryRejected: 'delivery.rejected',
  BounceReceived: 'bounce.received',
  NotificationSend: 'notification.send',
} as const;
export type MessageName = (typeof MessageName)[keyof typeof MessageName];

export type Message =
  | { name: 'campaign.submit'; payload: CampaignSubmission }
  | { name: 'delivery.send'; payload: DeliverySend }
  | { name: 'sms.send'; payload: SmsSend }
  | { name: 'delivery.rejected'; payload: DeliveryRejected }
  | { name: 'bounce.received'; payload: BounceReceived }
  | { name: 'notification.send'; payload: NotificationSend };

export type PayloadOf<N extends MessageName> = Extract<Message, { name: N }>['payload'];

/** The TypeScript type behind each message's schema, used by the schema generator. */
export const schemaTypeOf: Record<MessageName, string> = {
  'campaign.submit': 'CampaignSubmission',
  'delivery.send': 'DeliverySend',
  'sms.send': 'SmsSend',
  'delivery.rejected': 'DeliveryRejected',
  'bounce.received': 'BounceReceived',
  'notification.send': 'NotificationSend',
};
