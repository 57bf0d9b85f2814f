import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Broker } from '@postroom/messaging';
import type { Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { FastifyReply } from 'fastify';
import { BROKER, LEDGER, METRICS } from './tokens';

/**
 * `/health` (database and broker) on every app's main port, for load balancers and container
 * health checks. `/metrics` is on the ops listener only (OpsServer).
 */
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
}
