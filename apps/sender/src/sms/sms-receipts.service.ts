import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SmsReceiptRow } from '@postroom/ledger';
import { isStopWord, normalizePhone } from '@postroom/phones';
import { LOGGER } from '@postroom/runtime';
import type { Logger } from 'pino';
import { SmsLedger } from './sms-ledger';
import type { DeliveryReceipt, InboundSms, SmsTransport } from './sms-transport';
import { SMS_TRANSPORT } from './sms-transport.token';

const FLUSH_MS = 20;
/** A receipt can beat the commit of its own message id; it is matched again for this long. */
const UNMATCHED_FOR_MS = 15_000;

interface Waiting {
  readonly row: SmsReceiptRow;
  readonly since: number;
}

/**
 * What the SMS centre sends back on the binds: delivery receipts (deliver_sm with a DLR) mark
 * their delivery `sent` (the handset network has it) or `failed`, written in batches; an
 * inbound SMS that is a stop word (STOP, STOPALL, UNSUBSCRIBE, …) opts its number out of SMS.
 */
@Injectable()
export class SmsReceiptsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private waiting: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private flushing = Promise.resolve();
  private readonly stops = new Set<Promise<void>>();

  constructor(
    @Inject(SMS_TRANSPORT) private readonly transport: SmsTransport,
    private readonly sms: SmsLedger,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.transport.onReceipt((receipt) => this.receipt(receipt));
    this.transport.onInbound((message) => this.inbound(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
    await Promise.all([...this.stops]);
  }

  receipt(receipt: DeliveryReceipt): void {
    const row: SmsReceiptRow = {
      messageId: receipt.messageId,
      status: receipt.state === 'delivered' ? 'sent' : 'failed',
      detail: receipt.detail,
    };
    this.waiting.push({ row, since: Date.now() });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  inbound(message: InboundSms): void {
    if (!isStopWord(message.text)) {
      this.logger.info({ from: message.from }, 'inbound SMS that is not a stop word; ignored');
      return;
    }
    const phone = normalizePhone(message.from);
    if (!phone.ok) {
      this.logger.warn({ from: message.from, reason: phone.reason }, 'STOP from a number we cannot read');
      return;
    }
    const done = this.sms
      .optOut(phone.e164, message.text)
      .then((accounts) => this.logger.info({ phone: phone.e164, accounts }, 'SMS opt-out (STOP)'))
      .catch((err: Error) => this.logger.error({ err: err.message }, 'recording an SMS opt-out failed'))
      .finally(() => this.stops.delete(done));
    this.stops.add(done);
  }

  /** Writes the receipts waiting now; resolves when they are committed. Exposed for tests and shutdown. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Waiting[]): Promise<void> {
    let matched: Set<string>;
    try {
      matched = await this.sms.receipts(batch.map((w) => w.row));
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, size: batch.length },
        'recording receipts failed; again soon',
      );
      matched = new Set();
    }
    const now = Date.now();
    const again = batch.filter((w) => !matched.has(w.row.messageId) && now - w.since < UNMATCHED_FOR_MS);
    if (again.length === 0) return;
    this.waiting.push(...again);
    this.timer ??= setTimeout(() => void this.flush(), 250);
  }
}
