import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const SERVICE_NAMES = ['scheduler', 'sender', 'tracker', 'bounce'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One service running as a child process, its output going to `logFile`. */
export interface RunningService {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ServiceExit>;
  /** Set once the process has exited. */
  exit?: ServiceExit;
}

export interface SpawnOptions {
  /** The compiled entry point; `dist/apps/<name>/src/main.js` under the repository by default. */
  entry?: string;
  /** Defaults to the repository root. */
  cwd?: string;
}

/** The repository root: the nearest folder above this file with Postroom's package.json. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'postroom'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no Postroom package.json above ${from}`);
  }
}

/**
 * Starts `node dist/apps/<name>/src/main.js` with exactly `env`; stdout and stderr (pino JSON)
 * go to `logFile`, the previous one kept as `<logFile>.1`. The child gets its own process
 * group, so a Ctrl-C in the terminal reaches only the parent, which stops it with one SIGTERM.
 */
export function spawnService(
  name: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  options: SpawnOptions = {},
): RunningService {
  const root = repoRoot();
  const entry = options.entry ?? path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${name}: ${entry} does not exist; run \`npm run build\` first`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`);
  const fd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [entry], {
      cwd: options.cwd ?? root,
      env,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    fs.closeSync(fd);
  }
  const service: RunningService = {
    name,
    child,
    logFile,
    exited: new Promise<ServiceExit>((resolve) => {
      child.once('exit', (code, signal) => {
        service.exit = { code, signal };
        resolve(service.exit);
      });
      child.once('error', () => {
        // spawn itself failed (no 'exit' follows)
        if (child.pid === undefined) {
          service.exit = { code: null, signal: null };
          resolve(service.exit);
        }
      });
    }),
  };
  return service;
}

/** Stops a service: SIGTERM, then SIGKILL when it is still running after `graceMs`. */
export async function stopService(service: RunningService, graceMs = 5000): Promise<ServiceExit> {
  if (service.exit) return service.exit;
  service.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      if (!service.exit) service.child.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([service.exited, killed]);
  clearTimeout(timer);
  return service.exited;
}

const REQUEST_TIMEOUT_MS = 2000;

export interface WaitForHealthOptions {
  /** Named in the error, e.g. the service. */
  label?: string;
  /** Fails early when the process behind the URL exits first. */
  exited?: Promise<unknown>;
  intervalMs?: number;
}

/** Polls `url` until it answers 200; throws after `timeoutMs` with the last answer or error. */
export async function waitForHealth(
  url: string,
  timeoutMs = 30_000,
  options: WaitForHealthOptions = {},
): Promise<void> {
  const label = options.label ? `${options.label} (${url})` : url;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void options.exited?.then(() => (gone = true));
  let last = 'no answer yet';
  for (;;) {
    if (gone) throw new Error(`${label} exited before it became healthy`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.text();
      if (res.status === 200) return;
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = describeFetchError(err);
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${label} was not healthy within ${timeoutMs / 1000} s: ${last}`);
    await new Promise((r) => setTimeout(r, Math.min(options.intervalMs ?? 250, left)));
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError')
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** The last `lines` lines of a file ('' when it cannot be read), reading at most its last 64 KiB. */
export function tailFile(file: string, lines = 20): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      return buf.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** The last lines of a service's log, to show with an error about it. */
export function logTail(s: RunningService, lines = 25): string {
  const tail = tailFile(s.logFile, lines);
  return tail ? `last lines of ${s.logFile}:\n${tail}` : `${s.logFile} is empty`;
}

/** Resolves to true when nothing listens on host:port yet (a bind test, released at once). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
