import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { Broker } from '@postroom/messaging';
import { Ledger } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import type { Logger } from 'pino';
import { systemClock } from './clock';
import { LEDGER_STORES } from './ledger-stores';
import { OpsController } from './ops.controller';
import { BROKER, CLOCK, CONFIG, LEDGER, LOGGER, METRICS } from './tokens';

export interface CoreOptions {
  readonly service: string;
  readonly config: { DATABASE_URL: string; AMQP_URL: string; AMQP_NAMESPACE: string };
  readonly logger: Logger;
  readonly ledger: Ledger;
  readonly broker: Broker;
}

/** Shared providers of every app: config, logger, ledger and its stores, broker, metrics, clock, ops endpoints. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(BROKER) private readonly broker: Broker,
  ) {}

  static forRoot(options: CoreOptions): DynamicModule {
    const metrics = new Metrics(options.service);
    options.broker.onDeadLetter = (consumer) => metrics.messagesDeadLettered.inc({ consumer });
    const providers = [
      { provide: CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: LEDGER, useValue: options.ledger },
      { provide: BROKER, useValue: options.broker },
      { provide: METRICS, useValue: metrics },
      { provide: CLOCK, useValue: systemClock },
    ];
    return {
      module: CoreModule,
      controllers: [OpsController],
      providers: [...providers, ...LEDGER_STORES],
      exports: [...providers.map((p) => p.provide), ...LEDGER_STORES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
    await this.ledger.close();
  }
}
