import { TokenSigner, verpAddress } from '@postroom/tokens';
import { judgeRecipient, type GateSettings } from './recipient-gate';

describe(judgeRecipient.name, () => {
  const now = new Date('2031-03-14T09:00:00Z');
  const DOMAIN = 'bounces.postroom.test';
  const signer = new TokenSigner([{ kid: 'k1', secret: 'our-secret-0123456789' }], 365);
  const settings: GateSettings = { bounceDomain: DOMAIN, fblAddress: 'fbl@bounces.postroom.test', signer };
  const judge = (address: string | undefined) => judgeRecipient(address, settings, now);
  const verp = (token: string) => verpAddress(token, DOMAIN);

  it('binds a return path signed by us to its delivery', () => {
    expect(judge(verp(signer.sign('b', '42', undefined, now)))).toEqual({ kind: 'verp', deliveryId: '42' });
  });

  it('takes the prefix and the domain in any case, and in angle brackets', () => {
    const token = signer.sign('b', '42', undefined, now);

    expect(judge(`BOUNCES+${token}@BOUNCES.Postroom.Test`)).toEqual({ kind: 'verp', deliveryId: '42' });
    expect(judge(`<${verp(token)}>`)).toEqual({ kind: 'verp', deliveryId: '42' });
  });

  it('knows the feedback-loop address, in any case', () => {
    expect(judge('FBL@Bounces.Postroom.Test')).toEqual({ kind: 'fbl' });
  });

  it.each(['o', 'c', 'u'] as const)(
    "refuses a valid '%s' token from a mail body used as a return path",
    (kind) => {
      const token = signer.sign(kind, '42', kind === 'c' ? '3' : undefined, now);

      expect(judge(verp(token))).toEqual({
        kind: 'stranger',
        why: `VERP token refused: a '${kind}' token, not a return path`,
      });
    },
  );

  it('refuses an expired return path', () => {
    const old = signer.sign('b', '42', undefined, new Date('2030-01-01T00:00:00Z'));

    expect(judge(verp(old))).toEqual({ kind: 'stranger', why: 'VERP token refused: expired' });
  });

  it("refuses another deployment's token, even under our key id", () => {
    const theirs = new TokenSigner([{ kid: 'k1', secret: 'their-secret-0123456789' }], 365);

    expect(judge(verp(theirs.sign('b', '42', undefined, now)))).toEqual({
      kind: 'stranger',
      why: 'VERP token refused: bad-signature',
    });
  });

  it('refuses a token whose case was changed, whichever way', () => {
    const token = signer.sign('b', '42', undefined, now);

    for (const changed of [token.toUpperCase(), token.toLowerCase()]) {
      expect(judge(verp(changed))).toMatchObject({ kind: 'stranger' });
    }
  });

  it.each([
    ['a made-up token', verp('k1.AAAA.BBBB')],
    ['a bare delivery id', verp('42')],
    ['a good token on another domain', `bounces+${signer.sign('b', '42', undefined, now)}@attacker.example`],
    ['an ordinary address of our domain', `postmaster@${DOMAIN}`],
    ['nothing', ''],
    ['no recipient at all', undefined],
  ])('refuses %s', (_, address) => {
    expect(judge(address)).toMatchObject({ kind: 'stranger' });
  });
});
