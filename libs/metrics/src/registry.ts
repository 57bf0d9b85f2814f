import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process. Metric names are stable (dashboards and alert rules use them);
 * labels never carry a recipient, an address or a token.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly deliveries = new Counter({
    name: 'postroom_deliveries_total',
    help: 'Delivery status changes recorded in the ledger, by the status reached',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly smtpSendDuration = new Histogram({
    name: 'postroom_smtp_send_duration_seconds',
    help: 'Time from handing a message to the SMTP pool to the final reply',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly messagesDeadLettered = new Counter({
    name: 'postroom_messages_dead_lettered_total',
    help: 'Messages a consumer sent to its dead-letter queue',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly campaignsSubmitted = new Counter({
    name: 'postroom_campaigns_submitted_total',
    help: 'Campaigns accepted into the ledger, by channel (api or broker)',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });

  readonly recipientsAccepted = new Counter({
    name: 'postroom_recipients_accepted_total',
    help: 'Recipients stored as deliveries, by initial status (queued or suppressed)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly dispatched = new Counter({
    name: 'postroom_dispatched_total',
    help: 'Deliveries claimed and published to the sender (first dispatch or redispatch)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly up = new Gauge({
    name: 'postroom_dependency_up',
    help: 'Whether a dependency (database, broker) answered the last health check',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'postroom_process_' });
  }
}
