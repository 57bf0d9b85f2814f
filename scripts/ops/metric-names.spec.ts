import * as fs from 'node:fs';
import * as path from 'node:path';
import { Metrics } from '@postroom/metrics';
import { Histogram, Summary } from 'prom-client';
import {
  dashboardFiles,
  dashboardQueries,
  metricNames,
  OPS_DIR,
  parseAlertRules,
  readAlertRules,
  readDashboard,
} from './ops-queries';

/**
 * A rename must not silently blank a Grafana panel or disarm an alert: every metric name that a
 * dashboard query or an alert rule uses is exported by some app (or by RabbitMQ, or is
 * Prometheus' own `up`).
 */

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Names an alert or panel uses before the app exports them, each with what it waits for. The
 * last test fails once a name is exported, so the entry is removed when the metric lands.
 */
const PENDING: Record<string, string> = {};

/** Series names a metric exposes: a histogram's _bucket/_sum/_count, a summary's _sum/_count. */
function seriesNames(name: string, kind: 'histogram' | 'summary' | 'other'): string[] {
  if (kind === 'histogram') return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (kind === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * Every name exported: the shared registry (instantiated, so the default process metrics and
 * the metric types are exact) plus every `'postroom_…'` string literal in the apps' and
 * libraries' sources (metrics an app registers itself, such as the scheduler's per-account
 * quota gauges, which need a ledger to instantiate).
 */
function exportedNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of new Metrics('metric-names-test').registry.getMetricsAsArray()) {
    const kind = metric instanceof Histogram ? 'histogram' : metric instanceof Summary ? 'summary' : 'other';
    for (const n of seriesNames(metric.name, kind)) names.add(n);
  }
  const files = [
    ...sourceFiles(path.join(ROOT, 'apps')),
    ...sourceFiles(path.join(ROOT, 'libs')).filter((f) => !f.includes(`${path.sep}testing${path.sep}`)),
  ];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`](postroom_[a-z0-9_]+)['"`]/g)) {
      const before = text.slice(Math.max(0, m.index! - 300), m.index);
      const kind = /new Histogram\b[^;]*$/.test(before)
        ? 'histogram'
        : /new Summary\b[^;]*$/.test(before)
          ? 'summary'
          : 'other';
      for (const n of seriesNames(m[1], kind)) names.add(n);
    }
  }
  return names;
}

const EXPORTED = exportedNames();
const isExported = (name: string) => EXPORTED.has(name) || name === 'up' || name.startsWith('rabbitmq_');

function missingIn(queries: { where: string; query: string }[]): string[] {
  const missing: string[] = [];
  for (const { where, query } of queries) {
    for (const name of metricNames(query)) {
      if (!isExported(name) && !(name in PENDING)) missing.push(`${where}: ${name}`);
    }
  }
  return missing;
}

