import { isUnguessableMessageId, newMessageId } from './message-id';

describe(newMessageId.name, () => {
  it('holds 128 random bits and nothing else of ours', () => {
    const ids = Array.from({ length: 200 }, () => newMessageId('mail.postroom.test'));

    for (const id of ids) expect(id).toMatch(/^<[0-9a-f]{32}@mail\.postroom\.test>$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never hands out the same random bytes twice, across refills of its pool', () => {
    // 1000 ids use 16,000 bytes: the 4 KB pool is drawn four times over
    const hex = Array.from({ length: 1000 }, () => /^<([0-9a-f]{32})@/.exec(newMessageId('p.test'))![1]);

    expect(new Set(hex).size).toBe(1000);
    // and no stretch of the pool is left unfilled: 32,000 hex digits, each of the 16 about 2,000 times
    const counts = new Map<string, number>();
    for (const c of hex.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expect(n).toBeGreaterThan(1500);
  });
});

describe(isUnguessableMessageId.name, () => {
  it('accepts the ids the sender writes', () => {
    expect(isUnguessableMessageId(newMessageId('b.postroom.test'))).toBe(true);
  });

  it.each([
    ['the old form with a delivery id and 48 random bits', '<42.a1b2c3d4e5f6@b.postroom.test>'],
    ['fewer than 128 bits', `<${'a'.repeat(31)}@b.postroom.test>`],
    ['upper-case hex (never written by us)', `<${'A'.repeat(32)}@b.postroom.test>`],
    ['no angle brackets', `${'a'.repeat(32)}@b.postroom.test`],
    ['no domain', `<${'a'.repeat(32)}>`],
    ['someone else’s id', '<CAF=x7Fq@mail.gmail.com>'],
  ])('refuses %s', (_, id) => {
    expect(isUnguessableMessageId(id)).toBe(false);
  });
});
