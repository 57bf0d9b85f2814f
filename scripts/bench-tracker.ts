import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { trackerEnv } from '@postroom/config';
import { dropDatabase, migrateUp } from '@postroom/ledger';
import { checkDependencies } from '@postroom/runtime';
import { deleteNamespace, freePort } from '@postroom/testing';
import { TokenSigner } from '@postroom/tokens';
import { startBareServer, type BareServer } from './bench/bench-tracker-bare';
import { parseBenchTrackerArgs, USAGE, type BenchTrackerArgs } from './bench/bench-tracker-args';
import {
  checkPerDelivery,
  quietLedger,
  seedDeliveries,
  trackingEventCount,
  waitForAbsorbed,
} from './bench/bench-tracker-ledger';
import { runLoad, type LoadResult } from './bench/bench-tracker-load';
import { combine, median, roundRatios, type Measured } from './bench/bench-tracker-rounds';
import { foldPostgres, postgresPids } from './bench/bench-tracker-proc';
import { CpuMeter, PeakRss, round } from './bench/bench-proc';
import { logTail, spawnService, stopService, waitForHealth, type RunningService } from './lib/services';
import { benchResources, BenchRun, log, message } from './bench/bench-cleanup';

/**
 * `npm run bench:tracker`: how many open-pixel requests per second the tracker answers, against
 * the ceiling of a bare Fastify server answering the same GIF, both loaded the same way
 * (autocannon, same duration and connections, one Node process each), and whether every open
 * the tracker answered reached the ledger. Everything it creates (database, broker exchanges,
 * processes) is its own and goes away at the end, also on failure. Progress goes to stderr; the
 * result is one JSON line on stdout.
 */

const HEALTH_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const TOKEN_TTL_DAYS = 365;
const BACKGROUND_SAMPLE_MS = 1000;
/** A mail client's user agent that no machine rule matches, and what it sends for an image. */
const REQUEST_HEADERS = {
  'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  accept: 'image/webp,image/avif,image/*,*/*;q=0.8',
};

const bench = new BenchRun('bench:tracker');
const cleanup = bench.cleanup;

interface Context {
  args: BenchTrackerArgs;
  databaseUrl: string;
  amqpUrl: string;
  namespace: string;
  rand: string;
  workDir: string;
}

async function main(): Promise<number> {
  const args = bench.parseArgs(() => parseBenchTrackerArgs(process.argv.slice(2)), USAGE);
  if (typeof args === 'number') return args;

  const ctx: Context = { args, ...benchResources('benchtracker') };

  try {
    await checkDependencies(ctx.databaseUrl, ctx.amqpUrl);
    cleanup.add('drop the database', () => dropDatabase(ctx.databaseUrl));
    await migrateUp(ctx.databaseUrl);
    log(
      `bench:tracker: database ${new URL(ctx.databaseUrl).pathname.slice(1)}, broker namespace ${ctx.namespace}; ` +
        `${args.n} deliveries, ${args.connections} connections, ${args.warmupS} s warmup + ` +
        `${args.rounds} rounds of ${args.durationS} s each`,
    );
    const result = await run(ctx);
    await cleanup.run();
    if (args.cpuProfileDir) log(`bench:tracker: CPU profiles in ${path.resolve(args.cpuProfileDir)}`);
    console.log(JSON.stringify(result));
    return result.equal && result.per_delivery_equal ? 0 : 1;
  } catch (err) {
    if (bench.interrupted) {
      await cleanup.run();
      return 130;
    }
    log(`bench:tracker failed: ${message(err)}`);
    await cleanup.run();
    console.log(JSON.stringify({ equal: false, error: message(err) }));
    return 1;
  }
}

