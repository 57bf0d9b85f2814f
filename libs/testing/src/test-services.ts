import * as fs from 'node:fs';
import { request } from 'node:http';

/**
 * Where the integration and end-to-end tiers find Postgres and RabbitMQ: containers started with
 * testcontainers, or the services already running on this machine.
 */
export type ServicesChoice =
  { readonly kind: 'containers'; readonly why: string } | { readonly kind: 'local'; readonly why: string };

/**
 * The rule, pure: `POSTROOM_TESTCONTAINERS=1` asks for containers and `=0` for the local
 * services; otherwise containers when a Docker engine answers, the local services when none does.
 */
export function chooseServices(
  env: Readonly<Record<string, string | undefined>>,
  engineAnswers: boolean,
): ServicesChoice {
  const asked = env.POSTROOM_TESTCONTAINERS;
  if (asked === '1') return { kind: 'containers', why: 'POSTROOM_TESTCONTAINERS=1' };
  if (asked === '0') return { kind: 'local', why: 'POSTROOM_TESTCONTAINERS=0' };
  if (asked !== undefined && asked !== '') {
    throw new Error(`POSTROOM_TESTCONTAINERS=${JSON.stringify(asked)}: expected 1, 0 or unset`);
  }
  return engineAnswers
    ? { kind: 'containers', why: 'a Docker engine answers' }
    : { kind: 'local', why: 'no Docker engine answers (POSTROOM_TESTCONTAINERS=1 would require one)' };
}

/** The engine's address from DOCKER_HOST (unix:// or tcp://), else the default socket. */
export function dockerEndpoint(
  env: Readonly<Record<string, string | undefined>>,
): { socketPath: string } | { host: string; port: number } {
  const host = env.DOCKER_HOST;
  if (!host) return { socketPath: '/var/run/docker.sock' };
  const url = new URL(host);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  return { host: url.hostname, port: Number(url.port || 2375) };
}

/** True when `GET /_ping` of the Docker engine answers OK within `timeoutMs`. */
export function dockerEngineAnswers(
  env: Readonly<Record<string, string | undefined>> = process.env,
  timeoutMs = 1500,
): Promise<boolean> {
  const endpoint = dockerEndpoint(env);
  if ('socketPath' in endpoint && !fs.existsSync(endpoint.socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** What the tiers need to reach the services, as environment variables. */
export interface ServicesEnv {
  DATABASE_URL: string;
  AMQP_URL: string;
  RABBITMQ_PROMETHEUS_PORT: string;
}

export interface StartedServices {
  readonly env: ServicesEnv;
  stop(): Promise<void>;
}

/**
 * Postgres and RabbitMQ (with its Prometheus plugin, which the dashboards read) in containers.
 * testcontainers is loaded only on this path, so the local path never needs it.
 */
export async function startContainers(): Promise<StartedServices> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const [postgres, rabbit] = await Promise.all([
    new PostgreSqlContainer('postgres:16-alpine')
      .withUsername('root')
      .withPassword('postroom')
      .withDatabase('postgres')
      .start(),
    new RabbitMQContainer('rabbitmq:3.13-management-alpine').withExposedPorts(5672, 15692).start(),
  ]);
  await rabbit.exec(['rabbitmq-plugins', 'enable', 'rabbitmq_prometheus']);
  return {
    env: {
      DATABASE_URL: postgres.getConnectionUri(),
      AMQP_URL: rabbit.getAmqpUrl(),
      RABBITMQ_PROMETHEUS_PORT: String(rabbit.getMappedPort(15692)),
    },
    stop: async () => {
      await Promise.all([postgres.stop(), rabbit.stop()]);
    },
  };
}
