import * as net from 'node:net';
import { redact } from '@postroom/messaging';

export type Dependency = 'PostgreSQL' | 'RabbitMQ';

const HOW_TO_START: Record<Dependency, string> = {
  PostgreSQL:
    'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (Debian), ' +
    'or `docker compose up -d postgres`, or set DATABASE_URL',
  RabbitMQ:
    'start it with `rabbitmq-server -detached` (Debian), or `docker compose up -d rabbitmq`, or set AMQP_URL',
};

export class DependencyUnreachable extends Error {
  constructor(
    readonly dependency: Dependency,
    readonly url: string,
    cause: string,
  ) {
    super(`${dependency} cannot be reached at ${redact(url)} (${cause}): ${HOW_TO_START[dependency]}`);
    this.name = 'DependencyUnreachable';
  }
}

/** Checks within `timeoutMs` that something listens at the URL's host and port. */
export function checkReachable(
  dependency: Dependency,
  url: string,
  defaultPort: number,
  timeoutMs = 3000,
): Promise<void> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(u.port || defaultPort);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (cause: string) => {
      socket.destroy();
      reject(new DependencyUnreachable(dependency, url, cause));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

export async function checkDependencies(databaseUrl: string, amqpUrl: string): Promise<void> {
  const results = await Promise.allSettled([
    checkReachable('PostgreSQL', databaseUrl, 5432),
    checkReachable('RabbitMQ', amqpUrl, 5672),
  ]);
  const errors = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as Error);
  if (errors.length > 0) throw new AggregateError(errors, errors.map((e) => e.message).join('\n'));
}
