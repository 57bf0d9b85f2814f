export type { MailTransport, OutgoingMail, TransportResult } from '@postroom/messaging';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
