import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { BounceEventStore, type Ledger, type MatchedDelivery } from '@postroom/ledger';
import { CONFIG, LEDGER } from '@postroom/runtime';
import { isUnguessableMessageId } from '@postroom/tokens';
import { BounceRecorder } from './bounce-recorder.service';
import { classify, DEFAULT_LIMITS, parseReport, type Classification, type Report } from './classify';
import { othersNamed } from './named-recipients';
import { QuarantineKeeper } from './quarantine-keeper';
import { RecipientGate, type EnvelopeRecipient } from './recipient-gate';

export type QuarantineCause =
  /** The envelope recipient is no signed return path of ours and not the feedback-loop address. */
  | 'not-our-recipient'
  | 'malformed'
  | 'not-a-bounce'
  /** At the feedback-loop address, only ARF complaints are taken. */
  | 'not-a-complaint'
  /** No delivery of ours (or a Message-ID too guessable to name one). */
  | 'unmatched'
  /** Sent to one delivery's return path but about another recipient or message. */
  | 'recipient-mismatch';

export type InboundOutcome =
  | { kind: 'recorded'; deliveryId: string; blacklisted: boolean }
  | { kind: 'repeat' | 'ignored'; deliveryId: string }
  | { kind: 'quarantined'; cause: QuarantineCause; detail: string };

type Binding =
  { kind: 'bound'; delivery: MatchedDelivery } | { kind: 'refused'; cause: QuarantineCause; detail: string };

/**
 * One inbound message for one envelope recipient (from the SMTP listener or `bounce.received`):
 * bound to a delivery only by a signed VERP recipient, or, for an ARF complaint at the
 * feedback-loop address, by an unguessable Message-ID; parsed within bounded limits, classified,
 * and recorded. Anything else is quarantined with its cause and changes nothing.
 */
@Injectable()
export class InboundBounceService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: BounceEventStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    private readonly gate: RecipientGate,
    private readonly recorder: BounceRecorder,
    private readonly quarantined: QuarantineKeeper,
  ) {}

  async process(
    raw: Buffer,
    source: 'smtp' | 'broker',
    envelopeTo: string | undefined,
  ): Promise<InboundOutcome> {
    const quarantine = (cause: QuarantineCause, detail: string) =>
      this.quarantine(raw, source, envelopeTo, cause, detail);
    // the recipient is judged before a byte of the message is parsed
    const rcpt = this.gate.judge(envelopeTo);
    if (rcpt.kind === 'stranger') return quarantine('not-our-recipient', rcpt.why);
    const parsed = parseReport(raw, {
      ...DEFAULT_LIMITS,
      maxMessageBytes: this.config.BOUNCE_MAX_MESSAGE_BYTES,
    });
    if (parsed.kind === 'rejected') return quarantine('malformed', `${parsed.reason}: ${parsed.detail}`);
    const classification = classify(parsed, { envelopeTo });
    if (!classification.isBounce || classification.recipients.length === 0) {
      return quarantine('not-a-bounce', `${classification.kind}: ${parsed.subject ?? '(no subject)'}`);
    }
    const binding = await this.bind(rcpt, parsed, classification);
    if (binding.kind === 'refused') return quarantine(binding.cause, binding.detail);
    const delivery = binding.delivery;
    const others = othersNamed(parsed, classification, delivery.email_normalized);
    if (others.length > 0) {
      return quarantine(
        'recipient-mismatch',
        `${classification.kind} for delivery ${delivery.id} names another recipient: ${others.slice(0, 5).join(', ')}`,
      );
    }
    // every email goes to one recipient: what is left names ours, or nobody
    const failure = classification.recipients.find((r) => r.recipient !== '') ?? classification.recipients[0];
    const failureSource = classification.kind === 'complaint' ? 'complaint' : 'dsn';
    const recorded = await this.recorder.record(delivery, failure, failureSource);
    return { ...recorded, deliveryId: delivery.id };
  }

  private bind(
    rcpt: Exclude<EnvelopeRecipient, { kind: 'stranger' }>,
    report: Report,
    c: Classification,
  ): Promise<Binding> {
    return rcpt.kind === 'verp' ? this.byReturnPath(rcpt.deliveryId, c) : this.byFeedbackLoop(report, c);
  }

  private async byReturnPath(deliveryId: string, c: Classification): Promise<Binding> {
    const delivery = await this.store.deliveryById(this.ledger, deliveryId);
    if (!delivery) return { kind: 'refused', cause: 'unmatched', detail: `delivery ${deliveryId} is gone` };
    // a genuine report returns its own message: another delivery's Message-ID means it is not
    const messageId = c.match.messageId;
    const named = messageId ? await this.store.deliveryByMessageId(this.ledger, messageId) : undefined;
    if (named && named.id !== delivery.id) {
      return {
        kind: 'refused',
        cause: 'recipient-mismatch',
        detail: `${c.kind} for delivery ${delivery.id} returns the Message-ID of another delivery`,
      };
    }
    return { kind: 'bound', delivery };
  }

  /** Feedback loops report to a fixed address, so only the reported message's id can name the delivery. */
  private async byFeedbackLoop(report: Report, c: Classification): Promise<Binding> {
    if (c.kind !== 'complaint' || (!report.feedback && report.reportType !== 'feedback-report')) {
      return { kind: 'refused', cause: 'not-a-complaint', detail: `${c.kind} at the feedback-loop address` };
    }
    const messageId = c.match.messageId;
    if (!messageId) {
      return {
        kind: 'refused',
        cause: 'unmatched',
        detail: 'complaint names no Message-ID of the reported message',
      };
    }
    const shown = messageId.slice(0, 200);
    if (!isUnguessableMessageId(messageId)) {
      return {
        kind: 'refused',
        cause: 'unmatched',
        detail: `complaint names Message-ID ${shown}, not one of ours (128 random bits)`,
      };
    }
    const delivery = await this.store.deliveryByMessageId(this.ledger, messageId);
    if (!delivery) {
      return { kind: 'refused', cause: 'unmatched', detail: `complaint names unknown Message-ID ${shown}` };
    }
    return { kind: 'bound', delivery };
  }

  private async quarantine(
    raw: Buffer,
    source: string,
    envelopeTo: string | undefined,
    cause: QuarantineCause,
    detail: string,
  ): Promise<InboundOutcome> {
    await this.quarantined.keep(raw, source, envelopeTo, cause, detail);
    return { kind: 'quarantined', cause, detail };
  }
}
