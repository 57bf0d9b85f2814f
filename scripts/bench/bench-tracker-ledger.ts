import type { Client } from 'pg';

export const BENCH_TRACKER_ACCOUNT = 'bench-tracker';

/**
 * One account, one campaign and `n` deliveries already sent an hour ago (so that opens are
 * people's, not the machine window's), written directly with SQL. Returns the delivery ids.
 */
export async function seedDeliveries(pg: Client, n: number, tag: string): Promise<string[]> {
  await pg.query('begin');
  try {
    await pg.query(
      `insert into accounts (id, daily_limit, time_zone) values ($1, 10000000, 'UTC') on conflict (id) do nothing`,
      [BENCH_TRACKER_ACCOUNT],
    );
    const campaign = await pg.query<{ id: string }>(
      `insert into campaigns (account_id, idempotency_key, from_address, subject, html, recipient_count)
       values ($1, $2, 'bench@example.invalid', 'bench:tracker', '<p>bench</p>', $3) returning id`,
      [BENCH_TRACKER_ACCOUNT, tag, n],
    );
    const rows = await pg.query<{ id: string }>(
      `insert into deliveries (campaign_id, account_id, email, email_normalized, status, attempts, sent_at, updated_at)
       select $1, $2, 'r' || g || '@bench.invalid', 'r' || g || '@bench.invalid', 'sent', 1,
              now() - interval '1 hour', now() - interval '1 hour'
         from generate_series(1, $3::int) g
       returning id::text`,
      [campaign.rows[0].id, BENCH_TRACKER_ACCOUNT, n],
    );
    await pg.query('commit');
    return rows.rows.map((r) => r.id);
  } catch (err) {
    await pg.query('rollback').catch(() => undefined);
    throw err;
  }
}

export async function trackingEventCount(pg: Client): Promise<number> {
  const res = await pg.query<{ n: number }>('select count(*)::int as n from tracking_events');
  return res.rows[0].n;
}

export interface AbsorbResult {
  /** What the ledger held last. */
  count: number;
  /** ms from the call until the count first reached `expected` (null: never). */
  reachedMs: number | null;
}

/**
 * Polls the ledger until it holds `expected` tracking events and that count stays for
 * `settleMs` (more would show up as a later change), or until `timeoutMs`, or until it stopped
 * moving for `stallMs` short of `expected`.
 */
export async function waitForAbsorbed(
  pg: Client,
  expected: number,
  { timeoutMs = 60_000, stallMs = 10_000, settleMs = 500, pollMs = 50 } = {},
): Promise<AbsorbResult> {
  const started = performance.now();
  let reachedMs: number | null = null;
  let last = -1;
  let lastChangeAt = started;
  for (;;) {
    const count = await trackingEventCount(pg);
    const now = performance.now();
    if (count !== last) {
      last = count;
      lastChangeAt = now;
    }
    if (count === expected && reachedMs === null) reachedMs = now - started;
    if (count !== expected) reachedMs = null;
    if (count === expected && now - lastChangeAt >= settleMs) return { count, reachedMs };
    if (count > expected && now - lastChangeAt >= settleMs) return { count, reachedMs: null };
    if (now - started >= timeoutMs || now - lastChangeAt >= stallMs) return { count, reachedMs: null };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export interface LedgerCheck {
  /** Deliveries whose stored opens differ from the 2xx answers to their token. */
  mismatchedDeliveries: number;
  /** Opens stored for the seeded deliveries, summed delivery by delivery. */
  openCountSum: number;
  /** Opens flagged as machine-made (expected 0: sent an hour ago, a mail client's user agent). */
  machineOpens: number;
  /** Deliveries opened at least once whose read time is not set. */
  openedWithoutReadAt: number;
}

/** Compares what the ledger holds, delivery by delivery, with the answers the client counted. */
export async function checkPerDelivery(
  pg: Client,
  deliveryIds: readonly string[],
  okPerDelivery: Uint32Array,
): Promise<LedgerCheck> {
  const stored = await pg.query<{ id: string; events: number; read: boolean }>(
    `select d.id::text as id, coalesce(t.events, 0)::int as events, d.read_at is not null as read
       from deliveries d
       left join (select delivery_id, count(*) as events from tracking_events group by delivery_id) t
         on t.delivery_id = d.id`,
  );
  const byId = new Map(stored.rows.map((r) => [r.id, r]));
  let mismatchedDeliveries = 0;
  let openCountSum = 0;
  let openedWithoutReadAt = 0;
  deliveryIds.forEach((id, i) => {
    const row = byId.get(id);
    const expected = okPerDelivery[i];
    if (!row || row.events !== expected) mismatchedDeliveries++;
    if (row) openCountSum += row.events;
    if (expected > 0 && !row?.read) openedWithoutReadAt++;
  });
  const machine = await pg.query<{ n: number }>(
    'select count(*)::int as n from tracking_events where machine',
  );
  return { mismatchedDeliveries, openCountSum, machineOpens: machine.rows[0].n, openedWithoutReadAt };
}

export interface QuietResult {
  /** ms spent waiting for running vacuums to end. */
  waitedMs: number;
  /** Whether the checkpoint could be written (it needs a superuser or pg_checkpoint). */
  checkpointed: boolean;
}

/**
 * Waits until no autovacuum runs and writes a checkpoint, so that what the tracker's last load
 * left Postgres to do (vacuuming the new events, writing dirty pages) does not fall on the next
 * measured run, whichever server that run loads.
 */
export async function quietLedger(
  pg: Client,
  { timeoutMs = 60_000, pollMs = 100 } = {},
): Promise<QuietResult> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const res = await pg.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum worker'`,
    );
    if (res.rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const waitedMs = performance.now() - started;
  try {
    await pg.query('checkpoint');
    return { waitedMs, checkpointed: true };
  } catch {
    return { waitedMs, checkpointed: false };
  }
}
