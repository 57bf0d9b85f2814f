import { addDays, plannedDays } from './planned-days';

const MONDAY = '2026-11-30';

describe(plannedDays.name, () => {
  const sut = plannedDays;

  it('spreads the issue example, 2,500 at a limit of 1000, over three days', () => {
    expect(sut(MONDAY, 1000, 1000, 2500)).toEqual([
      { day: '2026-11-30', count: 1000 },
      { day: '2026-12-01', count: 1000 },
      { day: '2026-12-02', count: 500 },
    ]);
  });

  it('fills what is left of today first, then the limit a day', () => {
    expect(sut(MONDAY, 300, 1000, 2500)).toEqual([
      { day: '2026-11-30', count: 300 },
      { day: '2026-12-01', count: 1000 },
      { day: '2026-12-02', count: 1000 },
      { day: '2026-12-03', count: 200 },
    ]);
  });

  it('starts tomorrow when nothing is left of today', () => {
    expect(sut(MONDAY, 0, 1000, 1500)).toEqual([
      { day: '2026-12-01', count: 1000 },
      { day: '2026-12-02', count: 500 },
    ]);
  });

  it('treats an overspent today as nothing left', () => {
    expect(sut(MONDAY, -20, 1000, 10)).toEqual([{ day: '2026-12-01', count: 10 }]);
  });

  it('plans nothing when nothing waits', () => {
    expect(sut(MONDAY, 1000, 1000, 0)).toEqual([]);
    expect(sut(MONDAY, 0, 1000, 0)).toEqual([]);
  });

  it('plans everything today when it fits in what is left', () => {
    expect(sut(MONDAY, 1000, 1000, 400)).toEqual([{ day: MONDAY, count: 400 }]);
  });

  it('plans one day when the limit is larger than what waits', () => {
    expect(sut(MONDAY, 0, 50_000, 1200)).toEqual([{ day: '2026-12-01', count: 1200 }]);
  });

  it('plans only today when the limit is zero', () => {
    expect(sut(MONDAY, 100, 0, 1000)).toEqual([{ day: MONDAY, count: 100 }]);
  });

  it('lists at most 60 days by default', () => {
    const days = sut(MONDAY, 0, 100, 1_000_000);

    expect(days).toHaveLength(60);
    expect(days[0]).toEqual({ day: '2026-12-01', count: 100 });
    expect(days[59]).toEqual({ day: '2027-01-29', count: 100 });
  });

  it('lists at most maxDays days, today included', () => {
    expect(sut(MONDAY, 10, 100, 1000, 3)).toEqual([
      { day: '2026-11-30', count: 10 },
      { day: '2026-12-01', count: 100 },
      { day: '2026-12-02', count: 100 },
    ]);
  });

  it('never plans more than waits, and plans all of it when the days suffice', () => {
    const days = sut(MONDAY, 333, 777, 10_000);

    expect(days.reduce((sum, d) => sum + d.count, 0)).toBe(10_000);
    expect(days.every((d) => d.count > 0 && d.count <= 777)).toBe(true);
  });
});

describe(addDays.name, () => {
  it.each([
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-04-30', 1, '2026-05-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-12-30', 3, '2027-01-02'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2024-02-29', 365, '2025-02-28'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-11-30', 0, '2026-11-30'],
  ])('%s plus %i days is %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it('counts calendar days across a DST change, which local time would make 23 or 25 hours', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
  });
});
