import { reasonOfStatus, STATUS_CODES } from './status-codes';

describe('STATUS_CODES', () => {
  const cases = STATUS_CODES.flatMap((e) =>
    e.code.startsWith('x.')
      ? [
          [e.code.replace('x', '4'), e.reason, e.meaning] as const,
          [e.code.replace('x', '5'), e.reason, e.meaning] as const,
        ]
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
  it.each(['5.0.0', '4.0.0', '5.7.1', '5.7.0', '5.5.0', '5.2.0', '5.1.0', '4.4.0', '2.0.0'])(
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

  it('returns null without a code', () => {
    expect(reasonOfStatus(null)).toBeNull();
  });
});
