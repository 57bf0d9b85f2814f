import { TokenSigner } from '@postroom/tokens';
import { judgeOpens } from './judge-opens';
import { emptyRawOpens, type RawOpens } from './thread-messages';

const signer = new TokenSigner([{ kid: 'k1', secret: 'a-secret-of-enough-length' }], 30);
const now = new Date('2026-11-28T12:00:00Z');
const MAIL_CLIENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';

function opens(...rows: [token: string, head?: boolean, purpose?: string, userAgent?: string][]): RawOpens {
  const o = emptyRawOpens();
  for (const [token, head = false, purpose, userAgent = MAIL_CLIENT] of rows) {
    o.tokens.push(token);
    o.at.push(now.getTime());
    o.head.push(head);
    o.purposes.push(purpose);
    o.userAgents.push(userAgent);
  }
  return o;
}

describe(judgeOpens.name, () => {
  it('makes one open event per valid token, in order, with the time and user agent the route saw', () => {
    const sut = judgeOpens(
      opens([signer.sign('o', '7', undefined, now)], [signer.sign('o', '8', undefined, now)]),
      signer,
    );

    expect(sut).toMatchObject({ human: 2, machine: 0, invalid: 0 });
    expect(sut.events).toEqual([
      { deliveryId: '7', kind: 'open', at: now, machineReason: undefined, userAgent: MAIL_CLIENT },
      { deliveryId: '8', kind: 'open', at: now, machineReason: undefined, userAgent: MAIL_CLIENT },
    ]);
  });

  it('counts tampered, unknown, expired, future and non-open tokens as invalid and records nothing for them', () => {
    const open = signer.sign('o', '7', undefined, now);
    const tampered = open.slice(0, -1) + (open.endsWith('A') ? 'B' : 'A');
    const expired = signer.sign('o', '7', undefined, new Date('2026-01-01T00:00:00Z'));
    const future = signer.sign('o', '7', undefined, new Date('2026-12-01T00:00:00Z'));
    const unsubscribe = signer.sign('u', '7', undefined, now);

    const sut = judgeOpens(opens([tampered], ['junk'], [expired], [future], [unsubscribe], ['']), signer);

    expect(sut).toEqual({ events: [], human: 0, machine: 0, invalid: 6 });
  });

  it('flags HEAD, prefetch and known scanners as machine opens with the reason, and keeps them', () => {
    const token = signer.sign('o', '7', undefined, now);

    const sut = judgeOpens(
      opens(
        [token, true],
        [token, false, 'prefetch'],
        [token, false, undefined, 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html'],
      ),
      signer,
    );

    expect(sut).toMatchObject({ human: 0, machine: 3, invalid: 0 });
    expect(sut.events.map((e) => e.machineReason)).toEqual([
      'head-request',
      'prefetch',
      'privacy-proxy: Yahoo Mail proxy',
    ]);
  });

  it('flags Apple Mail Privacy Protection by its bare user agent, or Mail from Apple’s relay ranges', () => {
    const token = signer.sign('o', '7', undefined, now);
    const o = opens([token, false, undefined, 'Mozilla/5.0'], [token, false, undefined, undefined]);
    o.ips.push('198.51.100.7', '17.58.63.1');

    const sut = judgeOpens(o, signer);

    expect(sut.events.map((e) => e.machineReason)).toEqual([
      'privacy-proxy: Apple Mail Privacy Protection',
      'privacy-proxy: Apple Mail Privacy Protection',
    ]);
  });

  it('keeps Gmail’s image proxy a human open: Gmail fetches the images when the reader opens the message', () => {
    const token = signer.sign('o', '7', undefined, now);
    const o = opens([
      token,
      false,
      undefined,
      'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    ]);
    o.ips.push('66.249.84.1');

    expect(judgeOpens(o, signer)).toMatchObject({ human: 1, machine: 0 });
  });
});
