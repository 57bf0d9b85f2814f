export interface LimitChange {
  readonly at: string;
  readonly day: string | null;
  readonly oldLimit: number;
  readonly newLimit: number;
  readonly oldStatus: string;
  readonly newStatus: string;
  readonly rule: string;
  readonly reason: string;
  readonly figures: Record<string, unknown> | null;
  readonly actor: string;
}

export interface LimitChart {
  readonly width: number;
  readonly height: number;
  /** The limit over time as an SVG polyline (a step line: each change holds until the next). */
  readonly points: string;
  readonly marks: { x: number; y: number; blocked: boolean; title: string }[];
  readonly max: number;
  readonly first: string;
  readonly last: string;
}

const W = 640;
const H = 180;
const PAD = 24;

/** Pure: the limit history (any order) as an inline SVG step chart; undefined when there is none. */
export function limitChart(changes: readonly LimitChange[]): LimitChart | undefined {
  if (changes.length === 0) return undefined;
  const sorted = [...changes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const t0 = Date.parse(sorted[0].at);
  const t1 = Math.max(Date.parse(sorted[sorted.length - 1].at), t0 + 1);
  const max = Math.max(1, ...sorted.map((c) => Math.max(c.oldLimit, c.newLimit)));
  const x = (at: string) => PAD + ((Date.parse(at) - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (limit: number) => H - PAD - (limit / max) * (H - 2 * PAD);
  const pts: string[] = [`${x(sorted[0].at).toFixed(1)},${y(sorted[0].oldLimit).toFixed(1)}`];
  for (const c of sorted) {
    const cx = x(c.at).toFixed(1);
    pts.push(`${cx},${y(c.oldLimit).toFixed(1)}`, `${cx},${y(c.newLimit).toFixed(1)}`);
  }
  pts.push(`${W - PAD},${y(sorted[sorted.length - 1].newLimit).toFixed(1)}`);
  return {
    width: W,
    height: H,
    points: pts.join(' '),
    marks: sorted.map((c) => ({
      x: Number(x(c.at).toFixed(1)),
      y: Number(y(c.newLimit).toFixed(1)),
      blocked: c.newStatus === 'blocked',
      title: `${c.day ?? c.at.slice(0, 10)}: ${c.oldLimit} → ${c.newLimit} (${c.rule}) ${c.reason}`,
    })),
    max,
    first: sorted[0].at.slice(0, 10),
    last: sorted[sorted.length - 1].at.slice(0, 10),
  };
}