async function run(ctx: Context) {
  const { args } = ctx;
  const pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
  cleanup.add('close the ledger connection', () => pg.end());

  const trackingKeys = `bench:${randomBytes(24).toString('hex')}`;
  const deliveryIds = await seedDeliveries(pg, args.n, `bench-tracker-${ctx.rand}`);
  const signer = TokenSigner.fromConfig(trackingKeys, TOKEN_TTL_DAYS);
  const signedAt = new Date();
  const paths = deliveryIds.map((id) => `/o/${signer.sign('o', id, undefined, signedAt)}`);
  // same shape as a valid token, MAC changed: the same GIF, nothing recorded
  const drainPath = tamper(paths[0]);
  log(`bench:tracker: ${deliveryIds.length} deliveries sent an hour ago, one signed open token each`);

  const background = await bench.backgroundLoad(BACKGROUND_SAMPLE_MS);

  // the tracker declares the namespace's exchanges when it connects
  cleanup.add('delete the broker exchanges', () => deleteNamespace(ctx.namespace, []));
  bench.throwIfInterrupted();
  const trackerPort = await freePort();
  const tracker = spawnService(
    'tracker',
    trackerServiceEnv(ctx, trackerPort, trackingKeys),
    path.join(ctx.workDir, 'tracker.log'),
  );
  bench.onExit(() => {
    if (!tracker.exit) tracker.child.kill('SIGKILL');
  });
  cleanup.add('stop the tracker', () => stopService(tracker, STOP_GRACE_MS));
  const bare = await startBareServer(profileEnv(ctx, 'bare'));
  bench.onExit(() => bare.kill());
  cleanup.add('stop the bare server', () => bare.stop());
  await waitForHealth(`http://127.0.0.1:${trackerPort}/health`, HEALTH_TIMEOUT_MS, {
    label: 'tracker',
    exited: tracker.exited,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${logTail(tracker)}`);
  });
  const origins = { tracker: `http://127.0.0.1:${trackerPort}`, bare: `http://127.0.0.1:${bare.port}` };
  log(`bench:tracker: tracker (pid ${tracker.child.pid}) on ${origins.tracker}, log ${tracker.logFile}`);
  log(`bench:tracker: bare Fastify (pid ${bare.pid}) on ${origins.bare}`);
  await sameAnswer(origins, drainPath);

  const okPerDelivery = new Uint32Array(paths.length);
  const load = (target: 'tracker' | 'bare', seconds: number) => {
    bench.throwIfInterrupted();
    alive(tracker, bare);
    return runLoad({
      origin: origins[target],
      paths,
      drainPath,
      seconds,
      connections: args.connections,
      headers: REQUEST_HEADERS,
      okPerPath: target === 'tracker' ? okPerDelivery : undefined,
    });
  };

  let warmupValid = 0;
  let warmupUnanswered = 0;
  if (args.warmupS > 0) {
    log(`bench:tracker: warming up the tracker for ${args.warmupS} s`);
    const w = await load('tracker', args.warmupS);
    warmupValid = w.validOk;
    warmupUnanswered = w.validUnanswered;
    log(`bench:tracker: warming up the bare server for ${args.warmupS} s`);
    await load('bare', args.warmupS);
    // the warmup's opens land before the measured runs, not during them
    const absorbed = await waitForAbsorbed(pg, warmupValid);
    if (absorbed.count !== warmupValid) {
      log(
        `bench:tracker: warning: after the warmup the ledger holds ${absorbed.count} of ${warmupValid} opens`,
      );
    }
  }

  const trackerRss = new PeakRss(tracker.child.pid ?? -1);
  const measured: Record<'tracker' | 'bare', Measured[]> = { tracker: [], bare: [] };
  // before every run: no vacuum running and a fresh checkpoint (quietLedger)
  let quietMs = 0;
  let uncheckpointed = 0;
  const measure = async (target: 'tracker' | 'bare', round: number) => {
    const name = target === 'bare' ? 'the bare server' : 'the tracker';
    const quiet = await quietLedger(pg);
    quietMs += quiet.waitedMs;
    if (!quiet.checkpointed) uncheckpointed++;
    log(`bench:tracker: round ${round + 1}/${args.rounds}: loading ${name} for ${args.durationS} s`);
    const pid = target === 'bare' ? bare.pid : tracker.child.pid;
    const meter = new CpuMeter({ server: pid, client: process.pid, ...postgresPids() });
    meter.start();
    const started = performance.now();
    const run = await load(target, args.durationS);
    const cpu = foldPostgres(meter.stop());
    const wallS = (performance.now() - started) / 1000;
    if (target === 'tracker') trackerRss.sample();
    log(`bench:tracker: ${target}: ${describe(run)}`);
    measured[target].push({ run, cpu, wallS });
  };
  // the servers take turns, and which goes first alternates: Postgres' background work
  // (autovacuum, checkpoints) and other load on the machine fall on both alike
  for (let round = 0; round < args.rounds; round++) {
    const order = round % 2 === 0 ? (['bare', 'tracker'] as const) : (['tracker', 'bare'] as const);
    for (const target of order) await measure(target, round);
  }
  if (uncheckpointed > 0) {
    log(
      `bench:tracker: warning: ${uncheckpointed} runs started without a checkpoint (needs a superuser or pg_checkpoint)`,
    );
  }
  const ratios = roundRatios(measured.tracker, measured.bare);
  const { run: trackerRun, cpu: trackerCpuS, wallS: trackerWallS } = combine(measured.tracker);
  const { run: bareRun, cpu: bareCpuS, wallS: bareWallS } = combine(measured.bare);

  const validRequests = warmupValid + trackerRun.validOk;
  log(`bench:tracker: waiting for the ledger to hold ${validRequests} opens`);
  const absorbed = await waitForAbsorbed(pg, validRequests);
  const check = await checkPerDelivery(pg, deliveryIds, okPerDelivery);
  // read before the tracker stops: the high-water mark goes with the process
  const peakRss = trackerRss.peakMb();
  alive(tracker, bare);
  await stopService(tracker, STOP_GRACE_MS);
  // with the tracker gone nothing moves any more: whatever it still held is written or lost now
  const finalCount = await trackingEventCount(pg);
  if (finalCount !== absorbed.count) {
    log(
      `bench:tracker: the ledger moved from ${absorbed.count} to ${finalCount} opens as the tracker stopped`,
    );
  }
  const equal = finalCount === validRequests && absorbed.count === validRequests;
  const perDeliveryEqual =
    check.mismatchedDeliveries === 0 &&
    check.openCountSum === validRequests &&
    check.openedWithoutReadAt === 0;
  if (!equal) log(`bench:tracker: the ledger holds ${finalCount} opens for ${validRequests} answered`);
  if (!perDeliveryEqual) {
    log(
      `bench:tracker: per delivery: ${check.mismatchedDeliveries} deliveries hold other opens than answered, ` +
        `their opens sum to ${check.openCountSum}, ${check.openedWithoutReadAt} opened without read_at`,
    );
  }
  const trackerUs = perRequest(trackerCpuS.server, trackerRun);
  const bareUs = perRequest(bareCpuS.server, bareRun);
  const perSecond = (cpu: Record<string, number | null>, s: number) =>
    Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v === null ? null : round(v / s, 2)]));

  return {
    tracker_rps: round(trackerRun.rps, 0),
    bare_rps: round(bareRun.rps, 0),
    // the median of the rounds' ratios: one round disturbed by other work does not decide it
    ratio: round(median(ratios), 3),
    rounds_ratio: ratios.map((r) => round(r, 3)),
    ratio_of_totals: round(trackerRun.rps / bareRun.rps, 3),
    tracker_p99_ms: round(trackerRun.latencyMs.p99, 2),
    bare_p99_ms: round(bareRun.latencyMs.p99, 2),
    valid_requests: validRequests,
    opens_in_ledger: finalCount,
    equal,
    duration_s: args.durationS,
    rounds: args.rounds,
    // waited for autovacuum before the runs, in all
    quiet_wait_ms: Math.round(quietMs),
    connections: args.connections,
    tracker_peak_rss_mb: peakRss,
    per_delivery_equal: perDeliveryEqual,
    ledger_caught_up_ms: absorbed.reachedMs === null ? null : Math.round(absorbed.reachedMs),
    machine_opens: check.machineOpens,
    errors: { tracker: trackerRun.errors, bare: bareRun.errors },
    non_2xx: { tracker: trackerRun.non2xx, bare: bareRun.non2xx },
    // valid-token requests whose answer never came (a lost connection): the ledger may hold them or not
    unanswered_valid: warmupUnanswered + trackerRun.validUnanswered,
    p50_ms: { tracker: round(trackerRun.latencyMs.p50, 2), bare: round(bareRun.latencyMs.p50, 2) },
    // CPU cores busy on average during each load, drain included (client: autocannon in this
    // process; postgres: the local server's processes; machine: all cores, whatever runs on them)
    cpu_cores: {
      tracker: perSecond(trackerCpuS, trackerWallS),
      bare: perSecond(bareCpuS, bareWallS),
      of: os.availableParallelism(),
    },
    // server CPU per request handled (window and drain): steadier than requests/s on a busy machine
    cpu_us_per_request: { tracker: trackerUs, bare: bareUs },
    // bare/tracker CPU per request: the ratio with a core for each server, whatever else runs
    cpu_ratio: trackerUs && bareUs ? round(bareUs / trackerUs, 3) : null,
    n: args.n,
    warmup_s: args.warmupS,
    background_load: background,
  };
}

