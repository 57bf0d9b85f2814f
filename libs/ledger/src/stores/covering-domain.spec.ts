import { coveringDomain } from './signing-domain-store';

describe(coveringDomain.name, () => {
  const signed = new Set(['shop.example', 'mail.other.example']);

  it.each([
    ['shop.example', 'shop.example'],
    ['News.Shop.Example.', 'shop.example'],
    ['a.b.shop.example', 'shop.example'],
    ['mail.other.example', 'mail.other.example'],
    ['other.example', undefined],
    ['example', undefined],
    ['notshop.example', undefined],
  ])('%s is signed by %s', (domain, expected) => {
    expect(coveringDomain(domain, signed)).toBe(expected);
  });
});
