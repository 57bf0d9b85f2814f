import { BurstDetector, machineReason, USER_AGENT_RULES, userAgentRule } from './machine-detection';

const browser =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15';

describe('machineReason', () => {
  it.each(USER_AGENT_RULES.map((r) => [r.name, r] as const))(
    'recognises %s by its example user agent',
    (_name, rule) => {
      expect(userAgentRule(rule.example)).toBe(rule);
      expect(machineReason({ method: 'GET', headers: { 'user-agent': rule.example } })).toBe(
        `${rule.kind}: ${rule.name}`,
      );
    },
  );

  it('takes an ordinary browser for a person', () => {
    expect(machineReason({ method: 'GET', headers: { 'user-agent': browser } })).toBeUndefined();
  });

  it('flags HEAD requests and prefetches', () => {
    expect(machineReason({ method: 'HEAD', headers: { 'user-agent': browser } })).toBe('head-request');
    expect(machineReason({ method: 'GET', headers: { 'user-agent': browser, purpose: 'prefetch' } })).toBe(
      'prefetch',
    );
    expect(
      machineReason({
        method: 'GET',
        headers: { 'user-agent': browser, 'sec-purpose': 'prefetch;prerender' },
      }),
    ).toBe('prefetch');
  });
});

describe(BurstDetector.name, () => {
  it('calls clicks on two links within a second a burst, and slower clicks not', () => {
    const sut = new BurstDetector();

    expect(sut.observe('1', 1000, '10')).toBe(false);
    expect(sut.observe('1', 1400, '11')).toBe(true);
    expect(sut.observe('2', 1000, '10')).toBe(false);
    expect(sut.observe('2', 2500, '11')).toBe(false);
    expect(sut.observe('3', 1000)).toBe(false);
    expect(sut.observe('3', 1001, '10')).toBe(false);
  });
});
