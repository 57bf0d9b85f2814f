/** One message to one recipient, already rendered to RFC 5322 bytes. */
export interface OutgoingMail {
  readonly envelopeFrom: string;
  readonly to: string;
  readonly raw: Buffer;
  /**
   * The Message-ID the raw message already carries: handed to nodemailer so that it does not
   * make (and throw away) one of its own for every message.
   */
  readonly messageId?: string;
  /** The From address's domain: a DKIM-signing transport signs with its key (absent: unsigned). */
  readonly fromDomain?: string;
  /** The campaign it belongs to (error notices have none): where a provider's throttling is reported. */
  readonly campaignId?: string;
}

/** What the receiving server said, or why we cannot know. */
export type TransportResult =
  /** The server accepted the message: the final 250 after DATA. */
  | { kind: 'accepted'; reply: string }
  /** The server answered with an error code, at any step; `bodySent`: after the body (final reply). */
  | { kind: 'refused'; code: number; reply: string; bodySent: boolean }
  /**
   * The message never left (connection refused, dropped before the body, timeout before DATA, its
   * provider group paused); `retryAt`: not worth trying before then.
   */
  | { kind: 'not-sent'; reason: string; retryAt?: Date }
  /** The body was handed over, but no reply came: it may or may not have arrived. */
  | { kind: 'unknown'; reason: string };

/**
 * The narrow port the sender needs from a mail transport (STYLE.md §5). It lives in a lib so the
 * test fakes in libs/testing can implement it (libs never import apps).
 */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<TransportResult>;
  close(): Promise<void>;
}
