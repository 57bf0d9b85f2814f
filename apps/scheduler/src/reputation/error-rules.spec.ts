import { errorBlockReason, errorFigures, withErrorBlock, type ErrorBlockSettings } from './error-rules';
import type { Decision } from './limit-rules';

const settings: ErrorBlockSettings = {
  blockErrorRate: 0.05,
  blockMinErrors: 20,
  shrinkFactor: 0.5,
  minLimit: 100,
};
const keep: Decision = {
  rule: 'keep',
  status: 'active',
  limit: 1000,
  reason: 'rates between grow and shrink lines',
};

describe(errorBlockReason.name, () => {
  it('blocks at 5% account errors of the day, with the figures in the reason', () => {
    expect(errorBlockReason({ delivered: 380, hardBounced: 0, errors: 20 }, settings)).toBe(
      'account errors 5% ≥ 5% of 400 emails in a day (20 errors: blocked, reputation, authentication or spam refusals)',
    );
  });

  it.each([
    [{ delivered: 381, hardBounced: 0, errors: 19 }, 'too few errors, however high the share'],
    [{ delivered: 10, hardBounced: 0, errors: 19 }, 'a quiet day of a few refusals'],
    [{ delivered: 1000, hardBounced: 0, errors: 50 }, 'many errors, but under 5% of a busy day'],
  ])('leaves %j alone: %s', (day) => {
    expect(errorBlockReason(day, settings)).toBeUndefined();
  });

  it('counts errors among the attempts', () => {
    expect(errorFigures({ delivered: 90, hardBounced: 5, errors: 5 })).toEqual({
      delivered: 90,
      hardBounced: 5,
      errors: 5,
      attempted: 100,
      errorRate: 0.05,
    });
  });
});

describe(withErrorBlock.name, () => {
  it('turns a day close into a block with the limit shrunk', () => {
    const day = { delivered: 100, hardBounced: 0, errors: 40 };

    expect(withErrorBlock(keep, { status: 'active', limit: 1000 }, day, settings)).toMatchObject({
      rule: 'block',
      status: 'blocked',
      limit: 500,
    });
  });

  it('keeps a decision already blocking, and a clean day as decided', () => {
    const block: Decision = {
      rule: 'block',
      status: 'blocked',
      limit: 500,
      reason: 'complaint rate 2% ≥ 1%',
    };
    const bad = { delivered: 100, hardBounced: 0, errors: 40 };

    expect(withErrorBlock(block, { status: 'active', limit: 1000 }, bad, settings)).toBe(block);
    expect(withErrorBlock(keep, { status: 'active', limit: 1000 }, { ...bad, errors: 0 }, settings)).toBe(
      keep,
    );
  });
});
