import type { SpamCheckRow } from '@postroom/ledger';

/** The pre-send spam check as the campaign view shows it. */
export function spamCheckView(c: SpamCheckRow) {
  return {
    status: c.status,
    score: c.score,
    holdScore: c.hold_score,
    rules: c.rules ?? [],
    detail: c.detail,
    checkedAt: c.checked_at ? new Date(c.checked_at).toISOString() : null,
    releasedBy: c.released_by,
    releasedAt: c.released_at ? new Date(c.released_at).toISOString() : null,
  };
}
