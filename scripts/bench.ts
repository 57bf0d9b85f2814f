import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  bounceEnv,
  ConfigError,
  loadConfig,
  schedulerEnv,
  senderEnv,
  trackerEnv,
  type ConfigOf,
} from '@postroom/config';
import { dropDatabase, migrateUp } from '@postroom/ledger';
import { checkDependencies } from '@postroom/runtime';
import { deleteNamespace, freePort } from '@postroom/testing';
import {
  BENCH_ACCOUNT,
  BENCH_HTML,
  BENCH_TEXT,
  benchCampaign,
  rawRun,
  type RawRunResult,
} from './bench/bench-campaign';
import { parseBenchArgs, scalingSteps, USAGE, type BenchArgs } from './bench/bench-args';
import { CpuMeter, PeakRss, round, sleep } from './bench/bench-proc';
import { startSink, type BenchSink } from './bench/bench-sink';
import { findSmtpSource, runSmtpSource } from './bench/smtp-source-run';
import { per100, scrapeHotStatements } from './bench/hot-statements';
import { publishCampaign } from './lib/demo-campaign';
import { orderedCounts } from './lib/progress';
import { logTail, spawnService, stopService, waitForHealth, type RunningService } from './lib/services';
import { benchResources, BenchRun, log, message } from './bench/bench-cleanup';

/**
 * `npm run bench`: how fast the pipeline (scheduler → RabbitMQ → sender → SMTP, ledger in
 * Postgres) delivers one campaign of N recipients, against the ceiling of a bare nodemailer pool
 * sending the same N messages into the same sink. Everything it creates (database, broker
 * namespace, processes) is its own and goes away at the end, also on failure. Progress goes
 * to stderr; the result is one JSON line on stdout.
 */

const CONSUMERS = [
  'scheduler.campaign-submit',
  'sender.delivery-send',
  'sender.notification-send',
  'sender.sms-send',
] as const;
const TERMINAL = ['sent', 'bounced', 'failed', 'suppressed', 'unknown'];
/** Settings that decide the pipeline's throughput, reported with every result (those the services know). */
const REPORTED = [
  'DEFAULT_DAILY_LIMIT',
  'MAX_DAILY_LIMIT',
  'DISPATCH_INTERVAL_MS',
  'DISPATCH_BATCH_SIZE',
  'DELIVERY_SEND_BATCH',
  'SENDER_PREFETCH',
  'SENDING_CHUNK',
  'CLAIM_BATCH',
  'CLAIM_WAIT_MS',
  'SMTP_POOL_SIZE',
  'OUTCOME_FLUSH_SIZE',
  'OUTCOME_FLUSH_MS',
] as const;
/** So that the quota never limits the bench. */
const BENCH_DAILY_LIMIT = '10000000';
/** The ledger is polled this often; less often for huge campaigns, where one count takes a while. */
const pollMs = (n: number) => Math.max(100, Math.min(1000, Math.round(n / 1000)));
/** Gives up when no count changed for this long; the segment's one insert transaction may take longer. */
const stallMs = (n: number, stored: boolean) => (stored ? 60_000 : Math.max(60_000, n));
const HEALTH_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const PROGRESS_EVERY_MS = 2000;
const RAW_WINDOW = 2000;
const BACKGROUND_SAMPLE_MS = 1000;

const bench = new BenchRun('bench');
const cleanup = bench.cleanup;

interface PipelineResult {
  seconds: number;
  storedSeconds: number | null;
  firstSentSeconds: number | null;
}

interface BenchContext {
  args: BenchArgs;
  databaseUrl: string;
  amqpUrl: string;
  namespace: string;
  rand: string;
  workDir: string;
}

