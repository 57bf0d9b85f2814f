import { verpAddress, verpTokenIn } from './verp-address';

describe(verpTokenIn.name, () => {
  const domain = 'bounces.postroom.test';

  it('reads back the token of the address the sender writes', () => {
    const token = 'k1.Yi40Mi4uazN4.AbC-_d';

    expect(verpTokenIn(verpAddress(token, domain), domain)).toBe(token);
  });

  it('takes the prefix and the domain in any case, and the token exactly as written', () => {
    expect(verpTokenIn('BOUNCES+k1.AbC.dEf@Bounces.Postroom.TEST', domain)).toBe('k1.AbC.dEf');
  });

  it.each([
    ['another domain', 'bounces+k1.a.b@bounces.attacker.example'],
    ['a subdomain of ours', 'bounces+k1.a.b@x.bounces.postroom.test'],
    ['our domain as a suffix', 'bounces+k1.a.b@evilbounces.postroom.test'],
    ['no token', 'bounces+@bounces.postroom.test'],
    ['no prefix', 'k1.a.b@bounces.postroom.test'],
    ['another prefix', 'bounce+k1.a.b@bounces.postroom.test'],
    ['a quoted local part', '"bounces+k1.a.b"@bounces.postroom.test'],
    ['a second @', 'bounces+k1@x@bounces.postroom.test'],
    ['a space', 'bounces+k1 a@bounces.postroom.test'],
    ['no @', 'bounces+k1.a.b'],
    ['an overlong address', `bounces+${'a'.repeat(400)}@bounces.postroom.test`],
  ])('refuses %s', (_, address) => {
    expect(verpTokenIn(address, domain)).toBeNull();
  });
});
