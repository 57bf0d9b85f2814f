import { reasonOfStatus, STATUS_CODES } from './status-codes';

describe('STATUS_CODES', () => {
  // a full code of the table ("4.4.1") speaks for its class over the class-free entry ("x.4.1")
  const exact = new Set(STATUS_CODES.map((e) => e.code));
  const cases = STATUS_CODES.flatMap((e) =>
    e.code.startsWith('x.')
      ? ['4', '5']
          .map((c) => e.code.replace('x', c))
          .filter((code) => !exact.has(code))
          .map((code) => [code, e.reason, e.meaning] as const)
      : [[e.code, e.reason, e.meaning] as const],
  );

  it.each(cases)('reads %s as %s (%s)', (code, reason) => {
    expect(reasonOfStatus(code)).toBe(reason);
  });

  it('lists each code once', () => {
    const codes = STATUS_CODES.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe(reasonOfStatus.name, () => {
  it.each(['5.0.0', '4.0.0', '5.7.1', '5.7.0', '5.5.0', '4.2.0', '5.1.0', '4.4.0', '2.0.0'])(
    'leaves the generic %s to the wording',
    (code) => {
      expect(reasonOfStatus(code)).toBeNull();
    },
  );

  it('reads the whole Microsoft block-list range 5.7.606-5.7.649 as blocked', () => {
    expect(reasonOfStatus('5.7.606')).toBe('blocked');
    expect(reasonOfStatus('5.7.649')).toBe('blocked');
    expect(reasonOfStatus('5.7.650')).toBeNull();
  });

  it('reads a failed 4.4.1 as the queue giving up, and the class-free x.4.1 as a network error', () => {
    expect(reasonOfStatus('4.4.1')).toBe('expired');
    expect(reasonOfStatus('5.4.1')).toBe('networkerror');
  });

  it('returns null without a code', () => {
    expect(reasonOfStatus(null)).toBeNull();
  });
});
