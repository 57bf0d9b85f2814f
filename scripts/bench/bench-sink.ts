import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from '@postroom/testing';

export type SinkKind = 'smtp-sink' | 'node';

/** An SMTP server in its own process that accepts everything and keeps nothing but a count. */
export interface BenchSink {
  readonly kind: SinkKind;
  readonly host: string;
  readonly port: number;
  /** `smtp://host:port`, for SMTP_URL. */
  readonly url: string;
  readonly pid: number | undefined;
  /** How the process ended, once it has (undefined while it runs). */
  readonly exitedEarly: () => string | undefined;
  /** Messages accepted since the sink started. */
  received(): Promise<number>;
  stop(): Promise<void>;
  /** Last resort from a process 'exit' handler: synchronous, no waiting. */
  kill(): void;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;
/** smtp-sink's listen(2) backlog. */
const BACKLOG = '1000';
const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Postfix's smtp-sink on PATH or in the usual sbin folders, when installed. */
export function findSmtpSink(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, 'smtp-sink');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The counter line smtp-sink -c rewrites in place (`sess=3 quit=0 mesg=1998\r`): the last
 * `mesg` value in `text`, or undefined when there is none yet.
 */
export function lastSmtpSinkMessageCount(text: string): number | undefined {
  const all = [...text.matchAll(/mesg=(\d+)/g)];
  return all.length > 0 ? Number(all[all.length - 1][1]) : undefined;
}

/** An unprivileged user for `smtp-sink -u` (required when running as root). */
function unprivilegedUser(): string | undefined {
  let passwd = '';
  try {
    passwd = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  return ['nobody', 'postfix', 'daemon'].find((user) => new RegExp(`^${user}:`, 'm').test(passwd));
}

/**
 * Starts Postfix's smtp-sink when `kind` allows and it is installed (and starts), else the Node
 * sink. `workDir` keeps smtp-sink's counter output while it runs.
 */
export async function startSink(
  kind: 'auto' | SinkKind,
  workDir: string,
  log: (line: string) => void,
): Promise<BenchSink> {
  if (kind !== 'node') {
    const bin = findSmtpSink();
    if (bin) {
      try {
        return await startSmtpSink(bin, workDir);
      } catch (err) {
        if (kind === 'smtp-sink') throw err;
        log(`smtp-sink did not start (${(err as Error).message}); using the Node sink`);
      }
    } else if (kind === 'smtp-sink') {
      throw new Error('smtp-sink is not installed (Debian: apt-get install postfix)');
    }
  }
  return startNodeSink();
}

async function startSmtpSink(bin: string, workDir: string): Promise<BenchSink> {
  const port = await freePort();
  const args = ['-c'];
  if (process.getuid?.() === 0) {
    const user = unprivilegedUser();
    if (!user) throw new Error('running as root and no unprivileged user (nobody) for smtp-sink -u');
    args.push('-u', user);
  }
  args.push(`${HOST}:${port}`, BACKLOG);
  fs.mkdirSync(workDir, { recursive: true });
  const outFile = path.join(workDir, `smtp-sink-${port}.out`);
  const fd = fs.openSync(outFile, 'w');
  let child: ChildProcess;
  try {
    // its own process group: a Ctrl-C reaches only the bench, which stops it in order
    child = spawn(bin, args, { stdio: ['ignore', fd, 'pipe'], detached: true });
  } finally {
    fs.closeSync(fd);
  }
  const watched = watchChild(child);
  const sink: BenchSink = {
    kind: 'smtp-sink',
    host: HOST,
    port,
    url: `smtp://${HOST}:${port}`,
    pid: child.pid,
    exitedEarly: () => watched.exitText(),
    received: async () => {
      // the counter line is rewritten after every message: the file's tail has the latest
      const text = readTail(outFile, 4096);
      return lastSmtpSinkMessageCount(text) ?? 0;
    },
    stop: async () => {
      await stopChild(child, watched.exited);
      fs.rmSync(outFile, { force: true });
    },
    kill: () => killNow(child),
  };
  try {
    await waitForBanner(HOST, port, READY_TIMEOUT_MS, watched.exitText);
  } catch (err) {
    await sink.stop();
    throw err;
  }
  return sink;
}

async function startNodeSink(): Promise<BenchSink> {
  const entry = path.join(__dirname, 'smtp-sink-process.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist; run \`npm run build\` first`);
  const child = fork(entry, [], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
    env: { ...process.env, SINK_PORT: '0', SINK_HOST: HOST },
  });
  const watched = watchChild(child);
  const waiting: ((count: number) => void)[] = [];
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Node sink was not ready within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', (message: { type?: string; port?: number; count?: number }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(Number(message.port));
      } else if (message.type === 'count') {
        waiting.shift()?.(Number(message.count));
      }
    });
    void watched.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the Node sink ${watched.exitText()}`));
    });
  });
  let port: number;
  try {
    port = await ready;
  } catch (err) {
    await stopChild(child, watched.exited);
    throw err;
  }
  return {
    kind: 'node',
    host: HOST,
    port,
    url: `smtp://${HOST}:${port}`,
    pid: child.pid,
    exitedEarly: () => watched.exitText(),
    received: () =>
      new Promise<number>((resolve, reject) => {
        if (watched.exitText()) return reject(new Error(`the Node sink ${watched.exitText()}`));
        waiting.push(resolve);
        child.send({ type: 'count' });
      }),
    stop: () => stopChild(child, watched.exited),
    kill: () => killNow(child),
  };
}

/** Follows a child's exit, keeping the end of its stderr for the error message. */
function watchChild(child: ChildProcess) {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  let text: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      text = `${how}${stderr.trim() ? `: ${stderr.trim()}` : ''}`;
      resolve();
    });
    child.once('error', (err) => {
      if (child.pid === undefined) {
        text = `could not start: ${err.message}`;
        resolve();
      }
    });
  });
  return { exited, exitText: () => text };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      killNow(child);
      resolve();
    }, STOP_GRACE_MS);
  });
  await Promise.race([exited, late]);
  clearTimeout(timer);
  await exited;
}

function killNow(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGKILL');
}

/** Waits until the server at host:port greets with 220, failing early when it exited. */
async function waitForBanner(
  host: string,
  port: number,
  timeoutMs: number,
  exitText: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const gone = exitText();
    if (gone) throw new Error(`smtp-sink ${gone}`);
    try {
      const greeting = await readGreeting(host, port);
      if (greeting.startsWith('220')) return;
      last = `greeted with ${JSON.stringify(greeting.slice(0, 100))}`;
    } catch (err) {
      last = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`no SMTP greeting on ${host}:${port} (${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readGreeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => {
      socket.destroy();
      reject(new Error('no greeting within 2 s'));
    });
    socket.once('error', reject);
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('\n')) return;
      socket.end('QUIT\r\n');
      socket.destroySoon();
      resolve(text.trim());
    });
  });
}

function readTail(file: string, bytes: number): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      return buf.toString('latin1');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
