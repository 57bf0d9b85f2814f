import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Reads the operator files in ops/ (Grafana dashboards, Prometheus alert rules) and the metric
 * names their queries use. Shared by the metric-name unit test and the Prometheus e2e test.
 */

export const OPS_DIR = path.resolve(__dirname, '..', '..', 'ops');
export const DASHBOARD_DIR = path.join(OPS_DIR, 'grafana', 'dashboards');
export const ALERTS_FILE = path.join(OPS_DIR, 'prometheus', 'alerts.yml');

/** One query of a dashboard: a panel's target, or a template variable's query. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  /** Data source uid: `prometheus` (PromQL) or `ledger` (SQL). */
  datasource: string;
  query: string;
}

interface DatasourceRef {
  uid?: string;
  type?: string;
}
interface Target {
  refId?: string;
  expr?: string;
  rawSql?: string;
  datasource?: DatasourceRef;
}
interface Panel {
  title?: string;
  type?: string;
  datasource?: DatasourceRef;
  targets?: Target[];
  panels?: Panel[];
}
interface TemplateVar {
  name: string;
  type: string;
  datasource?: DatasourceRef;
  query?: string | { query?: string };
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list?: TemplateVar[] };
}

export function dashboardFiles(): string[] {
  return fs
    .readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(DASHBOARD_DIR, f));
}

export function readDashboard(file: string): Dashboard {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel (rows' nested panels included) with its title. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  const out: Panel[] = [];
  const walk = (panels: Panel[] | undefined) => {
    for (const p of panels ?? []) {
      if (p.type !== 'row') out.push(p);
      walk(p.panels);
    }
  };
  walk(dashboard.panels);
  return out;
}

/** Every query of every panel and template variable of a dashboard. */
export function dashboardQueries(dashboard: Dashboard): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) {
      const datasource = target.datasource?.uid ?? panel.datasource?.uid ?? 'prometheus';
      const query = target.expr ?? target.rawSql;
      if (query === undefined) throw new Error(`${dashboard.uid} / ${panel.title}: a target without a query`);
      queries.push({
        dashboard: dashboard.uid,
        panel: panel.title ?? '(untitled)',
        refId: target.refId ?? 'A',
        datasource,
        query,
      });
    }
  }
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const query = typeof v.query === 'string' ? v.query : v.query?.query;
    if (!query) continue;
    queries.push({
      dashboard: dashboard.uid,
      panel: `variable $${v.name}`,
      refId: v.name,
      datasource: v.datasource?.uid ?? 'prometheus',
      query,
    });
  }
  return queries;
}

export interface AlertRule {
  alert: string;
  expr: string;
}

/**
 * The `alert:` and `expr:` of every rule in a Prometheus rule file. A small reader for the
 * shapes rule files use (`expr:` inline, quoted, or a `|` / `>` block scalar), so the test needs
 * no YAML dependency; `promtool check rules` (CI) checks the file's full syntax.
 */
export function parseAlertRules(text: string): AlertRule[] {
  const lines = text.split(/\r?\n/);
  const rules: AlertRule[] = [];
  let alert: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const named = /^\s*-\s+(alert|record):\s*(\S+)\s*$/.exec(lines[i]);
    if (named) {
      // a recording rule's expression is read too, and skipped below
      alert = named[1] === 'alert' ? unquote(named[2]) : '';
      continue;
    }
    const m = /^(\s*)(?:-\s+)?expr:\s*(.*?)\s*$/.exec(lines[i]);
    if (!m) continue;
    if (alert === undefined) throw new Error(`line ${i + 1}: expr: outside a rule`);
    const indent = m[1].length;
    let expr: string;
    const block = /^([|>])[-+]?$/.exec(m[2]);
    if (block) {
      const body: string[] = [];
      while (i + 1 < lines.length) {
        const next = lines[i + 1];
        const nextIndent = /^\s*/.exec(next)![0].length;
        if (next.trim() !== '' && nextIndent <= indent) break;
        body.push(next.trim());
        i++;
      }
      expr = body.join(block[1] === '|' ? '\n' : ' ').trim();
    } else {
      expr = unquote(m[2]);
    }
    if (alert) rules.push({ alert, expr });
    alert = undefined;
  }
  return rules;
}

export function readAlertRules(file = ALERTS_FILE): AlertRule[] {
  const text = fs.readFileSync(file, 'utf8');
  const rules = parseAlertRules(text);
  const declared = (text.match(/^\s*-\s+alert:/gm) ?? []).length;
  if (rules.length !== declared)
    throw new Error(`${file}: ${declared} alerts but ${rules.length} expressions read`);
  return rules;
}

function unquote(value: string): string {
  if (/^'.*'$/s.test(value)) return value.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/s.test(value)) return JSON.parse(value) as string;
  return value;
}

const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'atan2',
  'inf',
  'nan',
  'Inf',
  'NaN',
]);

/**
 * Metric names a PromQL expression selects. Strings, label matchers, ranges and grouping label
 * lists are removed first; what remains that is neither a function, a keyword nor a Grafana
 * variable is a metric name. `label_values(metric, label)` (a Grafana variable query) names
 * the metric only.
 */
export function metricNames(expr: string): string[] {
  const labelValues = /^\s*label_values\(\s*(.*?)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s.exec(expr);
  if (labelValues) return metricNames(labelValues[1]);
  let s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of s.matchAll(/(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = m[0];
    const rest = s.slice(m.index! + word.length);
    if (/^\s*\(/.test(rest)) continue; // a function or an aggregation
    if (PROMQL_KEYWORDS.has(word)) continue;
    names.add(word);
  }
  return [...names];
}
