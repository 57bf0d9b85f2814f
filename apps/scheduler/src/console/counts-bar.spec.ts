import { countsBar } from './counts-bar';

const none = { read: 0, read_machine: 0, clicked: 0, complained: 0, unsubscribed: 0 };

describe(countsBar.name, () => {
  const sut = countsBar;

  it('groups the statuses and lays them end to end over the whole bar', () => {
    const bar = sut({ sent: 6, queued: 2, dispatched: 1, sending: 1 }, none);

    expect(bar.total).toBe(10);
    const drawn = bar.statuses.filter((s) => s.n > 0);
    expect(drawn.map((s) => [s.key, s.n, s.x, s.width])).toEqual([
      ['sent', 6, 0, 600],
      ['queued', 2, 600, 200],
      ['sending', 2, 800, 200],
    ]);
    expect(bar.moving).toBe(true);
  });

  it('lists every status, those nobody is in with 0, and one it does not know by its name', () => {
    const bar = sut({ sent: 1, someday: 1 }, none);

    expect(bar.statuses.map((s) => s.key)).toEqual([
      'sent',
      'queued',
      'sending',
      'deferred',
      'held',
      'bounced',
      'failed',
      'suppressed',
      'unknown',
      'cancelled',
      'other',
    ]);
    expect(bar.statuses.find((s) => s.key === 'other')).toMatchObject({ label: 'someday', n: 1, x: 500 });
  });

  it('measures what recipients did against the sent count, one row each', () => {
    const bar = sut(
      { sent: 200, bounced: 50 },
      { read: 50, read_machine: 20, clicked: 10, complained: 2, unsubscribed: 1 },
    );

    expect(bar.engagement.map((e) => [e.key, e.n, e.width, e.y])).toEqual([
      ['read', 50, 250, 0],
      ['read_machine', 20, 100, 12],
      ['clicked', 10, 50, 24],
      ['complained', 2, 10, 36],
      ['unsubscribed', 1, 5, 48],
    ]);
    expect(bar.moving).toBe(false);
  });

  it('draws nothing for an empty campaign and says it is not moving', () => {
    const bar = sut({}, none);

    expect(bar.total).toBe(0);
    expect(bar.statuses.every((s) => s.width === 0)).toBe(true);
    expect(bar.engagement.every((s) => s.width === 0)).toBe(true);
    expect(bar.moving).toBe(false);
  });

  it('keeps the deferred days and keeps polling while deliveries are deferred', () => {
    const days = [{ day: '2026-12-02', n: 5 }];
    const bar = sut({ sent: 5, deferred: 5 }, none, days);

    expect(bar.deferredDays).toEqual(days);
    expect(bar.moving).toBe(true);
  });
});
