import {
  chooseServices,
  dockerEngineAnswers,
  startContainers,
  type StartedServices,
} from '../libs/testing/src/test-services';

const KEY = Symbol.for('postroom.test-services');
type Holder = { [KEY]?: Promise<StartedServices | undefined> };

/**
 * Jest global setup of the integration and end-to-end tiers: decides once where Postgres and
 * RabbitMQ come from (libs/testing chooseServices), says so once, and for containers starts
 * them and points the tests at them through DATABASE_URL, AMQP_URL and RABBITMQ_PROMETHEUS_PORT.
 */
export default async function servicesSetup(): Promise<void> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const choice = chooseServices(process.env, await dockerEngineAnswers());
    if (choice.kind === 'local') {
      process.stdout.write(
        `\ntest services: the local Postgres and RabbitMQ (${choice.why}): ` +
          `${redact(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432')}, ` +
          `${redact(process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672')}\n`,
      );
      return undefined;
    }
    process.stdout.write(`\ntest services: Postgres and RabbitMQ in containers (${choice.why}), starting…\n`);
    const started = await startContainers();
    Object.assign(process.env, started.env);
    process.stdout.write(
      `test services: ${redact(started.env.DATABASE_URL)}, ${redact(started.env.AMQP_URL)}\n`,
    );
    return started;
  })();
  await holder[KEY];
}

/** Jest global teardown: stops the containers, if any were started. */
export async function servicesTeardown(): Promise<void> {
  const holder = globalThis as Holder;
  const started = await holder[KEY];
  holder[KEY] = undefined;
  await started?.stop();
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
