import * as fs from 'node:fs';

/** One `VmXxx:   1234 kB` field of /proc/<pid>/status, in kB; undefined when absent. */
export function procStatusKb(status: string, field: 'VmRSS' | 'VmHWM'): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}

function readStatus(pid: number | 'self'): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

/**
 * The peak resident set size of one process: the kernel's high-water mark (VmHWM) when it
 * can still be read, else the largest VmRSS seen by `sample()`.
 */
export class PeakRss {
  private sampledKb = 0;

  constructor(private readonly pid: number | 'self') {}

  sample(): void {
    const status = readStatus(this.pid);
    const rss = status ? procStatusKb(status, 'VmRSS') : undefined;
    if (rss !== undefined) this.sampledKb = Math.max(this.sampledKb, rss);
  }

  /** Read while the process still runs: after it exits only the samples are left. */
  peakMb(): number | null {
    const status = readStatus(this.pid);
    const hwm = status ? procStatusKb(status, 'VmHWM') : undefined;
    const kb = Math.max(hwm ?? 0, this.sampledKb);
    return kb > 0 ? Math.round((kb / 1024) * 10) / 10 : null;
  }
}
