import { isHard, REASONS } from './reasons';

describe(isHard.name, () => {
  it.each(['userunknown', 'hostunknown', 'hasmoved'] as const)('is always true for %s', (reason) => {
    expect(isHard(reason, '5.1.1', '550')).toBe(true);
    expect(isHard(reason, '4.1.1', '450')).toBe(true);
    expect(isHard(reason, null, null)).toBe(true);
  });

  it.each([
    ['5.1.10', '550', true],
    [null, null, true],
    ['4.0.0', null, false],
    [null, '421', false],
  ])('is %s for notaccept with status %s and reply %s', (status, reply, hard) => {
    expect(isHard('notaccept', status, reply)).toBe(hard);
  });

  it('is false for every other reason', () => {
    const others = REASONS.filter(
      (r) => !['userunknown', 'hostunknown', 'hasmoved', 'notaccept'].includes(r),
    );
    expect(others.filter((r) => isHard(r, '5.0.0', '550'))).toEqual([]);
  });
});
