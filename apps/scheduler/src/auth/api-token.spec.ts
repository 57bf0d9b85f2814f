import { bearerToken, MAX_TOKEN_LENGTH, newTokenValue, tokenDigest } from './api-token';

describe(bearerToken.name, () => {
  const token = newTokenValue();

  it('reads the token of a Bearer header, the scheme in any case', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`BEARER  ${token}`)).toBe(token);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${token}`],
    ['no token', 'Bearer '],
    ['two words', `Bearer ${token} extra`],
    ['a control character', `Bearer ${token}\u0000`],
    ['non-ASCII', `Bearer ${token}é`],
    ['a token too long to be ours', `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`],
    ['a huge header', `Bearer ${'a'.repeat(100_000)}`],
  ])('finds nothing in %s', (_what, header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});

describe(newTokenValue.name, () => {
  it('makes 256-bit tokens with a prefix, never the same twice', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newTokenValue()));

    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(t).toMatch(/^prt_[A-Za-z0-9_-]{43}$/);
  });

  it('is stored as its SHA-256 (FIPS 180-2 vector)', () => {
    expect(tokenDigest('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
