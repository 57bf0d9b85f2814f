import type { ConfigOf, reputationEnv } from '@postroom/config';
import type { ErrorBlockSettings } from '../reputation/error-rules';
import type { ReputationSettings } from '../reputation/limit-rules';

export function reputationSettings(c: ConfigOf<typeof reputationEnv>): ReputationSettings {
  return {
    minLimit: c.MIN_DAILY_LIMIT,
    maxLimit: c.MAX_DAILY_LIMIT,
    growFactor: c.LIMIT_GROW_FACTOR,
    shrinkFactor: c.LIMIT_SHRINK_FACTOR,
    growMinUsage: c.GROW_MIN_USAGE,
    growMaxComplaintRate: c.GROW_MAX_COMPLAINT_RATE,
    growMaxHardBounceRate: c.GROW_MAX_HARD_BOUNCE_RATE,
    shrinkComplaintRate: c.SHRINK_COMPLAINT_RATE,
    shrinkHardBounceRate: c.SHRINK_HARD_BOUNCE_RATE,
    blockComplaintRate: c.BLOCK_COMPLAINT_RATE,
    blockHardBounceRate: c.BLOCK_HARD_BOUNCE_RATE,
    blockMinDeliveries: c.BLOCK_MIN_DELIVERIES,
  };
}

export function errorBlockSettings(c: ConfigOf<typeof reputationEnv>): ErrorBlockSettings {
  return {
    blockErrorRate: c.BLOCK_ERROR_RATE,
    blockMinErrors: c.BLOCK_MIN_ERRORS,
    shrinkFactor: c.LIMIT_SHRINK_FACTOR,
    minLimit: c.MIN_DAILY_LIMIT,
  };
}
