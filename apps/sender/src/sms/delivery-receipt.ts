import type { DeliveryReceipt } from './sms-transport';

/** esm_class bits 2–5 say what a deliver_sm is; 0x04 is an SMS centre delivery receipt. */
export const ESM_CLASS_TYPE_MASK = 0x3c;
export const ESM_CLASS_DELIVERY_RECEIPT = 0x04;

export function isDeliveryReceipt(esmClass: number): boolean {
  return (esmClass & ESM_CLASS_TYPE_MASK) === ESM_CLASS_DELIVERY_RECEIPT;
}

// SMPP 3.4, table 5-6 (message_state) and Appendix B (the stat: words).
const STATE_NAMES: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVERED',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIVERABLE',
  6: 'ACCEPTED',
  7: 'UNKNOWN',
  8: 'REJECTED',
  9: 'SKIPPED',
};
const STATUS_OF: Readonly<Record<string, DeliveryReceipt['state'] | undefined>> = {
  DELIVRD: 'delivered',
  DELIVERED: 'delivered',
  EXPIRED: 'failed',
  DELETED: 'failed',
  UNDELIV: 'failed',
  UNDELIVERABLE: 'failed',
  REJECTD: 'failed',
  REJECTED: 'failed',
  UNKNOWN: 'failed',
  SKIPPED: 'failed',
  // ENROUTE, ACCEPTD (taken by customer care, no proof of delivery), SCHEDULED: not final for us
};

export interface ReceiptFields {
  /** The short_message (or message_payload) as text. */
  readonly text: string;
  readonly receiptedMessageId?: string;
  readonly messageState?: number;
}

/**
 * A delivery receipt to its final state, or undefined while it is not final. The TLVs
 * receipted_message_id and message_state win over the text when present: the text format is only
 * an appendix of SMPP 3.4 and each SMS centre writes it slightly differently.
 */
export function parseDeliveryReceipt(fields: ReceiptFields): DeliveryReceipt | undefined {
  const text = receiptText(fields.text);
  const messageId = fields.receiptedMessageId?.trim() || text.get('id');
  const stateName =
    fields.messageState !== undefined ? STATE_NAMES[fields.messageState] : text.get('stat')?.toUpperCase();
  if (!messageId || !stateName) return undefined;
  const state = STATUS_OF[stateName];
  if (!state) return undefined;
  const err = text.get('err');
  const stat = text.get('stat')?.toUpperCase();
  const detail = `${stat ? `stat:${stat}` : `message_state:${stateName}`}${err ? ` err:${err}` : ''}`;
  return { messageId, state, detail };
}

/** `id:123 sub:001 dlvrd:001 submit date:2612011000 done date:2612011001 stat:DELIVRD err:000 text:…` */
function receiptText(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const beforeText = text.split(/\btext:/i)[0]; // the quoted message may contain anything
  for (const match of beforeText.matchAll(/([a-z ]+?):(\S*)/gi)) {
    fields.set(match[1].trim().toLowerCase(), match[2]);
  }
  return fields;
}
