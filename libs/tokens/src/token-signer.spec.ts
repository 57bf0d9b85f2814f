import { CLOCK_SKEW_MS, TokenSigner } from './token-signer';

describe(TokenSigner.name, () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const sut = new TokenSigner(
    [
      { kid: 'k2', secret: 'second-secret-0123456789' },
      { kid: 'k1', secret: 'first-secret-0123456789' },
    ],
    365,
  );
  const old = new TokenSigner([{ kid: 'k1', secret: 'first-secret-0123456789' }], 365);

  it('round-trips a click token with its kind, delivery and link', () => {
    const token = sut.sign('c', '123456789', '42', now);

    expect(token).toMatch(/^k2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sut.verify(token, now)).toEqual({
      ok: true,
      claims: { kind: 'c', deliveryId: '123456789', linkId: '42', issuedDay: 20785 },
    });
  });

  it('keeps tokens short enough for a URL path', () => {
    expect(sut.sign('o', '9223372036854775807', undefined, now).length).toBeLessThan(70);
  });

  it('verifies tokens signed with an older key that is still listed (rotation)', () => {
    const token = old.sign('o', '7', undefined, now);

    expect(sut.verify(token, now)).toMatchObject({ ok: true, claims: { kind: 'o', deliveryId: '7' } });
  });

  it('refuses a token whose key was dropped', () => {
    const token = sut.sign('o', '7', undefined, now);

    expect(old.verify(token, now)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('refuses a tampered body, a tampered MAC and a swapped key id', () => {
    const token = sut.sign('u', '1000', undefined, now);
    const [kid, body, mac] = token.split('.');
    const otherBody = Buffer.from('u.1001..g1t', 'utf8').toString('base64url');

    expect(sut.verify(`${kid}.${otherBody}.${mac}`, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(sut.verify(`${kid}.${body}.${mac.slice(0, -2)}AA`, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(sut.verify(`k1.${body}.${mac}`, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses another spelling of the same MAC (the spare bits of the last base64url character)', () => {
    const token = sut.sign('u', '1000', undefined, now);
    const last = token[token.length - 1];
    const sibling = 'AQgw'.includes(last)
      ? String.fromCharCode(last.charCodeAt(0) + 1)
      : last === 'B'
        ? 'A'
        : 'A';

    expect(sut.verify(token.slice(0, -1) + sibling, now).ok).toBe(false);
  });

  it('never lets an open token act as an unsubscribe: the kind is signed', () => {
    const open = sut.sign('o', '55', undefined, now);
    const claims = sut.verify(open, now);

    expect(claims.ok && claims.claims.kind).toBe('o');
  });

  it('verifies a token signed before this implementation (node:crypto) took over: same MAC', () => {
    expect(sut.verify('k2.Yy4xMjM0NTY3ODkuNDIuZzFk.dIUG8uGv9KrGhtfxvQVmEA', now)).toEqual({
      ok: true,
      claims: { kind: 'c', deliveryId: '123456789', linkId: '42', issuedDay: 20785 },
    });
  });

  it('refuses a token dated after today, beyond the clock-skew allowance', () => {
    const tomorrow = new Date('2026-11-29T00:00:00Z');
    const token = sut.sign('o', '1', undefined, tomorrow);

    expect(sut.verify(token, new Date(tomorrow.getTime() - CLOCK_SKEW_MS - 1))).toEqual({
      ok: false,
      reason: 'future',
    });
    expect(sut.verify(token, new Date(tomorrow.getTime() - CLOCK_SKEW_MS)).ok).toBe(true);
    expect(sut.verify(sut.sign('o', '1', undefined, new Date('2027-06-01T00:00:00Z')), now)).toEqual({
      ok: false,
      reason: 'future',
    });
  });

  it('expires tokens after the configured days', () => {
    const token = sut.sign('o', '1', undefined, now);
    const later = new Date(now.getTime() + 366 * 86_400_000);

    expect(sut.verify(token, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each(['', 'x', 'a.b', 'a.b.c.d', '../../etc/passwd', 'k2..', `k2.${'A'.repeat(300)}.x`])(
    'refuses the malformed token %j',
    (token) => {
      expect(sut.verify(token, now).ok).toBe(false);
    },
  );

  it('parses TRACKING_KEYS and refuses weak or malformed keys', () => {
    expect(TokenSigner.fromConfig('a1:0123456789abcdef0123, b2:fedcba98765432100123', 30)).toBeInstanceOf(
      TokenSigner,
    );
    expect(() => TokenSigner.fromConfig('nokid', 30)).toThrow('kid:secret');
    expect(() => TokenSigner.fromConfig('a1:short', 30)).toThrow('at least 16');
    expect(() => TokenSigner.fromConfig('', 30)).toThrow('at least one');
  });

  it('refuses a key id listed twice', () => {
    expect(() => TokenSigner.fromConfig('a1:0123456789abcdef0123,a1:fedcba98765432100123', 30)).toThrow(
      'key id a1 is listed twice',
    );
  });
});
