import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { BounceStore, type Ledger, type MatchedDelivery } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, LOGGER, METRICS, type Clock } from '@postroom/runtime';
import { TokenSigner } from '@postroom/tokens';
import type { Logger } from 'pino';
import { BounceRecorder } from './bounce-recorder.service';
import { classify, DEFAULT_LIMITS, parseReport, type BounceMatch, type Classification } from './classify';

export type InboundOutcome =
  | { kind: 'recorded'; deliveryId: string; failures: number; blacklisted: number }
  | { kind: 'quarantined'; cause: 'malformed' | 'not-a-bounce' | 'unmatched'; detail: string };

/**
 * One inbound message (from the SMTP listener or `bounce.received`): parsed within bounded
 * limits, classified, matched to its delivery by the signed VERP token, else the returned
 * Message-ID or X-Postroom-Delivery header. What is malformed, not a bounce, or not ours is kept
 * in quarantine with the reason and blacklists nothing.
 */
@Injectable()
export class InboundBounceService {
  private readonly store = new BounceStore();
  private readonly signer: TokenSigner;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly recorder: BounceRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.signer = TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS);
  }

  async process(raw: Buffer, source: 'smtp' | 'broker', envelopeTo?: string): Promise<InboundOutcome> {
    const parsed = parseReport(raw, {
      ...DEFAULT_LIMITS,
      maxMessageBytes: this.config.BOUNCE_MAX_MESSAGE_BYTES,
    });
    if (parsed.kind === 'rejected') {
      return this.quarantine(raw, source, envelopeTo, 'malformed', `${parsed.reason}: ${parsed.detail}`);
    }
    const classification = classify(parsed, { envelopeTo });
    if (!classification.isBounce || classification.recipients.length === 0) {
      return this.quarantine(
        raw,
        source,
        envelopeTo,
        'not-a-bounce',
        `${classification.kind}: ${parsed.subject ?? '(no subject)'}`,
      );
    }
    const delivery = await this.match(classification.match);
    if (!delivery) {
      return this.quarantine(raw, source, envelopeTo, 'unmatched', describeMatch(classification));
    }
    let blacklisted = 0;
    const failures = this.failuresOf(classification, delivery);
    for (const failure of failures) {
      const result = await this.recorder.record(
        delivery,
        failure,
        classification.kind === 'complaint' ? 'complaint' : 'dsn',
      );
      if (result.blacklisted) blacklisted++;
    }
    return { kind: 'recorded', deliveryId: delivery.id, failures: failures.length, blacklisted };
  }

  /** Every email goes to one recipient: the failure that names our recipient (or the only one). */
  private failuresOf(c: Classification, delivery: MatchedDelivery) {
    const ours = c.recipients.filter((r) => r.recipient.toLowerCase() === delivery.email_normalized);
    if (ours.length > 0) return ours.slice(0, 1);
    const unnamed = c.recipients.filter((r) => r.recipient === '');
    if (unnamed.length > 0 || c.recipients.length === 1) return [unnamed[0] ?? c.recipients[0]];
    // the report names other addresses only: a forwarded copy's failure, not our recipient's
    return [];
  }

  private async match(m: BounceMatch): Promise<MatchedDelivery | undefined> {
    if (m.verpToken) {
      const v = this.signer.verify(m.verpToken, this.clock.now());
      if (v.ok && v.claims.kind === 'b') {
        const d = await this.store.deliveryById(this.ledger, v.claims.deliveryId);
        if (d) return d;
      }
    }
    if (m.messageId) {
      const d = await this.store.deliveryByMessageId(this.ledger, m.messageId);
      if (d) return d;
    }
    if (m.deliveryId) return this.store.deliveryById(this.ledger, m.deliveryId);
    return undefined;
  }

  private async quarantine(
    raw: Buffer,
    source: string,
    envelopeTo: string | undefined,
    cause: 'malformed' | 'not-a-bounce' | 'unmatched',
    detail: string,
  ): Promise<InboundOutcome> {
    const keep = raw.length <= this.config.BOUNCE_MAX_MESSAGE_BYTES ? raw : null;
    await this.store.quarantine(this.ledger, { source, cause, detail, envelopeTo, raw: keep });
    this.metrics.bouncesQuarantined.inc({ cause });
    this.logger.info({ cause, detail: detail.slice(0, 200), source }, 'inbound message quarantined');
    return { kind: 'quarantined', cause, detail };
  }
}

function describeMatch(c: Classification): string {
  const m = c.match;
  const tried = [
    m.verpToken ? 'VERP token (not ours or not valid)' : null,
    m.messageId ? `Message-ID ${m.messageId} (unknown)` : null,
    m.deliveryId ? `X-Postroom-Delivery ${m.deliveryId} (unknown)` : null,
  ].filter(Boolean);
  return `${c.kind} matches no delivery of ours; ${tried.length ? `tried ${tried.join(', ')}` : 'it carries no VERP token, Message-ID or Postroom header'}`;
}