/** The tracker's environment: the run's own database, namespace, port and keys; nothing from the shell. */
function trackerServiceEnv(ctx: Context, port: number, trackingKeys: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(trackerEnv)) delete env[name];
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    DATABASE_URL: ctx.databaseUrl,
    AMQP_URL: ctx.amqpUrl,
    AMQP_NAMESPACE: ctx.namespace,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    TRACKER_PORT: String(port),
    // nothing scrapes the bench's tracker: any free port
    TRACKER_OPS_PORT: '0',
    TRACKING_KEYS: trackingKeys,
    TRACKING_TOKEN_TTL_DAYS: String(TOKEN_TTL_DAYS),
  });
  Object.assign(env, profileEnv(ctx, 'tracker'));
  if (ctx.args.trackerNodeOptions) {
    env.NODE_OPTIONS = [ctx.args.trackerNodeOptions, env.NODE_OPTIONS].filter(Boolean).join(' ');
  }
  return env;
}

/** With --cpu-profile-dir: a preload that profiles the server and writes `<name>.cpuprofile` on SIGTERM. */
function profileEnv(ctx: Context, name: string): NodeJS.ProcessEnv {
  if (!ctx.args.cpuProfileDir) return {};
  const dir = path.resolve(ctx.args.cpuProfileDir);
  fs.mkdirSync(dir, { recursive: true });
  // Node refuses --cpu-prof in NODE_OPTIONS; --require is allowed
  return {
    NODE_OPTIONS: `--require ${path.join(__dirname, 'bench', 'cpu-profile-preload.js')}`,
    BENCH_CPU_PROFILE: path.join(dir, `${name}.cpuprofile`),
  };
}

