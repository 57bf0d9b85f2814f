import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** Postfix's smtp-source on PATH or in the usual sbin folders, when installed. */
export function findSmtpSource(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SEARCH_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, 'smtp-source');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface SmtpSourceOptions {
  readonly binary: string;
  readonly host: string;
  readonly port: number;
  /** Parallel SMTP sessions: the pool size the other runs use. */
  readonly sessions: number;
  readonly n: number;
  /** Bytes of each message body, about the pipeline's messages. */
  readonly length: number;
}

/** The smtp-source command line: `n` messages over `sessions` connections kept open (`-d`). */
export function smtpSourceArgs(o: Omit<SmtpSourceOptions, 'binary'>): string[] {
  return [
    '-d',
    '-s',
    String(o.sessions),
    '-m',
    String(o.n),
    '-l',
    String(o.length),
    '-f',
    'bench@postroom.test',
    '-t',
    'sink@postroom.test',
    `${o.host}:${o.port}`,
  ];
}

/**
 * Postfix's own SMTP load generator into the same sink: the ceiling of an SMTP client on this
 * machine, with no message composed at all. Wall seconds from start to exit.
 */
export function runSmtpSource(o: SmtpSourceOptions): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(o.binary, smtpSourceArgs(o), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000 });
      else
        reject(
          new Error(`smtp-source ${signal ? `killed by ${signal}` : `exited ${code}`}: ${stderr.trim()}`),
        );
    });
  });
}
