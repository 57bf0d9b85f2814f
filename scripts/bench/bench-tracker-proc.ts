import * as fs from 'node:fs';

/**
 * Processes of the local Postgres server (command name `postgres`), by name `pg<pid>` for a
 * CpuMeter: the tracker's writes cost CPU there, on the same cores when the ledger is local.
 * Empty when /proc cannot be read (not Linux) or Postgres runs elsewhere.
 */
export function postgresPids(): Record<string, number> {
  const pids: Record<string, number> = {};
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        pids[`pg${entry}`] = Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Sums the `pg<pid>` entries of a CpuMeter result into `postgres` (null when there were none). */
export function foldPostgres(cpu: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  let pg: number | null = null;
  for (const [name, value] of Object.entries(cpu)) {
    if (/^pg\d+$/.test(name)) {
      if (value !== null) pg = (pg ?? 0) + value;
    } else {
      out[name] = value;
    }
  }
  out.postgres = pg === null ? null : Math.round(pg * 100) / 100;
  return out;
}
