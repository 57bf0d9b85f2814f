import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** The bare Fastify pixel server (bare-pixel-server.ts) running in a child process. */
export interface BareServer {
  readonly pid: number | undefined;
  readonly port: number;
  /** How the process ended, once it has (undefined while it runs). */
  readonly exitedEarly: () => string | undefined;
  stop(): Promise<void>;
  /** Last resort from a process 'exit' handler: synchronous, no waiting. */
  kill(): void;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;

/** Forks the compiled bare-pixel-server.js next to this file and waits until it listens. */
export function startBareServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<BareServer> {
  const entry = path.join(__dirname, 'bare-pixel-server.js');
  // plain `node <entry>` like the tracker: none of this process's flags, its own process group
  const child: ChildProcess = fork(entry, [], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
    env: { ...process.env, NODE_OPTIONS: '', ...extraEnv },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  let exitText: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitText = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  return new Promise<BareServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bare pixel server did not listen within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the bare pixel server ${exitText} before it listened: ${stderr.trim()}`));
    });
    child.once('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'ready' || !message.port) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        port: message.port,
        exitedEarly: () => exitText,
        stop: async () => {
          if (exitText) return;
          child.kill('SIGTERM');
          const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(grace);
        },
        kill: () => {
          if (!exitText) child.kill('SIGKILL');
        },
      });
    });
  });
}
