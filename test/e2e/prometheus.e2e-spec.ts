import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as amqplib from 'amqplib';
import { amqpUrl, campaignSubmit, freePort, publishRaw, recipients, waitFor } from '@postroom/testing';
import {
  dashboardFiles,
  dashboardQueries,
  OPS_DIR,
  readAlertRules,
  readDashboard,
  type PanelQuery,
} from '../../scripts/ops/ops-queries';
import { inFlight, Pipeline } from './pipeline-harness';

/**
 * A real Prometheus (Debian's `prometheus` package, as in CI) scrapes the four running apps and
 * RabbitMQ, with the repository's alert rules loaded. After a campaign it must hold the
 * campaign's delivery and quota figures, every dashboard query must return data, and every
 * alert rule must evaluate cleanly. Each app's /metrics also passes `promtool check metrics`.
 */

const APPS = ['scheduler', 'sender', 'tracker', 'bounce'] as const;

/**
 * Panels allowed to return no data here, each with the reason. Anything else that comes back
 * empty fails the test. When a reason goes away, remove its entry (the test prints which
 * allowed panels did return data).
 */
const ALLOWED_EMPTY: Record<string, string> = {};

/** Grafana's variables, as this test stands them in. */
function substitute(query: string, account: string): string {
  const out = query
    .replace(/\$__rate_interval\b/g, '2m')
    .replace(/\$__interval\b/g, '15s')
    .replace(/\$__range\b/g, '10m')
    .replace(/\$\{?account\}?/g, account);
  const left = /\$\{?\w+/.exec(out);
  if (left) throw new Error(`unknown Grafana variable ${left[0]} in ${query}`);
  return out;
}

/** Grafana's SQL macros, over the last 30 days. */
function substituteSql(sql: string, account: string): string {
  return substitute(
    sql
      .replace(
        /\$__timeFilter\(([^)]+)\)/g,
        "$1 BETWEEN now() - interval '30 days' AND now() + interval '1 day'",
      )
      .replace(/\$__timeFrom\(\)/g, "(now() - interval '30 days')")
      .replace(/\$__timeTo\(\)/g, "(now() + interval '1 day')"),
    account,
  );
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

function requireBinary(name: string): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${name} is needed by this test and was not found on PATH (${probe.error?.message ?? probe.stderr}). ` +
        "Install Debian's package: apt-get install -y prometheus (scripts/prepare-tests.sh, which npm test runs, does).",
    );
  }
}

/** Quoted-printable soft breaks and escapes undone, enough to read URLs out of a message. */
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('Prometheus scrapes every app; dashboards and alert rules work on real data', () => {
  let pipeline: Pipeline;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let tmp = '';
  const account = `ops-${randomBytes(4).toString('hex')}`;
  const rabbitTarget = `${new URL(amqpUrl()).hostname}:${process.env.RABBITMQ_PROMETHEUS_PORT ?? '15692'}`;
  const notes: string[] = [];

  async function query(q: string): Promise<Sample[]> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: Sample[] | [number, string] };
    };
    if (body.status !== 'success' || !body.data) throw new Error(`${q}: ${body.error ?? res.status}`);
    if (body.data.resultType === 'scalar')
      return [{ metric: {}, value: body.data.result as [number, string] }];
    return body.data.result as Sample[];
  }

  const hasData = (samples: Sample[]) => samples.some((s) => Number.isFinite(Number(s.value[1])));

  /** A panel query has data; a variable's `label_values(metric, label)` must offer the test account. */
  async function promHasData(panelQuery: string): Promise<boolean> {
    const variable = /^\s*label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)\s*$/s.exec(panelQuery);
    if (!variable) return hasData(await query(substitute(panelQuery, account)));
    const url = `${promUrl}/api/v1/label/${variable[2]}/values?match[]=${encodeURIComponent(variable[1])}`;
    const body = (await (await fetch(url)).json()) as { status: string; data?: string[]; error?: string };
    if (body.status !== 'success') throw new Error(`${panelQuery}: ${body.error}`);
    return (body.data ?? []).includes(account);
  }

  beforeAll(async () => {
    requireBinary('prometheus');
    requireBinary('promtool');
    const rabbit = await fetch(`http://${rabbitTarget}/metrics`).catch((err: Error) => err);
    if (rabbit instanceof Error || !rabbit.ok) {
      throw new Error(
        `RabbitMQ's Prometheus endpoint does not answer at http://${rabbitTarget}/metrics: ` +
          'run `rabbitmq-plugins enable rabbitmq_prometheus` (scripts/prepare-tests.sh, which npm test runs, does)',
      );
    }

    pipeline = await Pipeline.start({
      services: [...APPS],
      smtp: {
        replies: (rcpt) =>
          rcpt.startsWith('gone') ? { code: 550, message: '5.1.1 no such user here' } : undefined,
      },
      env: {
        // a limit that binds: part of the campaign waits as deferred
        DEFAULT_DAILY_LIMIT: '1000',
        MIN_DAILY_LIMIT: '10',
        TRACKING_KEYS: process.env.TRACKING_KEYS ?? 'e2e:prometheus-e2e-tracking-key-0123456789abcdef',
      },
    });

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-prometheus-'));
    const scrape = (job: string, target: string, extra: string[] = []) => [
      `  - job_name: ${job}`,
      ...extra.map((l) => `    ${l}`),
      '    static_configs:',
      `      - targets: ['${target}']`,
    ];
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${JSON.stringify(path.join(OPS_DIR, 'prometheus', 'alerts.yml'))}`,
      'scrape_configs:',
      ...APPS.flatMap((app) => scrape(app, `127.0.0.1:${pipeline.opsPorts.get(app)}`)),
      ...scrape('rabbitmq', rabbitTarget),
      ...scrape('rabbitmq-queues', rabbitTarget, [
        'metrics_path: /metrics/detailed',
        'params:',
        '  family: [queue_coarse_metrics, queue_consumer_count]',
      ]),
    ].join('\n');
    fs.writeFileSync(path.join(tmp, 'prometheus.yml'), `${config}\n`);
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(tmp, 'prometheus.log'), 'a');
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${path.join(tmp, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(tmp, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    await waitFor(async () => (await fetch(`${promUrl}/-/ready`)).ok, {
      timeoutMs: 30_000,
      intervalMs: 200,
      message: () => `Prometheus ready: ${fs.readFileSync(path.join(tmp, 'prometheus.log'), 'utf8')}`,
    });
  });

  afterAll(async () => {
    // queues the apps declared in this test's namespace, as RabbitMQ reported them
    const queues = promUrl
      ? await query(`rabbitmq_detailed_queue_messages{queue=~"${pipeline?.namespace}\\\\..+"}`).catch(
          () => [],
        )
      : [];
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus!.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await pipeline?.stop();
    if (queues.length) {
      const conn = await amqplib.connect(amqpUrl());
      const ch = await conn.createChannel();
      for (const q of queues) await ch.deleteQueue(q.metric.queue);
      await conn.close();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (notes.length) process.stdout.write(`\nprometheus.e2e notes:\n  ${notes.join('\n  ')}\n`);
  });

  it('scrapes the same jobs as ops/prometheus/prometheus.yml', () => {
    const ops = fs.readFileSync(path.join(OPS_DIR, 'prometheus', 'prometheus.yml'), 'utf8');
    const jobs = [...ops.matchAll(/job_name:\s*(\S+)/g)].map((m) => m[1]).filter((j) => j !== 'prometheus');
    const here = fs.readFileSync(path.join(tmp, 'prometheus.yml'), 'utf8');

    expect([...here.matchAll(/job_name:\s*(\S+)/g)].map((m) => m[1]).sort()).toEqual(jobs.sort());
  });

  it.each(APPS)('%s: /metrics passes promtool check metrics', async (app) => {
    const text = await pipeline.metrics(app);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // exit 1: the text does not parse; exit 3: it parses, with lint findings
    const unexpected = `${check.stdout}${check.stderr}`.trim().split('\n').filter(Boolean);

    expect(text).toContain('postroom_deliveries_total');
    expect({ status: unexpected.length ? check.status : 0, unexpected }).toEqual({
      status: 0,
      unexpected: [],
    });
    expect(check.status).toBe(0);
  });

  /** Loads the pixel of a recipient's email (and, with `all`, also follows its link and unsubscribes). */
  async function read(rcpt: string, all = false): Promise<void> {
    const message = pipeline.smtp.messages.find((m) => m.to[0] === rcpt);
    const raw = decodeQuotedPrintable(message?.raw.toString('utf8') ?? '');
    const tracker = (url: string) => {
      const u = new URL(url.replace(/&amp;/g, '&'));
      return `${pipeline.url('tracker')}${u.pathname}${u.search}`;
    };
    const pixel = /<img src="([^"]+)" width="1" height="1"/.exec(raw)?.[1];
    const link = /href="([^"]+\/c\/[^"]+)"/.exec(raw)?.[1];
    const unsubscribe = /List-Unsubscribe:[^<]*<(https?:[^>]+)>/i.exec(raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
    const browser = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    };
    // a person's mail client loads the image (GET: human); a scanner checks it (HEAD: machine)
    if (pixel) await fetch(tracker(pixel), { headers: browser });
    else notes.push(`no tracking pixel found in the email to ${rcpt}`);
    if (!all) return;
    if (pixel) await fetch(tracker(pixel), { method: 'HEAD' });
    if (link) await fetch(tracker(link), { headers: browser, redirect: 'manual' });
    else notes.push(`no tracked link found in the email to ${rcpt}`);
    if (unsubscribe) {
      await fetch(tracker(unsubscribe), {
        method: 'POST',
        headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    } else notes.push(`no List-Unsubscribe URL found in the email to ${rcpt}`);
  }

  const scalar = async (q: string) => Number((await query(q))[0]?.value[1]);

  it('finds the delivery and quota figures of a campaign that just ran, equal to the ledger', async () => {
    const put = await pipeline.api(`/v1/accounts/${account}`, {
      method: 'PUT',
      body: JSON.stringify({ dailyLimit: 60, timeZone: 'UTC' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(201);
    const html = '<p>Hello {{name}}, <a href="https://shop.example/spring">see the spring range</a></p>';
    const everyone = recipients(80, 'ops.example');
    // two waves, so that counters grow across scrapes (a counter first seen at its final value
    // has no rate yet): 30 emails, then 50 more of which 2 bounce and 20 wait for tomorrow
    const first = campaignSubmit({ account, html, recipients: everyone.slice(0, 30) });
    const second = campaignSubmit({
      account,
      html,
      recipients: [...recipients(2, 'ops.example', 'gone'), ...everyone.slice(30, 78)],
    });

    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(first));
    const firstId = await waitFor(() => pipeline.campaignId(first.idempotencyKey), {
      message: 'first stored',
    });
    await waitFor(async () => (await pipeline.statusCounts(firstId)).sent === 30, { message: 'first sent' });
    await waitFor(async () => (await scalar('sum(postroom_deliveries_total{status="sent"})')) === 30, {
      timeoutMs: 30_000,
      intervalMs: 250,
      message: 'first wave scraped',
    });
    await read('user1@ops.example');
    const noPixel = () => notes.some((n) => n.startsWith('no tracking pixel'));
    await waitFor(async () => noPixel() || (await query('postroom_opens_total')).length > 0, {
      timeoutMs: 10_000,
      intervalMs: 250,
      message: 'first open scraped',
    });
    // rates need the first wave's counters in two scrapes before the second wave moves them
    await waitFor(
      async () => (await query('count_over_time(postroom_deliveries_total[1m]) >= 2')).length > 0,
      {
        timeoutMs: 10_000,
        intervalMs: 250,
        message: 'first wave scraped twice',
      },
    );

    await publishRaw(pipeline.namespace, 'campaign.submit', '{"not": "a campaign"');
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(second));
    const secondId = await waitFor(() => pipeline.campaignId(second.idempotencyKey), {
      message: 'second stored',
    });
    const counts = await waitFor(
      async () => {
        const c = await pipeline.statusCounts(secondId);
        return c.deferred > 0 && inFlight(c) === c.deferred ? c : undefined;
      },
      { timeoutMs: 60_000, message: 'the limit used up, the rest deferred' },
    );
    await read('user31@ops.example', true);
    const ledger = await pipeline.db.query<{ used: number }>(
      `select used from quota_days where account_id = $1`,
      [account],
    );
    expect(ledger.rows).toHaveLength(1);
    const sent = 30 + counts.sent;

    await waitFor(async () => (await scalar('sum(postroom_deliveries_total{status="sent"})')) === sent, {
      timeoutMs: 30_000,
      intervalMs: 500,
      message: `postroom_deliveries_total{status="sent"} = ${sent} scraped`,
    });
    const figures = await waitFor(
      async () => {
        const [used, limit, deferred] = await Promise.all(
          ['postroom_quota_used', 'postroom_quota_limit', 'postroom_deliveries_deferred'].map((m) =>
            scalar(`max(${m}{account="${account}"})`),
          ),
        );
        return used === ledger.rows[0].used ? { used, limit, deferred } : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, message: `postroom_quota_used{account="${account}"} scraped` },
    );

    expect(figures).toEqual({ used: ledger.rows[0].used, limit: 60, deferred: counts.deferred });
    expect(counts.bounced).toBe(2);
  });

  it('answers every dashboard panel query with data', async () => {
    const queries = dashboardFiles().map(readDashboard).flatMap(dashboardQueries);
    const prom = queries.filter((q) => q.datasource === 'prometheus');
    const sql = queries.filter((q) => q.datasource === 'ledger');
    expect(prom.length + sql.length).toBe(queries.length);
    const key = (q: PanelQuery) => `${q.dashboard} / ${q.panel}`;

    // rates need two samples inside their window: ask again for a while before calling it empty
    const empty = new Map<string, string>();
    const pending = new Set(prom);
    const started = Date.now();
    await waitFor(
      async () => {
        for (const q of [...pending]) {
          if (await promHasData(q.query)) pending.delete(q);
        }
        const onlyAllowed = [...pending].every((q) => key(q) in ALLOWED_EMPTY);
        return pending.size === 0 || (onlyAllowed && Date.now() - started > 5000);
      },
      { timeoutMs: 20_000, intervalMs: 1000 },
    ).catch(() => undefined); // what is still pending after 20 s is reported below as empty
    for (const q of pending) empty.set(`${key(q)} [${q.refId}]`, key(q));

    for (const q of sql) {
      const res = await pipeline.db.query(substituteSql(q.query, account));
      if (res.rowCount === 0) empty.set(`${key(q)} [${q.refId}] (SQL)`, key(q));
    }

    const unexpected = [...empty].filter(([, panel]) => !(panel in ALLOWED_EMPTY)).map(([k]) => k);
    const allowedWithData = Object.keys(ALLOWED_EMPTY).filter(
      (panel) => ![...empty.values()].includes(panel),
    );
    for (const panel of allowedWithData) notes.push(`allowed to be empty but has data now: ${panel}`);
    for (const [k, panel] of empty)
      if (panel in ALLOWED_EMPTY) notes.push(`empty (allowed): ${k}: ${ALLOWED_EMPTY[panel]}`);

    expect(unexpected).toEqual([]);
  });

  it('evaluates every alert rule without error, and holds the dead-letter alert for the bad message', async () => {
    const names = readAlertRules().map((r) => r.alert);
    type Rule = { name: string; health: string; lastError?: string; lastEvaluation: string };
    const rules = await waitFor(
      async () => {
        const res = (await (await fetch(`${promUrl}/api/v1/rules?type=alert`)).json()) as {
          data: { groups: { rules: Rule[] }[] };
        };
        const all = res.data.groups.flatMap((g) => g.rules);
        return all.length === names.length && all.every((r) => !r.lastEvaluation.startsWith('0001'))
          ? all
          : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500, message: 'every alert rule evaluated' },
    );

    expect(rules.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);

    const dlq = `${pipeline.namespace}.scheduler.campaign-submit.dlq`;
    const alert = await waitFor(
      async () => {
        const res = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()) as {
          data: { alerts: { labels: Record<string, string>; state: string }[] };
        };
        return res.data.alerts.find(
          (a) => a.labels.alertname === 'DeadLetterQueueNotEmpty' && a.labels.queue === dlq,
        );
      },
      { timeoutMs: 15_000, intervalMs: 500, message: `DeadLetterQueueNotEmpty for ${dlq}` },
    );
    expect(alert.state).toBe('pending');
  });
});
