import { FakeClock } from '@postroom/runtime';
import { CachedMxLookup } from './cached-mx-lookup';
import type { MxLookup } from './direct.transport';
import type { MxResolution } from './mx-resolver';

const targets: MxResolution = {
  kind: 'targets',
  domain: 'shop.test',
  targets: [{ host: 'mx.shop.test', preference: 10, addresses: ['192.0.2.1'] }],
  implicit: false,
};

class CountingLookup implements MxLookup {
  asked = 0;
  constructor(public answer: MxResolution) {}
  async resolve(): Promise<MxResolution> {
    this.asked++;
    return this.answer;
  }
}

describe(CachedMxLookup.name, () => {
  it('asks DNS once per domain within the TTL, concurrent lookups included, and again after it', async () => {
    const clock = new FakeClock(new Date('2030-01-01T00:00:00Z'));
    const inner = new CountingLookup(targets);
    const sut = new CachedMxLookup(inner, clock, 60_000);

    await Promise.all([sut.resolve('shop.test'), sut.resolve('shop.test'), sut.resolve('shop.test')]);
    await sut.resolve('shop.test');
    expect(inner.asked).toBe(1);

    clock.set('2030-01-01T00:01:01Z');
    expect(await sut.resolve('shop.test')).toBe(targets);
    expect(inner.asked).toBe(2);
  });

  it('never remembers a temporary failure: the next send asks again', async () => {
    const clock = new FakeClock(new Date('2030-01-01T00:00:00Z'));
    const inner = new CountingLookup({ kind: 'temporary', domain: 'shop.test', detail: 'ETIMEOUT' });
    const sut = new CachedMxLookup(inner, clock);

    await sut.resolve('shop.test');
    inner.answer = targets;

    expect(await sut.resolve('shop.test')).toBe(targets);
    expect(inner.asked).toBe(2);
  });
});
