import { encodings, type PDU, type PduFields } from 'smpp';
import { backoffDelay, type Backoff } from '@postroom/backoff';
import { splitSms } from '@postroom/phones';
import { classifyStatus, commandStatusName } from './command-status';
import { isDeliveryReceipt, parseDeliveryReceipt } from './delivery-receipt';
import { addressOf, smppAddress } from './smpp-addresses';
import { SmppBind } from './smpp-bind';
import { parseSmppUrl } from './smpp-url';
import type { DeliveryReceipt, InboundSms, SmsMessage, SmsResult, SmsTransport } from './sms-transport';

export interface SmppTransportOptions {
  /** `smpp://system_id:password@host:port` */
  readonly url: string;
  /** Binds kept open; the SMS centre's contract says how many it allows. Default 1. */
  readonly poolSize?: number;
  /** submit_sm awaiting their answer, per bind. Default 10. */
  readonly windowSize?: number;
  readonly submitTimeoutMs?: number;
  readonly enquireLinkMs?: number;
  /** Pause before reconnecting a dropped bind. Default 250 ms doubling to 30 s, ±20%. */
  readonly reconnect?: Backoff;
  /** How often a throttled second (third, …) segment is tried again before giving up. Default 3. */
  readonly segmentRetries?: number;
  /** Where an exception from an onReceipt/onInbound listener goes. Default: a process warning. */
  readonly onListenerError?: (error: unknown) => void;
}

const DATA_CODING = { 'GSM-7': 0x00, 'UCS-2': 0x08 } as const; // 0: the SMS centre's default alphabet, GSM 03.38
const REGISTERED_DELIVERY_FINAL = 0x01;
const SEGMENT_BACKOFF: Backoff = { baseMs: 100, maxMs: 2000, jitter: 0.2 };

/**
 * SMPP 3.4 to an SMS centre over the `smpp` package: transceiver binds that rebind by themselves,
 * a window of outstanding submit_sm per bind, long texts as concatenated segments with an 8-bit
 * reference UDH (the most widely supported way; sar_ TLVs and message_payload are optional in
 * SMPP 3.4 and many SMS centres ignore them). GSM-7 goes as data_coding 0, one septet per octet
 * as the package writes it (the SMS centre packs it for the air); UCS-2 as data_coding 8.
 */
export class SmppTransport implements SmsTransport {
  private readonly binds: SmppBind[];
  private readonly windowSize: number;
  private readonly segmentRetries: number;
  private readonly receiptListeners: ((receipt: DeliveryReceipt) => void)[] = [];
  private readonly inboundListeners: ((message: InboundSms) => void)[] = [];
  private readonly slotWaiters: ((bind: SmppBind | undefined) => void)[] = [];
  private readonly onListenerError: (error: unknown) => void;
  private reference = Math.floor(Math.random() * 256);

  constructor(options: SmppTransportOptions) {
    const endpoint = parseSmppUrl(options.url);
    this.windowSize = options.windowSize ?? 10;
    this.segmentRetries = options.segmentRetries ?? 3;
    this.onListenerError = options.onListenerError ?? ((error) => process.emitWarning(error as Error));
    this.binds = Array.from(
      { length: options.poolSize ?? 1 },
      () =>
        new SmppBind({
          endpoint,
          submitTimeoutMs: options.submitTimeoutMs ?? 10_000,
          enquireLinkMs: options.enquireLinkMs ?? 30_000,
          reconnect: options.reconnect ?? { baseMs: 250, maxMs: 30_000, jitter: 0.2 },
          onDeliver: (pdu) => this.delivered(pdu),
          onStateChange: () => this.pump(),
        }),
    );
  }

  /** Opens the binds; they keep reconnecting until `close`. */
  start(): void {
    for (const bind of this.binds) bind.start();
  }

  status(): { bound: number; pool: number; outstanding: number; lastError: string | undefined } {
    return {
      bound: this.binds.filter((b) => b.isBound).length,
      pool: this.binds.length,
      outstanding: this.binds.reduce((sum, b) => sum + b.outstanding, 0),
      lastError: this.binds.find((b) => b.lastError)?.lastError,
    };
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    const { encoding, parts } = splitSms(message.text);
    if (parts.length > 255)
      return { kind: 'refused', status: 'too many segments', permanent: true, segmentsSent: 0 };
    const coder = encoding === 'GSM-7' ? encodings.ASCII : encodings.UCS2; // the package's "ASCII" is GSM 03.38
    const reference = parts.length > 1 ? this.nextReference() : 0;
    const source = smppAddress(message.from);
    const destination = smppAddress(message.to);
    const ids: string[] = [];

    for (const [index, part] of parts.entries()) {
      const body = coder.encode(part);
      const fields: PduFields = {
        source_addr_ton: source.ton,
        source_addr_npi: source.npi,
        source_addr: source.addr,
        dest_addr_ton: destination.ton,
        dest_addr_npi: destination.npi,
        destination_addr: destination.addr,
        registered_delivery: REGISTERED_DELIVERY_FINAL,
        data_coding: DATA_CODING[encoding],
        short_message:
          parts.length > 1
            ? { udh: concatenationUdh(reference, parts.length, index + 1), message: body }
            : body,
      };
      const outcome = await this.submitSegment(fields, index > 0);
      switch (outcome.kind) {
        case 'accepted':
          ids.push(outcome.messageId);
          continue;
        case 'no-bind':
          return index === 0
            ? { kind: 'not-sent', reason: 'no bind to the SMS centre' }
            : {
                kind: 'unknown',
                reason: `the bind was lost after ${index} of ${parts.length} segments`,
                segmentsSent: index,
              };
        case 'no-answer':
          return { kind: 'unknown', reason: outcome.reason, segmentsSent: index };
        case 'throttled':
          if (index === 0) return { kind: 'throttled', status: outcome.status };
          return { kind: 'refused', status: outcome.status, permanent: false, segmentsSent: index };
        case 'refused':
          return {
            kind: 'refused',
            status: outcome.status,
            permanent: outcome.permanent,
            segmentsSent: index,
          };
      }
    }
    return { kind: 'accepted', messageId: ids[0], messageIds: ids, segments: ids.length };
  }

