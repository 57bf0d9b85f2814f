import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ConfigError,
  loadConfig,
  type ConfigOf,
  type EnvSchema,
  type commonEnv,
  type edgeEnv,
} from '@postroom/config';
import { Ledger } from '@postroom/ledger';
import { Broker, RabbitTransport, RethrowToBroker, type ConsumerSettings } from '@postroom/messaging';
import type { Logger } from 'pino';
import { frontServer, type FrontHandler } from './front-server';
import { createLogger, NestPinoLogger } from './logger';
import { OpsServer } from './ops-server';
import { checkDependencies } from './preflight';
import { METRICS } from './tokens';
import type { Metrics } from '@postroom/metrics';

type CommonConfig = ConfigOf<typeof commonEnv> & ConfigOf<typeof edgeEnv>;

export interface AppDefinition<S extends EnvSchema> {
  readonly service: string;
  readonly schema: S;
  readonly port: (config: ConfigOf<S>) => number;
  /** The ops listener's port (`/metrics`), on OPS_HOST. */
  readonly opsPort: (config: ConfigOf<S>) => number;
  readonly module: (deps: {
    config: ConfigOf<S>;
    logger: Logger;
    ledger: Ledger;
    broker: Broker;
  }) => DynamicModule;
  readonly bodyLimit?: (config: ConfigOf<S>) => number;
  readonly beforeListen?: (app: NestFastifyApplication, config: ConfigOf<S>) => Promise<void> | void;
  readonly poolMax?: number;
  /** Per-consumer settings known only from the configuration (e.g. a prefetch), by consumer name. */
  readonly consumers?: (config: ConfigOf<S>) => Record<string, ConsumerSettings>;
  /** Fastify's `trustProxy`: whose X-Forwarded-For names the client (request.ip). */
  readonly trustProxy?: (config: ConfigOf<S>) => boolean | number | string;
  /** A handler that answers some requests before Fastify routes them (see FrontHandler). */
  readonly frontHandler?: (app: NestFastifyApplication, config: ConfigOf<S>) => FrontHandler;
}

/**
 * Starts one Postroom service: validates its configuration once, checks Postgres and RabbitMQ
 * with a clear message each, then boots the Nest app on Fastify. Exits 1 on a bad start.
 */
export async function bootstrap<S extends EnvSchema>(
  def: AppDefinition<S>,
  env: Record<string, string | undefined> = process.env,
): Promise<INestApplication> {
  let config: ConfigOf<S>;
  try {
    config = loadConfig(def.service, def.schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
  const common = config as unknown as CommonConfig;
  const logger = createLogger(def.service, common.LOG_LEVEL);
  try {
    await checkDependencies(common.DATABASE_URL, common.AMQP_URL);
  } catch (err) {
    logger.fatal((err as Error).message);
    process.stderr.write(`${def.service}: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const ledger = await Ledger.connect(common.DATABASE_URL, { poolMax: def.poolMax });
  const broker = new Broker(common.AMQP_URL, common.AMQP_NAMESPACE, logger.child({ component: 'broker' }));
  await broker.connect();

  // set once the app's providers exist, after the server is made
  const front: { handler?: FrontHandler } = {};
  const app = await NestFactory.create<NestFastifyApplication>(
    def.module({ config, logger, ledger, broker }),
    new FastifyAdapter({
      bodyLimit: def.bodyLimit?.(config) ?? 1024 * 1024,
      // Fastify takes a hop count too; the adapter's type leaves numbers out
      trustProxy: (def.trustProxy?.(config) ?? false) as boolean | string,
      ...(def.frontHandler ? { serverFactory: frontServer(() => front.handler) } : {}),
    }),
    { logger: new NestPinoLogger(logger.child({ component: 'nest' })) },
  );
  app.enableShutdownHooks();
  // the app's @EventPattern handlers, served over our broker (its queues, confirms and retries)
  app
    .connectMicroservice(
      { strategy: new RabbitTransport(broker, def.consumers?.(config) ?? {}) },
      { inheritAppConfig: true },
    )
    .useGlobalFilters(new RethrowToBroker());
  await def.beforeListen?.(app, config);
  front.handler = def.frontHandler?.(app, config);
  const ops = await startOps(def.service, app.get(METRICS), common.OPS_HOST, def.opsPort(config));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', () => ops.close());
  const port = def.port(config);
  await app.init();
  // consumers start once every provider is up, as they did in onApplicationBootstrap
  await app.startAllMicroservices();
  await app.listen(port, common.HTTP_HOST);
  logger.info(
    { port, host: common.HTTP_HOST, ops: `${common.OPS_HOST}:${ops.port}` },
    `${def.service} listening`,
  );
  return app;
}

/** The ops listener, or exit 1 with a message naming what to change. */
async function startOps(service: string, metrics: Metrics, host: string, port: number): Promise<OpsServer> {
  try {
    return await OpsServer.start(metrics, host, port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    process.stderr.write(
      `${service}: the ops listener (/metrics) cannot listen on ${host}:${port} (${code}): ` +
        `choose another ${service.toUpperCase()}_OPS_PORT or OPS_HOST\n`,
    );
    process.exit(1);
  }
}
