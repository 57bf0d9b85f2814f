import fc from 'fast-check';
import {
  blockReason,
  clampLimit,
  decideDayClose,
  rates,
  type Counts,
  type DayCloseInput,
  type ReputationSettings,
} from './limit-rules';

const RUNS = 1000;

/** The defaults (libs/config reputationEnv). */
function settings(overrides: Partial<ReputationSettings> = {}): ReputationSettings {
  return {
    minLimit: 100,
    maxLimit: 50_000,
    growFactor: 1.5,
    shrinkFactor: 0.5,
    growMinUsage: 0.8,
    growMaxComplaintRate: 0.001,
    growMaxHardBounceRate: 0.02,
    shrinkComplaintRate: 0.003,
    shrinkHardBounceRate: 0.05,
    blockComplaintRate: 0.01,
    blockHardBounceRate: 0.1,
    blockMinDeliveries: 100,
    ...overrides,
  };
}

function counts(delivered: number, hardBounced = 0, complaints = 0): Counts {
  return { delivered, hardBounced, complaints };
}

/** A clean, fully used day of an active account with a 1000 limit, in a clean 7-day window. */
function dayClose(overrides: Partial<DayCloseInput> = {}): DayCloseInput {
  return {
    status: 'active',
    limit: 1000,
    used: 1000,
    day: counts(1000),
    window: counts(7000),
    ...overrides,
  };
}

/** The same figures for the closing day and the window, as on an account's first day. */
function firstDay(figures: Counts, overrides: Partial<DayCloseInput> = {}): DayCloseInput {
  return dayClose({ day: figures, window: figures, ...overrides });
}

describe(rates.name, () => {
  it('gives zero rates when nothing was delivered', () => {
    expect(rates(counts(0))).toEqual({ attempted: 0, complaintRate: 0, hardBounceRate: 0 });
  });

  it('counts complaints against delivered emails only', () => {
    expect(rates(counts(900, 100, 9)).complaintRate).toBe(0.01);
  });

  it('counts hard bounces against everything attempted', () => {
    expect(rates(counts(900, 100, 9))).toMatchObject({ attempted: 1000, hardBounceRate: 0.1 });
  });

  it('treats complaints with nothing delivered as a 100% complaint rate', () => {
    expect(rates(counts(0, 0, 2)).complaintRate).toBe(1);
  });

  it('treats only hard bounces as a 100% hard-bounce rate', () => {
    expect(rates(counts(0, 5))).toEqual({ attempted: 5, complaintRate: 0, hardBounceRate: 1 });
  });
});

describe(clampLimit.name, () => {
  const s = settings();

  it('keeps a limit inside the bounds', () => {
    expect(clampLimit(1000, s)).toBe(1000);
  });

  it('rounds down to a whole number of emails', () => {
    expect(clampLimit(1000.9, s)).toBe(1000);
  });

  it.each([
    [0, 100],
    [99, 100],
    [100, 100],
    [50_000, 50_000],
    [50_001, 50_000],
    [Number.POSITIVE_INFINITY, 50_000],
  ])('clamps %d to %d', (limit, expected) => {
    expect(clampLimit(limit, s)).toBe(expected);
  });
});

describe(blockReason.name, () => {
  const s = settings();

  it('does not block clean figures', () => {
    expect(blockReason(counts(7000, 10, 3), s)).toBeUndefined();
  });

  it('blocks at exactly a 1% complaint rate', () => {
    expect(blockReason(counts(1000, 0, 10), s)).toBe('complaint rate 1% ≥ 1% over 1000 emails');
  });

  it('does not block just below a 1% complaint rate', () => {
    expect(blockReason(counts(1000, 0, 9), s)).toBeUndefined();
  });

  it('blocks at exactly a 10% hard-bounce rate', () => {
    expect(blockReason(counts(90, 10), s)).toBe('hard-bounce rate 10% ≥ 10% over 100 emails');
  });

  it('does not block just below a 10% hard-bounce rate', () => {
    expect(blockReason(counts(91, 9), s)).toBeUndefined();
  });

  it('does not block three unlucky emails', () => {
    expect(blockReason(counts(3, 0, 3), s)).toBeUndefined();
    expect(blockReason(counts(0, 3), s)).toBeUndefined();
  });

  it('does not block on 99 emails, however bad', () => {
    expect(blockReason(counts(50, 49, 50), s)).toBeUndefined();
  });

  it('blocks from exactly 100 emails, hard bounces counted', () => {
    expect(blockReason(counts(99, 0, 1), s)).toBeUndefined();
    expect(blockReason(counts(99, 1, 1), s)).toBe('complaint rate 1.01% ≥ 1% over 100 emails');
  });

  it('follows a configured minimum', () => {
    const strict = settings({ blockMinDeliveries: 1000 });

    expect(blockReason(counts(999, 0, 100), strict)).toBeUndefined();
    expect(blockReason(counts(1000, 0, 100), strict)).toBeDefined();
  });
});