  onReceipt(listener: (receipt: DeliveryReceipt) => void): void {
    this.receiptListeners.push(listener);
  }

  onInbound(listener: (message: InboundSms) => void): void {
    this.inboundListeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.all(this.binds.map((b) => b.close()));
    this.pump();
  }

  private async submitSegment(
    fields: PduFields,
    retryThrottle: boolean,
  ): Promise<
    | { kind: 'accepted'; messageId: string }
    | { kind: 'no-bind' }
    | { kind: 'no-answer'; reason: string }
    | { kind: 'throttled'; status: 'ESME_RTHROTTLED' | 'ESME_RMSGQFUL' }
    | { kind: 'refused'; status: string; permanent: boolean }
  > {
    for (let attempt = 0; ; attempt++) {
      const bind = await this.slot();
      if (!bind) return { kind: 'no-bind' };
      bind.reserved--; // submit counts it as outstanding from here
      const outcome = await bind.submit(fields);
      this.pump();
      if (outcome.kind === 'dropped')
        return { kind: 'no-answer', reason: 'the bind dropped before the SMS centre answered' };
      if (outcome.kind === 'timeout')
        return { kind: 'no-answer', reason: 'the SMS centre did not answer in time' };
      const status = outcome.pdu.command_status;
      const verdict = classifyStatus(status);
      if (verdict === 'ok') return { kind: 'accepted', messageId: String(outcome.pdu.message_id ?? '') };
      const name = commandStatusName(status);
      if (verdict === 'throttled') {
        // half a concatenated SMS is worse than a late one: later segments wait and go again
        if (!retryThrottle || attempt >= this.segmentRetries)
          return { kind: 'throttled', status: name as 'ESME_RTHROTTLED' };
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt + 1, SEGMENT_BACKOFF)));
        continue;
      }
      return { kind: 'refused', status: name, permanent: verdict === 'permanent' };
    }
  }

  /** A bound bind with room in its window, waiting for room if every bind is full; undefined when none is bound. */
  private slot(): Promise<SmppBind | undefined> {
    const free = this.slotWaiters.length === 0 ? this.freeBind() : undefined; // first come, first served
    if (free) free.reserved++;
    if (free || !this.binds.some((b) => b.isBound)) return Promise.resolve(free);
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  private freeBind(): SmppBind | undefined {
    const load = (b: SmppBind) => b.outstanding + b.reserved;
    return this.binds
      .filter((b) => b.isBound && load(b) < this.windowSize)
      .sort((a, b) => load(a) - load(b))[0];
  }

  private pump(): void {
    while (this.slotWaiters.length > 0) {
      const bind = this.freeBind();
      if (!bind && this.binds.some((b) => b.isBound)) return; // still full: keep waiting
      const waiter = this.slotWaiters.shift() as (bind: SmppBind | undefined) => void;
      if (bind) bind.reserved++;
      waiter(bind);
    }
  }

  private nextReference(): number {
    this.reference = (this.reference + 1) % 256;
    return this.reference;
  }

  private delivered(pdu: PDU): void {
    const text = messageText(pdu);
    if (isDeliveryReceipt(Number(pdu.esm_class ?? 0))) {
      const receipt = parseDeliveryReceipt({
        text,
        receiptedMessageId:
          typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : undefined,
        messageState: typeof pdu.message_state === 'number' ? pdu.message_state : undefined,
      });
      if (receipt) this.notify(this.receiptListeners, receipt);
      return;
    }
    this.notify(this.inboundListeners, {
      from: addressOf(pdu.source_addr, pdu.source_addr_ton),
      to: addressOf(pdu.destination_addr, pdu.dest_addr_ton),
      text,
    });
  }

  private notify<T>(listeners: ((value: T) => void)[], value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

/** IEI 0x00: concatenated short message, 8-bit reference (3GPP TS 23.040 9.2.3.24.1). */
function concatenationUdh(reference: number, total: number, sequence: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference, total, sequence]);
}

// The package decodes short_message and message_payload to { message, udh? } by data_coding.
function messageText(pdu: PDU): string {
  for (const field of [pdu.message_payload, pdu.short_message]) {
    const message = (field as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string' && message !== '') return message;
    if (Buffer.isBuffer(message) && message.length > 0) return message.toString('latin1');
  }
  return '';
}
