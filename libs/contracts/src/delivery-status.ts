/**
 * A delivery's life (DESIGN §3). Statuses change only forward, by guarded updates.
 * Stored as text in the ledger: never rename a value.
 */
export const DeliveryStatus = {
  Queued: 'queued',
  Deferred: 'deferred',
  Suppressed: 'suppressed',
  Dispatched: 'dispatched',
  /** Dispatched while its account was blocked: waits for an operator's unblock. */
  Held: 'held',
  Sending: 'sending',
  Retrying: 'retrying',
  Sent: 'sent',
  Bounced: 'bounced',
  Failed: 'failed',
  /** The body was sent but the server's reply never came: never resent automatically. */
  Unknown: 'unknown',
  /** Its campaign was cancelled before it was sent: ends here, never sent. */
  Cancelled: 'cancelled',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];
