import { limitChart, type LimitChange } from './limit-chart';

const change = (at: string, oldLimit: number, newLimit: number, newStatus = 'active'): LimitChange => ({
  at,
  day: at.slice(0, 10),
  oldLimit,
  newLimit,
  oldStatus: 'active',
  newStatus,
  rule: 'grow',
  reason: 'clean day',
  figures: null,
  actor: 'reputation',
});

describe(limitChart.name, () => {
  const sut = limitChart;

  it('has no chart without changes', () => {
    expect(sut([])).toBeUndefined();
  });

  it('draws the limit as steps from the first change to the last, whatever order they come in', () => {
    const chart = sut([
      change('2026-12-03T00:00:00Z', 1500, 750, 'blocked'),
      change('2026-12-01T00:00:00Z', 1000, 1500),
    ])!;

    expect(chart.max).toBe(1500);
    expect(chart.first).toBe('2026-12-01');
    expect(chart.last).toBe('2026-12-03');
    // x from 24 to 616, y from 156 (0) to 24 (the maximum)
    expect(chart.points).toBe('24.0,68.0 24.0,68.0 24.0,24.0 616.0,24.0 616.0,90.0 616,90.0');
    expect(chart.marks).toEqual([
      { x: 24, y: 24, blocked: false, title: '2026-12-01: 1000 → 1500 (grow) clean day' },
      { x: 616, y: 90, blocked: true, title: '2026-12-03: 1500 → 750 (grow) clean day' },
    ]);
  });

  it('draws one change without dividing by zero', () => {
    const chart = sut([change('2026-12-01T00:00:00Z', 1000, 500)])!;

    expect(chart.marks).toHaveLength(1);
    expect(chart.points).not.toContain('NaN');
  });
});
