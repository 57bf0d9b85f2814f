import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import {
  bounceEnv,
  ConfigError,
  loadConfig,
  schedulerEnv,
  trackerEnv,
  type ConfigOf,
} from '@postroom/config';
import { migrateUp } from '@postroom/ledger';
import { senderAppEnv } from '../apps/sender/src/sender-env';
import { checkDependencies } from '@postroom/runtime';
import { SmtpCapture, startMailCatcherPage } from '@postroom/testing';
import { demoCampaign, publishCampaign, SchedulerApi } from './lib/demo-campaign';
import { catcherReplies, playRecipients } from './lib/demo-story';
import { loadDotenv } from './lib/dotenv';
import { startSmsCatcher } from './lib/sms-catcher';
import { formatSummary, LiveLine, watchCampaign, type CampaignStatus } from './lib/progress';
import {
  isPortFree,
  SERVICE_NAMES,
  spawnService,
  stopService,
  tailFile,
  waitForHealth,
  type RunningService,
  type ServiceName,
} from './lib/services';

/**
 * `npm start` / `npm run demo`: runs the four services against a local Postgres and RabbitMQ,
 * with a mail catcher when no SMTP_URL is set. `--demo` also submits a sample campaign through
 * the broker and follows it to the end.
 */

const DEV_TOKEN = 'postroom-dev-token-change-me';