async function main(): Promise<number> {
  const args = bench.parseArgs(() => parseBenchArgs(process.argv.slice(2), process.env), USAGE);
  if (typeof args === 'number') return args;

  const ctx: BenchContext = { args, ...benchResources('bench') };

  let sink: BenchSink | undefined;
  try {
    const env = await serviceEnv(ctx);
    const config = validate(env);
    if (!config) return 2;

    await checkDependencies(ctx.databaseUrl, ctx.amqpUrl);
    cleanup.add('drop the database', () => dropDatabase(ctx.databaseUrl));
    await migrateUp(ctx.databaseUrl);
    log(
      `bench: N=${args.n}, database ${new URL(ctx.databaseUrl).pathname.slice(1)}, broker namespace ${ctx.namespace}`,
    );

    const background = await bench.backgroundLoad(BACKGROUND_SAMPLE_MS);

    sink = await startSink(args.sink, ctx.workDir, log);
    const started = sink;
    cleanup.add('stop the sink', () => started.stop());
    bench.onExit(() => started.kill());
    env.SMTP_URL = sink.url;
    log(`bench: sink ${sink.kind} on ${sink.url} (pid ${sink.pid})`);

    const result = { ...(await run(ctx, env, config, sink)), background_load: background };
    await cleanup.run();
    console.log(JSON.stringify(result));
    return result.all_sent && result.raw_failed === 0 ? 0 : 1;
  } catch (err) {
    if (bench.interrupted) {
      await cleanup.run();
      return 130;
    }
    const reason = message(err);
    log(`bench failed: ${reason}`);
    await cleanup.run();
    console.log(JSON.stringify({ n: args.n, sink: sink?.kind ?? null, all_sent: false, error: reason }));
    return 1;
  }
}

/** The services' environment: the run's own database, namespace, ports and token, plus `--env`. */
async function serviceEnv(ctx: BenchContext): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Postroom settings of the calling shell must not change the bench silently: `--env` does
  for (const schema of [schedulerEnv, senderEnv, trackerEnv, bounceEnv]) {
    for (const name of Object.keys(schema)) delete env[name];
  }
  const schedulerPort = await freePort();
  let senderPort = await freePort();
  while (senderPort === schedulerPort) senderPort = await freePort();
  Object.assign(env, {
    DATABASE_URL: ctx.databaseUrl,
    AMQP_URL: ctx.amqpUrl,
    AMQP_NAMESPACE: ctx.namespace,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    SCHEDULER_PORT: String(schedulerPort),
    SENDER_PORT: String(senderPort),
    // the scheduler and sender get their own ops port per process (runStep); the rest any free one
    SCHEDULER_OPS_PORT: '0',
    SENDER_OPS_PORT: '0',
    POSTROOM_API_TOKEN: randomBytes(24).toString('hex'),
    TRACKING_KEYS: `bench:${randomBytes(24).toString('hex')}`,
    DEFAULT_DAILY_LIMIT: BENCH_DAILY_LIMIT,
    // where the adaptive limit has a ceiling, it must not cap the bench's limit either
    ...('MAX_DAILY_LIMIT' in schedulerEnv ? { MAX_DAILY_LIMIT: BENCH_DAILY_LIMIT } : {}),
    // replaced by the sink's URL once it listens
    SMTP_URL: 'smtp://127.0.0.1:25',
    ...ctx.args.overrides,
  });
  return env;
}

type ServicesConfig = ConfigOf<typeof schedulerEnv> & ConfigOf<typeof senderEnv>;

