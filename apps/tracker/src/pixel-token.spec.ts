import { pixelToken } from './tracking.controller';

describe(pixelToken.name, () => {
  it('takes the path segment after /o/ and ignores the query', () => {
    expect(pixelToken('/o/k1.abc.def')).toBe('k1.abc.def');
    expect(pixelToken('/o/k1.abc.def?utm=x&url=https://evil.example')).toBe('k1.abc.def');
  });

  it('decodes percent-escapes as the router would, and leaves broken ones to the router', () => {
    expect(pixelToken('/o/k1%2Eabc')).toBe('k1.abc');
    expect(pixelToken('/o/k1%E0%A4%A')).toBeUndefined();
  });

  it('leaves empty tokens and deeper paths to the router', () => {
    expect(pixelToken('/o/')).toBeUndefined();
    expect(pixelToken('/o/?x=1')).toBeUndefined();
    expect(pixelToken('/o/a/b')).toBeUndefined();
    expect(pixelToken('/o/a%2Fb')).toBeUndefined();
  });
});