/** A tracking key generated once for this checkout (development only; production sets TRACKING_KEYS). */
function localTrackingKey(): string {
  const file = path.resolve('.postroom', 'tracking-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `dev:${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
const HEALTH_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5000;

const PORT_VARS: Record<ServiceName, string> = {
  scheduler: 'SCHEDULER_PORT',
  tracker: 'TRACKER_PORT',
  sender: 'SENDER_PORT',
  bounce: 'BOUNCE_PORT',
};
const OPS_PORT_VARS: Record<ServiceName, string> = {
  scheduler: 'SCHEDULER_OPS_PORT',
  tracker: 'TRACKER_OPS_PORT',
  sender: 'SENDER_OPS_PORT',
  bounce: 'BOUNCE_OPS_PORT',
};

const DEFAULTS: Record<string, string> = {
  DATABASE_URL: 'postgres://root@127.0.0.1:5432/postroom',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  SCHEDULER_PORT: '3000',
  TRACKER_PORT: '3001',
  SENDER_PORT: '3002',
  BOUNCE_PORT: '3003',
  SCHEDULER_OPS_PORT: '3100',
  TRACKER_OPS_PORT: '3101',
  SENDER_OPS_PORT: '3102',
  BOUNCE_OPS_PORT: '3103',
  BOUNCE_SMTP_PORT: '2525',
  MAILCATCHER_SMTP_PORT: '1025',
  MAILCATCHER_HTTP_PORT: '1080',
  DEMO_RECIPIENTS: '1500',
};

const live = new LiveLine();
const services: RunningService[] = [];
let catcher: { cap: SmtpCapture; page: http.Server } | undefined;
let smsCatcher: { stop(): Promise<void> } | undefined;
let stopping = false;
const demoAbort = new AbortController();

function say(line = ''): void {
  live.end();
  console.log(line);
}

function complain(line: string): void {
  live.end();
  console.error(line);
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const dotenvFile = path.resolve('.env');
  const fromDotenv = loadDotenv(dotenvFile);
  if (fromDotenv.length > 0) say(`read ${fromDotenv.length} variables from ${dotenvFile}`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(DEFAULTS)) if (!env[key]) env[key] = value;
  // production sets its own secrets: no development default may stand in for a missing one
  const production = env.NODE_ENV === 'production';
  if (!env.POSTROOM_API_TOKEN && !production) {
    env.POSTROOM_API_TOKEN = DEV_TOKEN;
    complain(
      `warning: POSTROOM_API_TOKEN is not set; using the development default "${DEV_TOKEN}". Set your own before exposing the API.`,
    );
  }
  if (!env.TRACKING_KEYS && !production) {
    // a key of this machine's own, kept with the rest of the local state: tokens in mail already
    // sent stay valid across restarts
    env.TRACKING_KEYS = localTrackingKey();
    complain(
      'warning: TRACKING_KEYS is not set; using a key generated for this machine in .postroom/tracking-key.',
    );
  }
  // links in the emails must point at this tracker
  if (!env.TRACKING_BASE_URL) env.TRACKING_BASE_URL = `http://127.0.0.1:${env.TRACKER_PORT}`;
  const useCatcher = !env.SMTP_URL;
  if (useCatcher) env.SMTP_URL = `smtp://127.0.0.1:${env.MAILCATCHER_SMTP_PORT}`;

  const config = validate(env);
  const httpHost = env.HTTP_HOST || '127.0.0.1';
  const localHost =
    httpHost === '0.0.0.0' || httpHost === '::'
      ? '127.0.0.1'
      : httpHost.includes(':')
        ? `[${httpHost}]`
        : httpHost;
  const urlOf = (name: ServiceName) => `http://${localHost}:${env[PORT_VARS[name]]}`;
  const opsHost = env.OPS_HOST || '127.0.0.1';
  const opsLocal =
    opsHost === '0.0.0.0' || opsHost === '::'
      ? '127.0.0.1'
      : opsHost.includes(':')
        ? `[${opsHost}]`
        : opsHost;
  const metricsOf = (name: ServiceName) => `http://${opsLocal}:${env[OPS_PORT_VARS[name]]}/metrics`;

  try {
    await checkDependencies(config.DATABASE_URL, config.AMQP_URL);
  } catch (err) {
    const errors = err instanceof AggregateError ? (err.errors as Error[]) : [err as Error];
    for (const e of errors) complain(e.message);
    process.exit(1);
  }
  await checkPorts(env, httpHost, opsHost, useCatcher);

  const applied = await migrateUp(config.DATABASE_URL);
  say(applied.length > 0 ? `database migrated: ${applied.join(', ')}` : 'database schema is up to date');

  const mailDir = path.resolve('.postroom', 'mail');
  let catcherUrl = '';
  if (useCatcher) {
    const cap = await SmtpCapture.start({
      port: Number(env.MAILCATCHER_SMTP_PORT),
      saveDir: mailDir,
      maxKept: 10_000,
      // the demo's refused addresses get 550 at RCPT, as a real server's unknown users would
      replies: catcherReplies,
    });
    const page = await startMailCatcherPage(cap, Number(env.MAILCATCHER_HTTP_PORT));
    catcher = { cap, page };
    // port 0 picks a free port: tell the sender the one actually taken
    env.SMTP_URL = cap.url;
    catcherUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    say(`no SMTP_URL set: mail goes to the mail catcher at ${cap.url}, saved in ${mailDir}`);
  }

  if (!env.SMS_URL) {
    const started = await startSmsCatcher(env.SMSCATCHER_PORT);
    smsCatcher = started.catcher;
    env.SMS_URL = started.url;
    say(`no SMS_URL set: SMS go to the local SMPP catcher at ${started.url.replace(/:[^:@/]*@/, ':***@')}`);
  }

  const logDir = path.resolve('.postroom', 'logs');
  say(`starting ${SERVICE_NAMES.join(', ')}; logs in ${logDir}`);
  for (const name of SERVICE_NAMES) {
    const service = spawnService(name, env, path.join(logDir, `${name}.log`));
    services.push(service);
    void service.exited.then((exit) => {
      if (stopping) return;
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      void fail(`${name} ${how}`, service);
    });
  }

  const health = await Promise.allSettled(
    services.map((s) =>
      waitForHealth(`${urlOf(s.name as ServiceName)}/health`, HEALTH_TIMEOUT_MS, {
        label: s.name,
        exited: s.exited,
      }),
    ),
  );
  const unhealthy = health.findIndex((h) => h.status === 'rejected');
  if (unhealthy !== -1) {
    await fail((health[unhealthy] as PromiseRejectedResult).reason.message, services[unhealthy]);
    return;
  }

  printTable(urlOf, metricsOf, env, useCatcher ? { mailDir, catcherUrl } : undefined, logDir);

  if (demo) {
    try {
      await runDemo(
        env,
        config.AMQP_NAMESPACE,
        urlOf('scheduler'),
        useCatcher ? { mailDir, catcherUrl } : undefined,
      );
    } catch (err) {
      if (stopping) return;
      complain(`demo: ${err instanceof Error ? err.message : String(err)}`);
      say('Services stay up; press Ctrl-C to stop.');
    }
  } else {
    say('Postroom is running; press Ctrl-C to stop.');
  }
}

/** Validates every app's configuration up front, listing every bad variable once. */
function validate(env: NodeJS.ProcessEnv) {
  const problems = new Set<string>();
  let scheduler: ConfigOf<typeof schedulerEnv> | undefined;
  const check = (run: () => void) => {
    try {
      run();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      err.problems.forEach((p) => problems.add(p));
    }
  };
  check(() => (scheduler = loadConfig('scheduler', schedulerEnv, env)));
  check(() => loadConfig('sender', senderAppEnv, env));
  check(() => loadConfig('tracker', trackerEnv, env));
  check(() => loadConfig('bounce', bounceEnv, env));
  for (const name of ['MAILCATCHER_SMTP_PORT', 'MAILCATCHER_HTTP_PORT', 'DEMO_RECIPIENTS']) {
    if (!/^\d+$/.test(env[name] ?? ''))
      problems.add(`${name}=${JSON.stringify(env[name])} is invalid: expected an integer`);
  }
  if (problems.size > 0 || !scheduler) {
    complain(
      `invalid configuration:\n${[...problems].map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
    process.exit(1);
  }
  return scheduler;
}

async function checkPorts(
  env: NodeJS.ProcessEnv,
  httpHost: string,
  opsHost: string,
  useCatcher: boolean,
): Promise<void> {
  const busy: string[] = [];
  const check = async (name: string, host: string) => {
    const port = Number(env[name]);
    if (port !== 0 && !(await isPortFree(port, host))) busy.push(`${name}=${port}`);
  };
  for (const name of [...Object.values(PORT_VARS), 'BOUNCE_SMTP_PORT']) await check(name, httpHost);
  for (const name of Object.values(OPS_PORT_VARS)) await check(name, opsHost);
  if (busy.length > 0) {
    complain(
      `port already in use: ${busy.join(', ')}. Is Postroom already running (\`npm start\` in another terminal)? ` +
        'Stop it, or choose other ports with these variables.',
    );
  }
  const servicesBusy = busy.length;
  if (useCatcher) {
    for (const name of ['MAILCATCHER_SMTP_PORT', 'MAILCATCHER_HTTP_PORT']) await check(name, '127.0.0.1');
    if (busy.length > servicesBusy) {
      complain(
        `port already in use by another program: ${busy.slice(servicesBusy).join(', ')}. Choose another port for the ` +
          'mail catcher with these variables, or set SMTP_URL to send through an SMTP server of your own.',
      );
    }
  }
  if (busy.length > 0) process.exit(1);
}

function printTable(
  urlOf: (name: ServiceName) => string,
  metricsOf: (name: ServiceName) => string,
  env: NodeJS.ProcessEnv,
  mail: { mailDir: string; catcherUrl: string } | undefined,
  logDir: string,
): void {
  const ops = (name: ServiceName) => `health ${urlOf(name)}/health · metrics ${metricsOf(name)}`;
  const rows: [string, string, string][] = [
    [
      'scheduler',
      `${urlOf('scheduler')}/v1`,
      `API; OpenAPI docs ${urlOf('scheduler')}/docs · ${ops('scheduler')}`,
    ],
    [
      'console',
      `${urlOf('scheduler')}/console`,
      'operator console: sign in with POSTROOM_API_TOKEN or an API token',
    ],
    ['sender', urlOf('sender'), `${ops('sender')} · SMTP ${env.SMTP_URL?.replace(/\/\/[^@/]*@/, '//***@')}`],
    ['tracker', urlOf('tracker'), `pixel, clicks, unsubscribe · ${ops('tracker')}`],
    ['bounce', urlOf('bounce'), `${ops('bounce')} · DSN/ARF over SMTP on port ${env.BOUNCE_SMTP_PORT}`],
  ];
  if (mail) rows.push(['mail catcher', mail.catcherUrl, `caught mail, saved in ${mail.mailDir}`]);
  rows.push(['logs', logDir, '<service>.log, pino JSON']);
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  say();
  for (const [a, b, c] of rows) say(`  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  say();
}

async function runDemo(
  env: NodeJS.ProcessEnv,
  exchange: string,
  schedulerUrl: string,
  mail: { mailDir: string; catcherUrl: string } | undefined,
): Promise<void> {
  const token = env.POSTROOM_API_TOKEN ?? '';
  const campaign = demoCampaign(Number(env.DEMO_RECIPIENTS));
  const startedAt = Date.now();
  await publishCampaign(env.AMQP_URL ?? '', exchange, campaign);
  say(
    `demo: published campaign.submit "${campaign.idempotencyKey}" with ${campaign.recipients.length} recipients to exchange "${exchange}"`,
  );

  const api = new SchedulerApi(schedulerUrl, token);
  const id = await api.findCampaign(campaign.account, campaign.idempotencyKey, 60_000);
  say(`demo: stored as campaign ${id} of the new account ${campaign.account}`);
  say(`demo: watch it in the console: ${schedulerUrl}/console/campaigns/${id}`);

  const result = await watchCampaign({
    live,
    signal: demoAbort.signal,
    fetchStatus: async () => {
      const res = await api.get<CampaignStatus>(`/v1/campaigns/${encodeURIComponent(id)}`);
      if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status} ${res.text.slice(0, 200)}`);
      return { ...res.body, counts: res.body.counts ?? {} };
    },
  });
  live.end();
  if (catcher) {
    await playRecipients({
      databaseUrl: env.DATABASE_URL ?? '',
      campaignId: id,
      messages: catcher.cap.messages,
      bounceSmtpPort: Number(env.BOUNCE_SMTP_PORT),
      fblAddress: env.FBL_ADDRESS ?? 'fbl@bounces.postroom.local',
      machineWindowS: Number(env.MACHINE_OPEN_WINDOW_S ?? 10),
      say,
    });
    say(`demo: the whole story in the console: ${schedulerUrl}/console/campaigns/${id}`);
  }
  const shownToken = token === DEV_TOKEN ? token : '$POSTROOM_API_TOKEN';
  const summary = formatSummary(result, {
    startedAt,
    mailDir: mail?.mailDir,
    mailCaught: catcher?.cap.acceptedCount,
    catcherUrl: mail?.catcherUrl,
    csvCommand:
      `curl -H "Authorization: Bearer ${shownToken}" "${schedulerUrl}/v1/campaigns/${id}/recipients?format=csv"` +
      (token === DEV_TOKEN ? '' : '  # with your POSTROOM_API_TOKEN'),
  });
  for (const line of summary) say(line);
}