/** Both services' configuration, or undefined (reported) when an override is invalid. */
function validate(env: NodeJS.ProcessEnv): ServicesConfig | undefined {
  try {
    return { ...loadConfig('scheduler', schedulerEnv, env), ...loadConfig('sender', senderEnv, env) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    log(err.message);
    return undefined;
  }
}

async function run(ctx: BenchContext, env: NodeJS.ProcessEnv, config: ServicesConfig, sink: BenchSink) {
  const { n } = ctx.args;
  cleanup.add('delete the broker queues', () => deleteNamespace(ctx.namespace, CONSUMERS));
  const pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
  cleanup.add('close the ledger connection', () => pg.end());

  const steps = scalingSteps(ctx.args.senders, ctx.args.schedulers);
  const scaling: Array<{
    senders: number;
    schedulers: number;
    per_s: number;
    seconds: number;
    all_sent: boolean;
  }> = [];
  let last: Awaited<ReturnType<typeof runStep>> | undefined;
  for (const [i, step] of steps.entries()) {
    // each run starts from an empty ledger: the counts are this run's alone
    if (i > 0) await pg.query('truncate table campaigns cascade');
    last = await runStep(ctx, env, pg, sink, step, i);
    scaling.push({
      ...step,
      per_s: round(n / last.pipeline.seconds, 1),
      seconds: round(last.pipeline.seconds, 3),
      all_sent: last.allSent,
    });
  }
  if (!last) throw new Error('no run');
  if (steps.length > 1) {
    log('bench: scaling\n  senders  schedulers  emails/s  seconds');
    for (const r of scaling)
      log(
        `  ${String(r.senders).padStart(7)}  ${String(r.schedulers).padStart(10)}  ${String(r.per_s).padStart(8)}  ${r.seconds}`,
      );
  }
  const {
    pipeline,
    pipelineCpuSeconds,
    peak,
    statuses,
    sinkBefore,
    sinkAfterPipeline,
    transactions,
    hotStatements,
  } = last;
  const allSent = scaling.every((r) => r.all_sent);

  bench.throwIfInterrupted();
  log(`bench: raw run: ${n} messages through a bare nodemailer pool of ${config.SMTP_POOL_SIZE}`);
  const rawCpu = new CpuMeter({ bench: process.pid, sink: sink.pid });
  rawCpu.start();
  const raw = await runRaw(ctx, sink, config.SMTP_POOL_SIZE);
  const rawCpuSeconds = rawCpu.stop();
  const sinkAfterRaw = await sink.received();
  const source = await runSource(ctx, sink, config.SMTP_POOL_SIZE);
  const benchPeak = new PeakRss('self').peakMb();

  const pipelinePerS = n / pipeline.seconds;
  const rawPerS = n / raw.seconds;
  return {
    n,
    sink: sink.kind,
    pipeline_per_s: round(pipelinePerS, 1),
    raw_per_s: round(rawPerS, 1),
    ratio: round(pipelinePerS / rawPerS, 3),
    // Postfix's smtp-source into the same sink, when installed: the SMTP ceiling of this machine
    smtp_source_per_s: source ? round(n / source.seconds, 1) : null,
    fraction_of_smtp_source: source ? round(pipelinePerS / (n / source.seconds), 3) : null,
    pipeline_seconds: round(pipeline.seconds, 3),
    raw_seconds: round(raw.seconds, 3),
    statuses,
    // ledger transactions of the services (scheduler and sender: claims, sends, outcomes, dispatch,
    // sweeps, outbox, heartbeats) per 100 emails, from pg_stat_database; each statement outside a
    // transaction is one
    ledger_transactions_per_100: round((transactions / n) * 100, 2),
    // of those, the statements that change deliveries on the send path (issue 15: at most 1 per
    // 100), as the services count them: dispatch claims, send claims, settled sends
    hot_statements_per_100: per100(hotStatements, n),
    peak_rss_mb: { scheduler: peak.scheduler ?? null, sender: peak.sender ?? null, bench: benchPeak },
    all_sent: allSent,
    // one row per run: the first with one sender and one scheduler, the last is the figures above
    scaling,
    config: Object.fromEntries(
      REPORTED.filter((name) => name in config).map((name) => [
        name,
        (config as Record<string, unknown>)[name],
      ]),
    ),
    overrides: ctx.args.overrides,
    phases: {
      stored_s: pipeline.storedSeconds === null ? null : round(pipeline.storedSeconds, 3),
      first_sent_s: pipeline.firstSentSeconds === null ? null : round(pipeline.firstSentSeconds, 3),
    },
    // busy CPU seconds during each run; `machine` counts every core (cores: how many there are)
    cpu_seconds: { cores: os.availableParallelism(), pipeline: pipelineCpuSeconds, raw: rawCpuSeconds },
    sink_received: { pipeline: sinkAfterPipeline - sinkBefore, raw: sinkAfterRaw - sinkAfterPipeline },
    raw_failed: raw.failed,
    ...(raw.firstError ? { raw_first_error: raw.firstError } : {}),
  };
}

/** One pipeline run with `step.senders` senders and `step.schedulers` schedulers; stops them at the end. */
async function runStep(
  ctx: BenchContext,
  env: NodeJS.ProcessEnv,
  pg: Client,
  sink: BenchSink,
  step: { senders: number; schedulers: number },
  index: number,
) {
  const { n } = ctx.args;
  const services: RunningService[] = [];
  const ports = new Map<RunningService, number>();
  const metricsUrls: string[] = [];
  const stopAll = () => Promise.all(services.map((s) => stopService(s, STOP_GRACE_MS)));
  cleanup.add(`stop the services of run ${index + 1}`, stopAll);
  const wanted = [
    ...Array.from({ length: step.schedulers }, (_, i) => ['scheduler', i] as const),
    ...Array.from({ length: step.senders }, (_, i) => ['sender', i] as const),
  ];
  for (const [name, i] of wanted) {
    bench.throwIfInterrupted();
    // the first of each keeps the port serviceEnv chose; the others get their own
    const port =
      i === 0 ? Number(env[name === 'scheduler' ? 'SCHEDULER_PORT' : 'SENDER_PORT']) : await freePort();
    // an ops listener each, for the hot-statement counters read at the end of the run
    const opsPort = await freePort();
    const own = {
      ...env,
      [name === 'scheduler' ? 'SCHEDULER_PORT' : 'SENDER_PORT']: String(port),
      [name === 'scheduler' ? 'SCHEDULER_OPS_PORT' : 'SENDER_OPS_PORT']: String(opsPort),
    };
    const service = spawnService(name, own, path.join(ctx.workDir, `${name}-${index + 1}-${i + 1}.log`));
    services.push(service);
    ports.set(service, port);
    metricsUrls.push(`http://127.0.0.1:${opsPort}/metrics`);
    bench.onExit(() => {
      if (!service.exit) service.child.kill('SIGKILL');
    });
  }
  await Promise.all(
    services.map((s) =>
      waitForHealth(`http://127.0.0.1:${ports.get(s)}/health`, HEALTH_TIMEOUT_MS, {
        label: s.name,
        exited: s.exited,
      }).catch((err: Error) => {
        throw new Error(`${err.message}\n${logTail(s)}`);
      }),
    ),
  );
  log(`bench: ${step.schedulers} scheduler(s) and ${step.senders} sender(s) healthy; logs in ${ctx.workDir}`);
  const rss = services.map((s) => ({ name: s.name, rss: new PeakRss(s.child.pid ?? -1) }));

  bench.throwIfInterrupted();
  const sinkBefore = await sink.received();
  const txBefore = await ledgerTransactions(pg);
  const benchBefore = benchStatements;
  const pids = Object.fromEntries(services.map((s, i) => [`${s.name}-${i}`, s.child.pid]));
  const pipelineCpu = new CpuMeter({ ...pids, sink: sink.pid, bench: process.pid });
  pipelineCpu.start();
  const pipeline = await runPipeline(
    ctx,
    pg,
    services,
    sink,
    rss.map((r) => r.rss),
    index,
  );
  const pipelineCpuSeconds = pipelineCpu.stop();
  // read before the services stop: the high-water mark goes with the process
  const peak: Record<string, number | null> = {};
  for (const r of rss) peak[r.name] = Math.max(peak[r.name] ?? 0, r.rss.peakMb() ?? 0) || null;
  const sinkAfterPipeline = await sink.received();
  const hotStatements = await scrapeHotStatements(metricsUrls);
  log(`bench: pipeline done in ${pipeline.seconds.toFixed(2)} s; stopping the services`);
  await stopAll();
  // the services' statistics reach pg_stat_database when their connections close, as they just did
  const transactions = (await ledgerTransactions(pg)) - txBefore - (benchStatements - benchBefore);
  // with the services gone nothing moves any more: this is what the ledger holds for good
  const statuses = await statusCounts(pg);
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const allSent = total === n && statuses.sent === n;
  if (sinkAfterPipeline - sinkBefore !== n) {
    log(`bench: warning: the sink received ${sinkAfterPipeline - sinkBefore} messages for ${n} deliveries`);
  }
  return {
    pipeline,
    pipelineCpuSeconds,
    peak,
    statuses,
    allSent,
    sinkBefore,
    sinkAfterPipeline,
    transactions,
    hotStatements,
  };
}

/**
 * Publishes the campaign as an upstream system does and follows the ledger until every
 * delivery reached a final status; timed from the publish.
 */
async function runPipeline(
  ctx: BenchContext,
  pg: Client,
  services: readonly RunningService[],
  sink: BenchSink,
  samplers: readonly PeakRss[],
  index: number,
): Promise<PipelineResult> {
  const { n } = ctx.args;
  const campaign = benchCampaign(n, `bench-${ctx.rand}-${index + 1}`);
  const started = performance.now();
  await publishCampaign(ctx.amqpUrl, ctx.namespace, campaign);
  log(`bench: published campaign.submit with ${n} recipients for account "${BENCH_ACCOUNT}"`);
  const since = (t: number) => (t - started) / 1000;

  let storedAt: number | undefined;
  let firstSentAt: number | undefined;
  let lastKey = '';
  let lastChangeAt = started;
  let lastProgressAt = started;
  let lastProgressSent = 0;
  for (;;) {
    bench.throwIfInterrupted();
    for (const s of services) {
      if (s.exit) throw new Error(`${s.name} ${describeExit(s)} during the run\n${logTail(s)}`);
    }
    const sinkGone = sink.exitedEarly();
    if (sinkGone) throw new Error(`the ${sink.kind} sink ${sinkGone} during the run`);

    const counts = await statusCounts(pg);
    const now = performance.now();
    for (const sampler of samplers) sampler.sample();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const settled = TERMINAL.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    const sent = counts.sent ?? 0;
    if (storedAt === undefined && total >= n) storedAt = now;
    if (firstSentAt === undefined && sent > 0) firstSentAt = now;
    if (settled >= n) {
      return {
        seconds: since(now),
        storedSeconds: storedAt === undefined ? null : since(storedAt),
        firstSentSeconds: firstSentAt === undefined ? null : since(firstSentAt),
      };
    }

    const key = JSON.stringify(counts);
    if (key !== lastKey) {
      lastKey = key;
      lastChangeAt = now;
    } else if (now - lastChangeAt >= stallMs(n, total > 0)) {
      const seconds = Math.round((now - lastChangeAt) / 1000);
      throw new Error(`nothing moved for ${seconds} s: ${describeCounts(counts, n)}`);
    }
    if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
      const rate = (sent - lastProgressSent) / ((now - lastProgressAt) / 1000);
      log(`pipeline ${since(now).toFixed(1)} s: ${describeCounts(counts, n)} (${rate.toFixed(0)} sent/s)`);
      lastProgressAt = now;
      lastProgressSent = sent;
    }
    await sleep(Math.max(0, pollMs(n) - (performance.now() - now)));
  }
}