describe(decideDayClose.name, () => {
  const s = settings();
  const sut = (input: DayCloseInput) => decideDayClose(input, s);

  describe('grow', () => {
    it('grows the limit ×1.5 after a busy, clean day', () => {
      expect(sut(dayClose())).toMatchObject({ rule: 'grow', status: 'active', limit: 1500 });
    });

    it('grows at exactly 80% usage', () => {
      expect(sut(dayClose({ used: 800 }))).toMatchObject({ rule: 'grow', limit: 1500 });
    });

    it('keeps the limit just below 80% usage', () => {
      expect(sut(dayClose({ used: 799 }))).toMatchObject({ rule: 'keep', status: 'active', limit: 1000 });
    });

    it('keeps the limit after an idle day', () => {
      expect(sut(dayClose({ used: 0, day: counts(0) }))).toMatchObject({ rule: 'keep', limit: 1000 });
    });

    it('rounds a grown limit down', () => {
      expect(sut(dayClose({ limit: 1001, used: 1001 })).limit).toBe(1501);
    });

    it('grows no further than the maximum', () => {
      expect(sut(dayClose({ limit: 40_000, used: 40_000 }))).toMatchObject({ rule: 'grow', limit: 50_000 });
    });

    it('keeps a limit already at the maximum', () => {
      expect(sut(dayClose({ limit: 50_000, used: 50_000 }))).toMatchObject({ rule: 'keep', limit: 50_000 });
    });

    it.each([
      ['day', 'complaint rate 0.09%', { day: counts(10_000, 0, 9) }],
      ['window', 'complaint rate 0.09%', { window: counts(10_000, 0, 9) }],
      ['day', 'hard-bounce rate 1.99%', { day: counts(9801, 199) }],
      ['window', 'hard-bounce rate 1.99%', { window: counts(9801, 199) }],
    ])('grows with a %s %s, just below the grow line', (_where, _rate, figures) => {
      expect(sut(dayClose(figures)).rule).toBe('grow');
    });

    it.each([
      ['day', 'complaint rate 0.1%', { day: counts(10_000, 0, 10) }],
      ['window', 'complaint rate 0.1%', { window: counts(10_000, 0, 10) }],
      ['day', 'complaint rate 0.29%', { day: counts(10_000, 0, 29) }],
      ['day', 'hard-bounce rate 2%', { day: counts(9800, 200) }],
      ['window', 'hard-bounce rate 2%', { window: counts(9800, 200) }],
      ['window', 'hard-bounce rate 4.99%', { window: counts(9501, 499) }],
    ])('keeps the limit with a %s %s, between the grow and shrink lines', (_where, _rate, figures) => {
      expect(sut(dayClose(figures))).toMatchObject({
        rule: 'keep',
        status: 'active',
        limit: 1000,
        reason: 'rates between grow and shrink lines',
      });
    });
  });

  describe('shrink', () => {
    it.each([
      ['day', 'complaint rate 0.3%', { day: counts(1000, 0, 3) }, 'complaint rate 0.3% ≥ 0.3%'],
      ['window', 'complaint rate 0.3%', { window: counts(10_000, 0, 30) }, 'complaint rate 0.3% ≥ 0.3%'],
      ['day', 'hard-bounce rate 5%', { day: counts(950, 50) }, 'hard-bounce rate 5% ≥ 5%'],
      ['window', 'hard-bounce rate 5%', { window: counts(9500, 500) }, 'hard-bounce rate 5% ≥ 5%'],
    ])('halves the limit at exactly a %s %s', (_where, _rate, figures, reason) => {
      expect(sut(dayClose(figures))).toEqual({ rule: 'shrink', status: 'active', limit: 500, reason });
    });

    it('shrinks however busy the day was', () => {
      expect(sut(dayClose({ used: 0, day: counts(1000, 0, 3) }))).toMatchObject({
        rule: 'shrink',
        limit: 500,
      });
    });

    it('rounds a shrunk limit down', () => {
      expect(sut(dayClose({ limit: 1001, day: counts(1000, 0, 3) })).limit).toBe(500);
    });

    it('shrinks no further than the minimum', () => {
      expect(sut(dayClose({ limit: 150, day: counts(1000, 0, 3) })).limit).toBe(100);
      expect(sut(dayClose({ limit: 100, day: counts(1000, 0, 3) })).limit).toBe(100);
    });

    it('follows a configured factor', () => {
      const gentle = settings({ shrinkFactor: 0.8 });

      expect(decideDayClose(dayClose({ day: counts(1000, 0, 3) }), gentle).limit).toBe(800);
    });
  });

  describe('block', () => {
    it('blocks and halves the limit at exactly a 1% complaint rate over the window', () => {
      expect(sut(dayClose({ window: counts(7000, 0, 70) }))).toEqual({
        rule: 'block',
        status: 'blocked',
        limit: 500,
        reason: 'complaint rate 1% ≥ 1% over 7000 emails',
      });
    });

    it('blocks and halves the limit at exactly a 10% hard-bounce rate over the window', () => {
      expect(sut(dayClose({ window: counts(6300, 700) }))).toEqual({
        rule: 'block',
        status: 'blocked',
        limit: 500,
        reason: 'hard-bounce rate 10% ≥ 10% over 7000 emails',
      });
    });

    it('blocks on the closing day alone when the window is still below the line', () => {
      const decision = sut(dayClose({ day: counts(1000, 0, 10), window: counts(7000, 0, 10) }));

      expect(decision).toMatchObject({ rule: 'block', status: 'blocked', limit: 500 });
    });

    it('only shrinks just below the block lines', () => {
      expect(sut(firstDay(counts(1000, 0, 9)))).toMatchObject({ rule: 'shrink', status: 'active' });
      expect(sut(firstDay(counts(910, 90)))).toMatchObject({ rule: 'shrink', status: 'active' });
    });

    it('does not block three unlucky emails', () => {
      expect(sut(firstDay(counts(3, 0, 3))).status).toBe('active');
      expect(sut(firstDay(counts(0, 3))).status).toBe('active');
    });

    it('does not block on 99 emails, and blocks on 100', () => {
      expect(sut(firstDay(counts(89, 10))).status).toBe('active');
      expect(sut(firstDay(counts(90, 10))).status).toBe('blocked');
    });

    it('never shrinks a blocked account below the minimum', () => {
      expect(sut(firstDay(counts(90, 10), { limit: 100 }))).toMatchObject({ status: 'blocked', limit: 100 });
    });
  });

  describe('a blocked account', () => {
    it('stays blocked with its limit after a perfect day', () => {
      expect(sut(dayClose({ status: 'blocked' }))).toEqual({
        rule: 'stay-blocked',
        status: 'blocked',
        limit: 1000,
        reason: 'blocked until an operator unblocks',
      });
    });

    it('stays blocked without a second shrink when the figures are still bad', () => {
      expect(sut(firstDay(counts(90, 10), { status: 'blocked' }))).toMatchObject({
        rule: 'stay-blocked',
        limit: 1000,
      });
    });
  });

  it('treats a stored limit outside the bounds as clamped', () => {
    expect(sut(dayClose({ limit: 20, used: 80 })).limit).toBe(150);
    expect(sut(dayClose({ limit: 80_000, used: 0, day: counts(0) })).limit).toBe(50_000);
  });

  describe('properties', () => {
    const fraction = (max: number) => fc.double({ min: 0, max, noNaN: true });
    const rate = fraction(1);

    /** Any counts at all, and counts near the lines that matter (up to 20% bounces, 3% complaints). */
    const countsArb: fc.Arbitrary<Counts> = fc.oneof(
      fc.record({ delivered: fc.nat(), hardBounced: fc.nat(), complaints: fc.nat() }),
      fc
        .tuple(fc.integer({ min: 0, max: 200_000 }), fraction(0.2), fraction(0.03))
        .map(([delivered, bounce, complaint]) => ({
          delivered,
          hardBounced: Math.round(delivered * bounce),
          complaints: Math.round(delivered * complaint),
        })),
    );

    /** A limit or usage: any amount, or one around the default bounds. */
    const amount = fc.oneof(
      fc.nat(),
      fc.integer({ min: 0, max: 60_000 }),
      fc.double({ min: 0, noNaN: true }),
    );

    const bounds = fc
      .tuple(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: 100_000_000 }))
      .map(([a, b]) => ({ minLimit: Math.min(a, b), maxLimit: Math.max(a, b) }));

    /** Any settings the config schema accepts (reputationEnv ranges), the lines in any order. */
    const anySettings: fc.Arbitrary<ReputationSettings> = fc
      .record({
        bounds,
        growFactor: fc.double({ min: 1, max: 10, noNaN: true }),
        shrinkFactor: fc.double({ min: 0.01, max: 1, noNaN: true }),
        growMinUsage: rate,
        growMaxComplaintRate: rate,
        growMaxHardBounceRate: rate,
        shrinkComplaintRate: rate,
        shrinkHardBounceRate: rate,
        blockComplaintRate: rate,
        blockHardBounceRate: rate,
        blockMinDeliveries: fc.oneof(
          fc.integer({ min: 1, max: 1000 }),
          fc.integer({ min: 1, max: 100_000_000 }),
        ),
      })
      .map(({ bounds: b, ...rest }) => ({ ...rest, ...b }));

    /** Settings shaped like the defaults: grow line ≤ shrink line ≤ block line, small rates. */
    const sensibleSettings: fc.Arbitrary<ReputationSettings> = fc
      .record({
        bounds: fc
          .tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 100_000 }))
          .map(([min, span]) => ({ minLimit: min, maxLimit: min + span })),
        growFactor: fc.double({ min: 1, max: 3, noNaN: true }),
        shrinkFactor: fc.double({ min: 0.01, max: 1, noNaN: true }),
        growMinUsage: rate,
        complaintLines: fc.array(fraction(0.05), { minLength: 3, maxLength: 3 }),
        bounceLines: fc.array(fraction(0.2), { minLength: 3, maxLength: 3 }),
        blockMinDeliveries: fc.integer({ min: 1, max: 1000 }),
      })
      .map(({ bounds: b, complaintLines, bounceLines, ...rest }) => {
        const [growC, shrinkC, blockC] = [...complaintLines].sort((x, y) => x - y);
        const [growB, shrinkB, blockB] = [...bounceLines].sort((x, y) => x - y);
        return {
          ...rest,
          ...b,
          growMaxComplaintRate: growC,
          shrinkComplaintRate: shrinkC,
          blockComplaintRate: blockC,
          growMaxHardBounceRate: growB,
          shrinkHardBounceRate: shrinkB,
          blockHardBounceRate: blockB,
        };
      });

    const settingsArb = fc.oneof(fc.constant(settings()), sensibleSettings, anySettings);

    const inputArb: fc.Arbitrary<DayCloseInput> = fc.record({
      status: fc.constantFrom('active' as const, 'blocked' as const),
      limit: amount,
      used: amount,
      day: countsArb,
      window: countsArb,
    });

    /** A few more complaints or bounces, or a great many. */
    const extraArb = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 1_000_000 }));

    /** Where extra figures are added: the closing day, the window, or both. */
    const where = fc.constantFrom('day' as const, 'window' as const, 'both' as const);

    function withMore(
      input: DayCloseInput,
      field: keyof Counts,
      extra: number,
      at: 'day' | 'window' | 'both',
    ): DayCloseInput {
      const more = (c: Counts): Counts => ({ ...c, [field]: c[field] + extra });
      return {
        ...input,
        day: at === 'window' ? input.day : more(input.day),
        window: at === 'day' ? input.window : more(input.window),
      };
    }

    it('keeps the next limit a whole number within [min, max]', () => {
      fc.assert(
        fc.property(inputArb, settingsArb, (input, s) => {
          const { limit } = decideDayClose(input, s);

          expect(limit).toBeGreaterThanOrEqual(s.minLimit);
          expect(limit).toBeLessThanOrEqual(s.maxLimit);
          expect(Number.isInteger(limit)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it('never lifts a block', () => {
      fc.assert(
        fc.property(inputArb, settingsArb, (input, s) => {
          const decision = decideDayClose({ ...input, status: 'blocked' }, s);

          expect(decision.status).toBe('blocked');
          expect(decision.rule).toBe('stay-blocked');
        }),
        { numRuns: RUNS },
      );
    });

    it.each(['complaints', 'hardBounced'] as const)(
      'never gives a higher limit, or lifts a block, for more %s',
      (field) => {
        fc.assert(
          fc.property(inputArb, settingsArb, extraArb, where, (input, s, extra, at) => {
            const before = decideDayClose(input, s);
            const after = decideDayClose(withMore(input, field, extra, at), s);

            expect(after.limit).toBeLessThanOrEqual(before.limit);
            if (before.status === 'blocked') expect(after.status).toBe('blocked');
          }),
          { numRuns: RUNS },
        );
      },
    );

    it('decides the same way every time, without touching its input', () => {
      fc.assert(
        fc.property(inputArb, settingsArb, (input, s) => {
          const copy = structuredClone(input);
          const first = decideDayClose(input, s);
          const second = decideDayClose(copy, s);

          expect(second).toEqual(first);
          expect(decideDayClose(input, s)).toEqual(first);
          expect(input).toEqual(copy);
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('a quiet day', () => {
    it('does not shrink the limit for one late complaint on a day with no sends, when the window is clean', () => {
      const decision = decideDayClose(
        {
          status: 'active',
          limit: 5000,
          used: 0,
          day: { delivered: 0, hardBounced: 0, complaints: 1 },
          window: { delivered: 35_000, hardBounced: 0, complaints: 1 },
        },
        settings(),
      );

      expect(decision).toMatchObject({ rule: 'keep', limit: 5000 });
    });
  });
});
