import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import type { DkimSigner } from './dkim-signer';
import type { UnsignedDomains } from './unsigned-domains';

/**
 * A mail transport that signs before it sends: the message is compiled first (DESIGN.md §8),
 * then signed over its final bytes for its From domain, then handed to the inner transport
 * (the SMTP pool) as `raw`. A domain without a key goes out as it came, with one warning.
 */
export class DkimTransport implements MailTransport {
  constructor(
    private readonly inner: MailTransport,
    private readonly signer: DkimSigner,
    private readonly unsigned: UnsignedDomains,
  ) {}

  async send(mail: OutgoingMail): Promise<TransportResult> {
    if (!mail.fromDomain) return this.inner.send(mail);
    if (!this.signer.signs(mail.fromDomain)) {
      this.unsigned.note([mail.fromDomain]);
      return this.inner.send(mail);
    }
    return this.inner.send({ ...mail, raw: await this.signer.sign(mail.raw, mail.fromDomain) });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
