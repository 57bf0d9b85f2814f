import { coveringDomain } from '@postroom/ledger';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import type { DkimKey, DkimKeys } from './dkim-keys';

/** The port the sender needs: a raw message in, the message to send out. */
export interface MessageSigner {
  sign(raw: Buffer, fromDomain: string): Promise<Buffer>;
}

/**
 * What a signature covers. List-Unsubscribe-Post must be signed for RFC 8058 one-click to count;
 * Content-Transfer-Encoding only where the message has it (mailauth signs only present fields).
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'To',
  'Subject',
  'Date',
  'Message-ID',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
] as const;

/**
 * DKIM, relaxed/relaxed, with mailauth's signer: it signs RSA and Ed25519 (nodemailer's DKIM
 * module signs RSA only) and, with two keys for a domain, both in one pass over the message
 * (RFC 8463 dual signing: receivers that do not know Ed25519 still verify the RSA one).
 * A From domain without a key of its own is signed with its parent domain's key if there is one
 * (DMARC's relaxed alignment accepts that), else sent unsigned.
 */
export class DkimSigner implements MessageSigner {
  constructor(
    private readonly keys: DkimKeys,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sign(raw: Buffer, fromDomain: string): Promise<Buffer> {
    const keys = this.keysFor(fromDomain);
    if (keys.length === 0) return raw;
    const result = await dkimSign(raw, {
      canonicalization: 'relaxed/relaxed',
      // a colon-separated string: mailauth 4 ignores an array (its typings say string[]) and signs its defaults
      headerList: DKIM_SIGNED_HEADERS.join(':') as unknown as string[],
      signTime: this.now(),
      signatureData: keys.map((k) => ({
        signingDomain: k.domain,
        selector: k.selector,
        privateKey: k.privateKeyPem,
        algorithm: k.algorithm,
      })),
      // fields required by the option type; each signatureData entry sets its own
      signingDomain: keys[0].domain,
      selector: keys[0].selector,
      privateKey: keys[0].privateKeyPem,
    });
    if (result.errors.length > 0) {
      // a key that parsed at start and fails now is a fault, not a reason to send unsigned
      throw new Error(
        `DKIM signing for ${fromDomain} failed: ${result.errors.map((e) => e.message).join('; ')}`,
      );
    }
    return Buffer.concat([Buffer.from(result.signatures, 'latin1'), raw]);
  }

  /** The signing domains and their selectors, as the account view shows them. */
  domains(): Array<{ domain: string; selectors: string[] }> {
    return [...this.keys].map(([domain, keys]) => ({ domain, selectors: keys.map((k) => k.selector) }));
  }

  /** Whether mail from this domain is signed. */
  signs(fromDomain: string): boolean {
    return this.keysFor(fromDomain).length > 0;
  }

  /** The given From domains that go out unsigned: the service warns once at start and flags them. */
  unsignedDomains(fromDomains: Iterable<string>): string[] {
    const unsigned = new Set<string>();
    for (const domain of fromDomains) if (!this.signs(domain)) unsigned.add(domain.toLowerCase());
    return [...unsigned].sort();
  }

  private keysFor(fromDomain: string): readonly DkimKey[] {
    const domain = coveringDomain(fromDomain, this.keys);
    return domain === undefined ? [] : (this.keys.get(domain) ?? []);
  }
}
