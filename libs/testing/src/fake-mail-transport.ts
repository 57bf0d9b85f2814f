import type { MailTransport, OutgoingMail, TransportResult } from '@postroom/messaging';

/**
 * A MailTransport for unit tests: records every message it is given and answers 250, or the
 * SMTP code it was told to answer for a recipient (`answer('x@y.example', 550)`). Real SMTP is
 * met in the integration tier (smtp-capture, smtp-sink).
 */
export class FakeMailTransport implements MailTransport {
  readonly sent: OutgoingMail[] = [];
  closed = false;
  private readonly answers = new Map<string, { code: number; reply: string }>();

  /** From now on, `to` is answered with `code` (and `reply`, by default `<code> test answer`). */
  answer(to: string, code: number, reply = `${code} test answer`): this {
    this.answers.set(to.toLowerCase(), { code, reply });
    return this;
  }

  async send(mail: OutgoingMail): Promise<TransportResult> {
    this.sent.push(mail);
    const told = this.answers.get(mail.to.toLowerCase());
    if (!told || told.code === 250) return { kind: 'accepted', reply: told?.reply ?? '250 2.0.0 ok' };
    return { kind: 'refused', code: told.code, reply: told.reply, bodySent: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The recipients of what was sent, in order. */
  recipients(): string[] {
    return this.sent.map((m) => m.to);
  }
}
