import { faultFailed, tallyFault } from './fault-tally';

describe(tallyFault.name, () => {
  it('counts duplicates, lost, unaccounted, stuck and unknown deliveries', () => {
    const rows = [
      { email: 'a@x', status: 'sent' }, // received once: fine
      { email: 'b@x', status: 'sent' }, // never received: lost
      { email: 'c@x', status: 'unknown' }, // dropped after the body: honest
      { email: 'd@x', status: 'retrying' }, // received but recorded as not sent: unaccounted, and stuck
      { email: 'e@x', status: 'sent' }, // received twice: a duplicate
    ];
    const received = new Map([
      ['a@x', 1],
      ['c@x', 1],
      ['d@x', 1],
      ['e@x', 2],
    ]);

    const sut = tallyFault(rows, received);

    expect(sut).toEqual({ duplicates: 1, lost: 1, unaccounted: 1, stuck: 1, unknown: 1, sent: 3 });
    expect(faultFailed(sut)).toBe(true);
  });

  it('passes a run with unknowns and nothing else wrong', () => {
    const sut = tallyFault(
      [
        { email: 'a@x', status: 'sent' },
        { email: 'b@x', status: 'unknown' },
      ],
      new Map([['a@x', 1]]),
    );

    expect(faultFailed(sut)).toBe(false);
  });
});
