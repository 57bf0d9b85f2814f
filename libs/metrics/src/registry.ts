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

  readonly hotStatements = new Counter({
    name: 'postroom_ledger_hot_statements_total',
    help: 'Ledger statements that change deliveries on the send path (dispatch claims, send claims, settled sends); each is one round trip for a whole batch',
    labelNames: ['kind'] as const,
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

  // tracker (opens, clicks, unsubscribes): no label carries a recipient or a token
  readonly opens = new Counter({
    name: 'postroom_opens_total',
    help: 'Opens recorded, human or machine-made (scanners, proxies, prefetch)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly clicks = new Counter({
    name: 'postroom_clicks_total',
    help: 'Tracked link clicks redirected',
    registers: [this.registry],
  });

  readonly unsubscribes = new Counter({
    name: 'postroom_unsubscribes_total',
    help: 'One-click or confirmed unsubscribes recorded',
    registers: [this.registry],
  });

  readonly invalidTokens = new Counter({
    name: 'postroom_tracking_invalid_tokens_total',
    help: 'Tracking requests whose token was malformed, tampered with or expired',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly trackerRequestDuration = new Histogram({
    name: 'postroom_tracker_request_duration_seconds',
    help: 'Time to answer a tracking request (pixel, click, unsubscribe)',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly trackingBuffered = new Gauge({
    name: 'postroom_tracking_events_buffered',
    help: 'Tracking events answered but not yet written to the ledger',
    registers: [this.registry],
  });

  readonly trackingDropped = new Counter({
    name: 'postroom_tracking_events_dropped_total',
    help: 'Tracking events dropped because the buffer was full while the ledger was unreachable',
    registers: [this.registry],
  });

  // bounce (DSN, ARF, SMTP-time rejections) and the blacklist
  readonly bounces = new Counter({
    name: 'postroom_bounces_total',
    help: 'Failed recipients classified, by reason (taxonomy of test/fixtures/bounces) and hard or soft',
    labelNames: ['reason', 'hard', 'source'] as const,
    registers: [this.registry],
  });

  readonly complaints = new Counter({
    name: 'postroom_complaints_total',
    help: 'Spam complaints (ARF feedback reports) matched to a delivery',
    registers: [this.registry],
  });

  readonly blacklistAdded = new Counter({
    name: 'postroom_blacklist_added_total',
    help: 'Addresses added to an account blacklist, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly bouncesQuarantined = new Counter({
    name: 'postroom_bounces_quarantined_total',
    help: 'Inbound messages kept aside: unmatched, not a bounce, or refused as malformed',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'postroom_process_' });
    // prom-client names these gauges *_total, which Prometheus reserves for counters
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      this.registry.removeSingleMetric(`postroom_process_${name}`);
    }
  }
}
