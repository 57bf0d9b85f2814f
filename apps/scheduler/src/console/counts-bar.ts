import type { CampaignEngagement } from '@postroom/ledger';

export interface Segment {
  readonly key: string;
  readonly label: string;
  readonly n: number;
  /** Position and size on a 0..1000 scale (the SVG's viewBox). */
  readonly x: number;
  readonly width: number;
}

export interface CountsBar {
  readonly total: number;
  /** Where every delivery stands: the segments add up to the whole bar. */
  readonly statuses: Segment[];
  /** What recipients did with what was sent, each against the sent count, one row each. */
  readonly engagement: (Segment & { readonly y: number })[];
  /** Deferred deliveries by the day they are planned to go. */
  readonly deferredDays: { day: string; n: number }[];
  /** Whether anything may still change (the page keeps polling). */
  readonly moving: boolean;
}

/** Delivery statuses, grouped as the console shows them, in the bar's order. */
const STATUS_GROUPS: { key: string; label: string; statuses: string[] }[] = [
  { key: 'sent', label: 'sent', statuses: ['sent'] },
  { key: 'queued', label: 'queued', statuses: ['queued'] },
  { key: 'sending', label: 'sending', statuses: ['dispatched', 'sending', 'retrying'] },
  { key: 'deferred', label: 'deferred', statuses: ['deferred'] },
  { key: 'held', label: 'held (account blocked)', statuses: ['held'] },
  { key: 'bounced', label: 'bounced', statuses: ['bounced'] },
  { key: 'failed', label: 'failed', statuses: ['failed'] },
  { key: 'suppressed', label: 'suppressed', statuses: ['suppressed'] },
  { key: 'unknown', label: 'unknown', statuses: ['unknown'] },
  { key: 'cancelled', label: 'cancelled', statuses: ['cancelled'] },
];

const ENGAGEMENT: { key: keyof CampaignEngagement; label: string }[] = [
  { key: 'read', label: 'read by people' },
  { key: 'read_machine', label: 'opened by machines' },
  { key: 'clicked', label: 'clicked' },
  { key: 'complained', label: 'complained' },
  { key: 'unsubscribed', label: 'unsubscribed' },
];

const STILL_MOVING = new Set(['queued', 'sending', 'deferred', 'held']);

/** Pure: a campaign's counts as the console's bars. Statuses nobody is in are listed with 0, not drawn. */
export function countsBar(
  counts: Record<string, number>,
  engagement: CampaignEngagement,
  deferredDays: { day: string; n: number }[] = [],
): CountsBar {
  const grouped = STATUS_GROUPS.map((g) => ({
    key: g.key,
    label: g.label,
    n: g.statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0),
  }));
  const known = new Set(STATUS_GROUPS.flatMap((g) => g.statuses));
  for (const [status, n] of Object.entries(counts))
    if (!known.has(status)) grouped.push({ key: 'other', label: status, n });
  const total = grouped.reduce((sum, g) => sum + g.n, 0);
  let x = 0;
  const statuses = grouped.map((g) => {
    const width = total > 0 ? (g.n / total) * 1000 : 0;
    const segment = { ...g, x, width };
    x += width;
    return segment;
  });
  const sent = counts.sent ?? 0;
  const engaged = ENGAGEMENT.map((e, i) => {
    const n = engagement[e.key];
    return {
      key: e.key,
      label: e.label,
      n,
      x: 0,
      y: i * 12,
      width: sent > 0 ? Math.min(1000, (n / sent) * 1000) : 0,
    };
  });
  return {
    total,
    statuses,
    engagement: engaged,
    deferredDays,
    moving: grouped.some((g) => STILL_MOVING.has(g.key) && g.n > 0),
  };
}