async function runRaw(ctx: BenchContext, sink: BenchSink, poolSize: number): Promise<RawRunResult> {
  let lastProgressAt = performance.now();
  const started = lastProgressAt;
  return rawRun({
    host: sink.host,
    port: sink.port,
    poolSize,
    n: ctx.args.n,
    window: RAW_WINDOW,
    tag: `raw-${ctx.rand}`,
    onProgress: (done) => {
      const now = performance.now();
      if (now - lastProgressAt < PROGRESS_EVERY_MS) return;
      lastProgressAt = now;
      log(`raw ${((now - started) / 1000).toFixed(1)} s: ${done}/${ctx.args.n} sent`);
    },
  });
}

/** smtp-source's run, or null when Postfix is not installed (said on stderr). */
async function runSource(ctx: BenchContext, sink: BenchSink, sessions: number) {
  const binary = findSmtpSource();
  if (!binary) {
    log('bench: smtp-source not found (Postfix not installed): smtp_source_per_s is null');
    return null;
  }
  bench.throwIfInterrupted();
  // bodies about the size of the campaign's messages (HTML and text parts, headers)
  const length = Buffer.byteLength(BENCH_HTML) + Buffer.byteLength(BENCH_TEXT) + 1500;
  log(`bench: smtp-source: ${ctx.args.n} messages of ${length} bytes over ${sessions} sessions`);
  return runSmtpSource({ binary, host: sink.host, port: sink.port, sessions, n: ctx.args.n, length });
}

/** The bench's own statements, taken out of the ledger's transaction count. */
let benchStatements = 0;

/** Transactions committed or rolled back in the bench's database so far (every statement outside one is one). */
async function ledgerTransactions(pg: Client): Promise<number> {
  benchStatements++;
  const res = await pg.query<{ n: string }>(
    `select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`,
  );
  return Number(res.rows[0].n);
}

async function statusCounts(pg: Client): Promise<Record<string, number>> {
  benchStatements++;
  const res = await pg.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from deliveries group by status order by status',
  );
  return Object.fromEntries(res.rows.map((r) => [r.status, r.n]));
}

function describeCounts(counts: Record<string, number>, n: number): string {
  const parts = orderedCounts(counts).map(([s, c]) => `${s} ${c}`);
  return `${parts.join(' · ') || 'nothing stored yet'} of ${n}`;
}

function describeExit(s: RunningService): string {
  return s.exit?.signal ? `was killed by ${s.exit.signal}` : `exited with code ${s.exit?.code}`;
}

bench.start(main);
