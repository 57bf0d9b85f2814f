import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';

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

/** USER_HZ: the unit of /proc CPU times (100 on every mainstream Linux architecture). */
const TICKS_PER_SECOND = 100;

/** utime + stime from the text of /proc/<pid>/stat, in seconds. */
export function procStatCpuSeconds(stat: string): number | undefined {
  // the command name may hold spaces and parentheses: count fields after its closing one
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : undefined;
}

/** Busy CPU time of the whole machine (every core, all but idle and iowait) from /proc/stat, in seconds. */
export function machineBusySeconds(procStat: string): number | undefined {
  const line = /^cpu\s+(.*)$/m.exec(procStat)?.[1];
  if (!line) return undefined;
  const ticks = line.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal [guest guest_nice, already within user and nice]
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  const busy = [user, nice, system, irq, softirq, steal].reduce((a, b) => a + (b || 0), 0);
  return busy / TICKS_PER_SECOND;
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds spent between `start()` and `stop()` by some processes and by the whole machine,
 * to tell which one is saturated. A process gone before `stop()` reports null.
 */
export class CpuMeter {
  private readonly begin = new Map<string, number | undefined>();

  constructor(private readonly pids: Record<string, number | undefined>) {}

  private now(): Map<string, number | undefined> {
    const values = new Map<string, number | undefined>();
    for (const [name, pid] of Object.entries(this.pids)) {
      const stat = pid === undefined ? undefined : readProc(`/proc/${pid}/stat`);
      values.set(name, stat === undefined ? undefined : procStatCpuSeconds(stat));
    }
    const all = readProc('/proc/stat');
    values.set('machine', all === undefined ? undefined : machineBusySeconds(all));
    return values;
  }

  start(): void {
    for (const [name, value] of this.now()) this.begin.set(name, value);
  }

  /** CPU seconds per process since `start()`, plus `machine` (all cores together). */
  stop(): Record<string, number | null> {
    const result: Record<string, number | null> = {};
    for (const [name, value] of this.now()) {
      const begin = this.begin.get(name);
      result[name] =
        value === undefined || begin === undefined ? null : Math.round((value - begin) * 100) / 100;
    }
    return result;
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How busy the machine is before a run (0: idle, 1: every core busy), measured for `sampleMs`. */
export async function backgroundLoad(sampleMs = 1000): Promise<number> {
  const meter = new CpuMeter({});
  meter.start();
  await sleep(sampleMs);
  const busy = meter.stop().machine;
  return busy === null ? 0 : round(busy / (sampleMs / 1000) / availableParallelism(), 2);
}
