import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import { DkimSigner } from './dkim-signer';
import { DkimTransport } from './dkim-transport';
import { UnsignedDomains } from './unsigned-domains';

class RecordingTransport implements MailTransport {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail): Promise<TransportResult> {
    this.sent.push(mail);
    return { kind: 'accepted', reply: '250 ok' };
  }
  async close(): Promise<void> {}
}

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const RAW = Buffer.from('From: a@shop.example\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\r\n');

function setup() {
  const inner = new RecordingTransport();
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  const signer = new DkimSigner(
    new Map([
      [
        'shop.example',
        [
          {
            domain: 'shop.example',
            selector: 's1',
            algorithm: 'ed25519-sha256' as const,
            privateKeyPem: pem,
            file: '/k.pem',
          },
        ],
      ],
    ]),
    () => new Date('2026-12-01T09:00:00Z'),
  );
  return { inner, lines, sut: new DkimTransport(inner, signer, new UnsignedDomains(logger)) };
}

describe(DkimTransport.name, () => {
  it('signs a keyed domain’s message in front of its bytes, which it leaves as they were', async () => {
    const { inner, sut } = setup();

    await sut.send({ envelopeFrom: 'b@x', to: 'b@example.com', raw: RAW, fromDomain: 'news.shop.example' });

    const sent = inner.sent[0].raw.toString('latin1');
    expect(sent).toMatch(/^DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed\/relaxed; d=shop.example;/);
    expect(sent).toMatch(/ s=s1; /);
    expect(sent.endsWith(RAW.toString('latin1'))).toBe(true);
  });

  it('sends an unkeyed domain unsigned and warns once per domain', async () => {
    const { inner, lines, sut } = setup();
    for (const fromDomain of ['plain.example', 'plain.example', 'other.example', 'plain.example'])
      await sut.send({ envelopeFrom: 'b@x', to: 'b@example.com', raw: RAW, fromDomain });

    expect(inner.sent.map((m) => m.raw)).toEqual([RAW, RAW, RAW, RAW]);
    expect(lines.map((l) => (JSON.parse(l) as { unsignedDomains: string[] }).unsignedDomains)).toEqual([
      ['plain.example'],
      ['other.example'],
    ]);
  });

  it('passes a message without a From domain (a notice) through as it is', async () => {
    const { inner, lines, sut } = setup();

    await sut.send({ envelopeFrom: '', to: 'b@example.com', raw: RAW });

    expect(inner.sent[0].raw).toBe(RAW);
    expect(lines).toEqual([]);
  });
});