/** Stops everything; the first call wins. */
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    demoAbort.abort(new Error('stopping'));
    live.end();
    const running = services.filter((s) => !s.exit);
    if (running.length > 0) say(`stopping ${running.map((s) => s.name).join(', ')}…`);
    await Promise.all(services.map((s) => stopService(s, STOP_GRACE_MS)));
    await smsCatcher?.stop();
    if (catcher) {
      catcher.page.closeAllConnections();
      catcher.page.close();
      await catcher.cap.stop();
    }
  }
  process.exit(code);
}

async function fail(reason: string, service?: RunningService): Promise<void> {
  if (stopping) return;
  complain(`\n${reason}`);
  if (service) {
    const tail = tailFile(service.logFile, 25);
    complain(tail ? `last lines of ${service.logFile}:\n${tail}` : `${service.logFile} is empty`);
  }
  await shutdown(1);
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (++signals > 1) {
      // a second Ctrl-C: do not wait for a graceful stop
      for (const s of services) if (!s.exit) s.child.kill('SIGKILL');
      process.exit(1);
    }
    void shutdown(0);
  });
}

// whatever ends this process, the children (in their own process groups) must not outlive it
process.on('exit', () => {
  for (const s of services) if (!s.exit) s.child.kill('SIGTERM');
});

main().catch(async (err: unknown) => {
  complain(`start failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
