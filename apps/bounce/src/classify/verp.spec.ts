import { verpTokenOf } from './verp';

describe(verpTokenOf.name, () => {
  it.each([
    ['bounces+42@bounces.postroom.test', '42'],
    ['BOUNCES+42@Bounces.Postroom.Test', '42'],
    ['<bounces+9001@bounces.postroom.test>', '9001'],
    ['Postroom <bounces+42.x7Fq-Zt_9=@bounces.postroom.test>', '42.x7Fq-Zt_9='],
    ['  bounces+42@bounces.postroom.test  ', '42'],
  ])('reads the token of %s', (address, token) => {
    expect(verpTokenOf(address)).toBe(token);
  });

  it.each([
    ['an ordinary address', 'news@shop.example'],
    ['a return path without a token', 'bounces@bounces.postroom.test'],
    ['an empty token', 'bounces+@bounces.postroom.test'],
    ['another prefix', 'bounce+42@bounces.postroom.test'],
    ['a token with a space', 'bounces+4 2@bounces.postroom.test'],
    ['a token with markup', 'bounces+<script>@bounces.postroom.test'],
    ['no domain', 'bounces+42@'],
    ['a token over 200 characters', `bounces+${'a'.repeat(201)}@bounces.postroom.test`],
    ['nothing', ''],
  ])('returns null for %s', (_, address) => {
    expect(verpTokenOf(address)).toBeNull();
  });

  it('returns null for null and undefined', () => {
    expect(verpTokenOf(null)).toBeNull();
    expect(verpTokenOf(undefined)).toBeNull();
  });
});
