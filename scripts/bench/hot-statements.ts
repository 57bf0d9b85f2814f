import { round } from './bench-proc';

/**
 * The services' own count of the ledger statements that change deliveries on the send path
 * (`postroom_ledger_hot_statements_total`, by kind), read from their ops listeners' /metrics
 * and summed over every process of a run.
 */
export async function scrapeHotStatements(metricsUrls: readonly string[]): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const url of metricsUrls) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    for (const [kind, n] of Object.entries(parseHotStatements(await res.text()))) {
      sums[kind] = (sums[kind] ?? 0) + n;
    }
  }
  return sums;
}

/** The counter's samples in a Prometheus text exposition, by their `kind` label. */
export function parseHotStatements(exposition: string): Record<string, number> {
  const out: Record<string, number> = {};
  const sample = /^postroom_ledger_hot_statements_total\{(?:[^}]*,)?kind="([^"]+)"[^}]*\}\s+(\S+)/;
  for (const line of exposition.split('\n')) {
    const m = sample.exec(line);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
  }
  return out;
}

/** Per 100 emails, each kind and their total, to two decimals. */
export function per100(counts: Record<string, number>, emails: number): Record<string, number> {
  const r = (v: number) => round((v / emails) * 100, 2);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, r(v)])), total: r(total) };
}