describe('metric names used by dashboards and alert rules', () => {
  it('reads PromQL metric names, not functions, labels, strings or Grafana variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(postroom_tracker_request_duration_seconds_bucket{route=~"a|b"}[$__rate_interval])))',
      ),
    ).toEqual(['postroom_tracker_request_duration_seconds_bucket']);
    expect(
      metricNames(
        'max by (account) (a_total) == 0 and on (account) b{x="c_d"} offset 5m < 1e3 or label_replace(absent(up{job="x"} == 1), "job", "x", "", "")',
      ),
    ).toEqual(['a_total', 'b', 'up']);
    expect(metricNames('label_values(postroom_quota_limit, account)')).toEqual(['postroom_quota_limit']);
    expect(metricNames('sum(rate(x_total[5m])) by (status) / ignoring(status) group_left y')).toEqual([
      'x_total',
      'y',
    ]);
  });

  it('reads every alert of a rule file, inline, quoted or as a block', () => {
    const rules = parseAlertRules(
      [
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: A',
        '        expr: up == 0',
        '      - alert: B',
        '        expr: \'x{a="b"} > 0\'',
        '      - alert: C',
        '        expr: |',
        '          y > 1',
        '            and z',
        '        for: 5m',
        '      - record: not_an_alert',
        '        expr: sum(q)',
      ].join('\n'),
    );
    expect(rules).toEqual([
      { alert: 'A', expr: 'up == 0' },
      { alert: 'B', expr: 'x{a="b"} > 0' },
      { alert: 'C', expr: 'y > 1\nand z' },
    ]);
  });

  it('finds the exported names the dashboards rely on', () => {
    for (const name of [
      'postroom_deliveries_total',
      'postroom_smtp_send_duration_seconds_bucket',
      'postroom_quota_limit',
      'postroom_complaint_rate',
      'postroom_process_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(EXPORTED.has(name)).toBe(true);
    }
    expect(EXPORTED.has('postroom_deliveries_total_bucket')).toBe(false);
  });

  const dashboards = dashboardFiles().map(readDashboard);

  it('has the overview and deliverability dashboards, each with queries', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(['postroom-deliverability', 'postroom-overview']);
    for (const d of dashboards) expect(dashboardQueries(d).length).toBeGreaterThan(5);
  });

  it.each(dashboards.map((d) => [d.uid, d] as const))(
    'dashboard %s uses only exported metric names',
    (_uid, dashboard) => {
      const queries = dashboardQueries(dashboard)
        .filter((q) => q.datasource === 'prometheus')
        .map((q) => ({ where: `${q.panel} [${q.refId}]`, query: q.query }));

      expect(queries.length).toBeGreaterThan(0);
      expect(missingIn(queries)).toEqual([]);
    },
  );

  it('alert rules use only exported metric names', () => {
    const rules = readAlertRules();

    expect(rules.length).toBeGreaterThanOrEqual(8);
    expect(missingIn(rules.map((r) => ({ where: r.alert, query: r.expr })))).toEqual([]);
  });

  it('dashboards use only the provisioned data sources, and SQL reads only the tables granted to Grafana', () => {
    const datasources = fs.readFileSync(
      path.join(OPS_DIR, 'grafana', 'provisioning', 'datasources', 'datasources.yml'),
      'utf8',
    );
    const uids = new Set([...datasources.matchAll(/^\s*uid:\s*(\S+)\s*$/gm)].map((m) => m[1]));
    const grantSql = fs.readFileSync(path.join(OPS_DIR, 'postgres', 'ledger-reader.sql'), 'utf8');
    const granted = new Set(
      (/GRANT SELECT ON TABLE (.+?) TO /.exec(grantSql)?.[1] ?? '').split(',').map((t) => t.trim()),
    );
    const problems: string[] = [];
    for (const q of dashboards.flatMap(dashboardQueries)) {
      if (!uids.has(q.datasource))
        problems.push(`${q.panel}: data source ${q.datasource} is not provisioned`);
      if (q.datasource !== 'ledger') continue;
      for (const m of q.query.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_.]*)/gi)) {
        if (!granted.has(m[1])) problems.push(`${q.panel}: reads ${m[1]}, not granted to ledger_reader`);
      }
    }

    expect(granted.size).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('selects only jobs that prometheus.yml scrapes', () => {
    const config = fs.readFileSync(path.join(OPS_DIR, 'prometheus', 'prometheus.yml'), 'utf8');
    const jobs = new Set([...config.matchAll(/job_name:\s*(\S+)/g)].map((m) => m[1]));
    const queries = [
      ...dashboards.flatMap(dashboardQueries).map((q) => q.query),
      ...readAlertRules().map((r) => r.expr),
    ];
    const unknown = new Set<string>();
    for (const q of queries) {
      for (const m of q.matchAll(/\bjob\s*(=~?)\s*"([^"]*)"/g)) {
        const names = m[1] === '=~' ? m[2].split('|') : [m[2]];
        for (const n of names) if (!jobs.has(n)) unknown.add(n);
      }
    }

    expect([...unknown]).toEqual([]);
  });

  it('lists as pending only names that are not exported yet (remove an entry once its metric lands)', () => {
    expect(Object.keys(PENDING).filter((name) => isExported(name))).toEqual([]);
  });
});