/** Both servers must answer the pixel alike (body and every header but the date), or the comparison means nothing. */
async function sameAnswer(origins: { tracker: string; bare: string }, pixelPath: string): Promise<void> {
  const [t, b] = await Promise.all(
    [origins.tracker, origins.bare].map(async (origin) => {
      const res = await fetch(`${origin}${pixelPath}`, { headers: REQUEST_HEADERS });
      const body = Buffer.from(await res.arrayBuffer());
      // every header but the date: caching, type, length, keep-alive
      const headers = [...res.headers].filter(([name]) => name !== 'date').map(([n, v]) => `${n}: ${v}`);
      return { status: res.status, body, headers: headers.sort() };
    }),
  );
  const problems: string[] = [];
  if (t.status !== 200 || b.status !== 200) problems.push(`status ${t.status} (tracker), ${b.status} (bare)`);
  if (!t.body.equals(b.body) || t.body.length !== 43) {
    problems.push(`bodies of ${t.body.length} (tracker) and ${b.body.length} (bare) bytes differ`);
  }
  const onlyTracker = t.headers.filter((h) => !b.headers.includes(h));
  const onlyBare = b.headers.filter((h) => !t.headers.includes(h));
  if (onlyTracker.length > 0) problems.push(`only the tracker sends ${onlyTracker.join(', ')}`);
  if (onlyBare.length > 0) problems.push(`only the bare server sends ${onlyBare.join(', ')}`);
  if (problems.length > 0)
    throw new Error(`the two servers answer the pixel differently: ${problems.join('; ')}`);
}

function perRequest(cpuSeconds: number | null | undefined, r: LoadResult): number | null {
  return cpuSeconds == null || r.answered === 0 ? null : round((cpuSeconds * 1e6) / r.answered, 1);
}

function describe(r: LoadResult): string {
  return (
    `${Math.round(r.rps)} req/s over ${r.seconds.toFixed(2)} s, p50 ${r.latencyMs.p50.toFixed(2)} ms, ` +
    `p99 ${r.latencyMs.p99.toFixed(2)} ms, max ${r.latencyMs.max.toFixed(1)} ms, ${r.ok} ok, ` +
    `${r.non2xx} non-2xx, ${r.errors} errors, ${r.drained} drain answers`
  );
}

/** A token with its MAC changed: the same shape and cost to check, rejected. */
function tamper(pixelPath: string): string {
  const last = pixelPath.at(-1);
  return `${pixelPath.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}

function alive(tracker: RunningService, bare: BareServer): void {
  if (tracker.exit) {
    const how = tracker.exit.signal
      ? `was killed by ${tracker.exit.signal}`
      : `exited with ${tracker.exit.code}`;
    throw new Error(`the tracker ${how}\n${logTail(tracker)}`);
  }
  const gone = bare.exitedEarly();
  if (gone) throw new Error(`the bare server ${gone}`);
}

bench.start(main);
