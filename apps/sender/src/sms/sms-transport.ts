/** One SMS to send. `to` is E.164; `from` an E.164 number, a short code or an alphanumeric sender (≤ 11). */
export interface SmsMessage {
  readonly to: string;
  readonly from: string;
  readonly text: string;
  /** The caller's id for this message (the delivery id), for logs and the catcher. */
  readonly reference: string;
}

export type SmsResult =
  /** The SMS centre took every segment; one message id per segment, in order. */
  | {
      readonly kind: 'accepted';
      readonly messageId: string;
      readonly messageIds: readonly string[];
      readonly segments: number;
    }
  /** The SMS centre said no. `permanent`: sending again will not help (bad number, barred, bad content). */
  | {
      readonly kind: 'refused';
      readonly status: string;
      readonly permanent: boolean;
      readonly segmentsSent: number;
    }
  /** Too fast (ESME_RTHROTTLED) or the SMS centre's queue is full (ESME_RMSGQFUL): nothing went; back off and send again. */
  | { readonly kind: 'throttled'; readonly status: 'ESME_RTHROTTLED' | 'ESME_RMSGQFUL' }
  /** Nothing left: no bind to the SMS centre right now. Safe to send again. */
  | { readonly kind: 'not-sent'; readonly reason: string }
  /**
   * A submit_sm went out but its answer never came (the bind dropped or timed out): the SMS centre
   * may have it. Like email's `unknown`, the ledger must not resend it blindly.
   */
  | { readonly kind: 'unknown'; readonly reason: string; readonly segmentsSent: number };

export interface DeliveryReceipt {
  /** The SMS centre's message id, as `accepted.messageIds` had it. */
  readonly messageId: string;
  readonly state: 'delivered' | 'failed';
  /** What the SMS centre said: `stat:UNDELIV err:001`, or the TLV message_state. */
  readonly detail: string;
}

/** A mobile-originated message (a reply), e.g. "STOP". */
export interface InboundSms {
  readonly from: string;
  readonly to: string;
  readonly text: string;
}

/** The sender's port to an SMS centre. */
export interface SmsTransport {
  send(message: SmsMessage): Promise<SmsResult>;
  onReceipt(listener: (receipt: DeliveryReceipt) => void): void;
  onInbound(listener: (message: InboundSms) => void): void;
  close(): Promise<void>;
}
