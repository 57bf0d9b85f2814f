/** What `GET /v1/campaigns/:id` answers; `counts` holds only the statuses present. */
export interface CampaignStatus {
  id: string;
  account?: string;
  recipientCount: number;
  counts: Record<string, number>;
}

/** Statuses in the order of a delivery's life (DESIGN §3), for display. */
export const STATUS_ORDER = [
  'queued',
  'deferred',
  'dispatched',
  'sending',
  'retrying',
  'sent',
  'suppressed',
  'bounced',
  'failed',
  'unknown',
] as const;

/** Work the services are still doing today; `deferred` waits for the account's next day. */
const IN_FLIGHT = ['queued', 'dispatched', 'sending', 'retrying'];
/** Deliveries that were handed to an SMTP server today, whatever its answer. */
const WENT_OUT = ['sent', 'bounced', 'failed', 'unknown'];

export function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

function count(counts: Record<string, number>, statuses: readonly string[]): number {
  return statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

export function inFlight(counts: Record<string, number>): number {
  return count(counts, IN_FLIGHT);
}

/** Known statuses in life order, then any others by name. */
export function orderedCounts(counts: Record<string, number>): [string, number][] {
  const known = STATUS_ORDER.filter((s) => counts[s]).map((s): [string, number] => [s, counts[s]]);
  const other = Object.keys(counts)
    .filter((s) => counts[s] && !(STATUS_ORDER as readonly string[]).includes(s))
    .sort()
    .map((s): [string, number] => [s, counts[s]]);
  return [...known, ...other];
}

/** `campaign 1f3a9c0e…: 1500 recipients | queued 200 · dispatched 100 · sending 50 · sent 1150` */
export function progressLine(status: CampaignStatus): string {
  const parts = orderedCounts(status.counts).map(([s, n]) => `${s} ${n}`);
  return `campaign ${shortId(status.id)}: ${status.recipientCount} recipients | ${parts.join(' · ') || 'nothing stored yet'}`;
}

/**
 * A progress line that redraws itself in place on a terminal; elsewhere (a log file, CI) it
 * prints one line every `everyMs` instead of flooding.
 */
export class LiveLine {
  private open = false;
  private lastPrinted = 0;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly everyMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  get isTTY(): boolean {
    return this.out.isTTY === true;
  }

  update(text: string): void {
    if (this.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.open = true;
    } else if (this.now() - this.lastPrinted >= this.everyMs) {
      this.out.write(`${text}\n`);
      this.lastPrinted = this.now();
    }
  }

  /** Ends the redrawn line so that other output starts on a fresh one. */
  end(): void {
    if (this.open) this.out.write('\n');
    this.open = false;
  }
}

export interface WatchOptions {
  fetchStatus: () => Promise<CampaignStatus>;
  live: LiveLine;
  intervalMs?: number;
  /** Settles as `stalled` when no count changed for this long. */
  stallMs?: number;
  /** Gives up when the API kept failing for this long. */
  errorLimitMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface WatchResult {
  status: CampaignStatus;
  /** `done`: nothing in flight; `stalled`: work remains but nothing moved for `stallMs`. */
  settled: 'done' | 'stalled';
  /** When a count last changed. */
  lastChangeAt: number;
}

/** Polls the campaign until nothing is in flight any more, or until it stops moving. */
export async function watchCampaign(options: WatchOptions): Promise<WatchResult> {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 500;
  const stallMs = options.stallMs ?? 15_000;
  const errorLimitMs = options.errorLimitMs ?? 60_000;
  let last: CampaignStatus | undefined;
  let lastKey = '';
  let lastChangeAt = now();
  let failingSince: number | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const status = await options.fetchStatus();
      failingSince = undefined;
      const key = JSON.stringify(orderedCounts(status.counts));
      if (key !== lastKey) {
        lastKey = key;
        lastChangeAt = now();
      }
      last = status;
      options.live.update(progressLine(status));
      if (inFlight(status.counts) === 0) return { status, settled: 'done', lastChangeAt };
      if (now() - lastChangeAt >= stallMs) return { status, settled: 'stalled', lastChangeAt };
    } catch (err) {
      failingSince ??= now();
      const reason = err instanceof Error ? err.message : String(err);
      options.live.update(`${last ? progressLine(last) : 'campaign'} | API error: ${reason}`);
      if (now() - failingSince >= errorLimitMs) {
        throw new Error(`the scheduler API kept failing for ${errorLimitMs / 1000} s: ${reason}`);
      }
    }
    await sleep(intervalMs, options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface SummaryContext {
  /** When the campaign was published. */
  startedAt: number;
  mailDir?: string;
  mailCaught?: number;
  catcherUrl?: string;
  csvCommand: string;
}

/** The final report of a demo run, one line per entry. */
export function formatSummary(result: WatchResult, ctx: SummaryContext): string[] {
  const { status } = result;
  const c = status.counts;
  const seconds = Math.max(0.001, (result.lastChangeAt - ctx.startedAt) / 1000);
  const sent = c.sent ?? 0;
  const rows = orderedCounts(c);
  const width = Math.max(...rows.map(([s]) => s.length), 6);
  const lines = [
    '',
    `campaign ${status.id}${status.account ? ` (account ${status.account})` : ''}: ${status.recipientCount} recipients`,
    ...rows.map(([s, n]) => `  ${s.padEnd(width)}  ${String(n).padStart(7)}`),
    `today: ${count(c, WENT_OUT)} went out (sent ${sent}); waiting for the next day: ${c.deferred ?? 0} (deferred, over the daily limit)`,
    `elapsed: ${seconds.toFixed(1)} s, ${(sent / seconds).toFixed(1)} sent/s`,
  ];
  if (result.settled === 'stalled') {
    const pending = orderedCounts(c)
      .filter(([s]) => IN_FLIGHT.includes(s))
      .map(([s, n]) => `${s} ${n}`)
      .join(' · ');
    lines.push(`still in flight: ${pending} (nothing moved for a while; the services keep working on them)`);
  }
  if (ctx.mailDir)
    lines.push(
      `caught mail: ${ctx.mailDir}${ctx.mailCaught !== undefined ? ` (${ctx.mailCaught} messages caught since start)` : ''}`,
    );
  if (ctx.catcherUrl) lines.push(`mail catcher: ${ctx.catcherUrl}`);
  lines.push(`segment export: ${ctx.csvCommand}`, '', 'Services stay up; press Ctrl-C to stop.');
  return lines;
}
