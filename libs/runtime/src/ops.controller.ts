import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Broker } from '@postroom/messaging';
import type { Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { FastifyReply } from 'fastify';
import { BROKER, LEDGER, METRICS } from './tokens';

/** `/health` (database and broker) and `/metrics` (Prometheus text format), on every app. */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(BROKER) private readonly broker: Broker,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  @Get('health')
  @HttpCode(200)
  async health(@Res() reply: FastifyReply) {
    const database = await this.ledger.isHealthy();
    const broker = this.broker.isConnected();
    this.metrics.up.set({ dependency: 'database' }, database ? 1 : 0);
    this.metrics.up.set({ dependency: 'broker' }, broker ? 1 : 0);
    const ok = database && broker;
    await reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      database: database ? 'up' : 'down',
      broker: broker ? 'up' : 'down',
    });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() reply: FastifyReply) {
    const text = await this.metrics.registry.metrics();
    await reply.type(this.metrics.registry.contentType).send(text);
  }
}
