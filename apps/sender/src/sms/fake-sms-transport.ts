import type { DeliveryReceipt, InboundSms, SmsMessage, SmsResult, SmsTransport } from './sms-transport';

/** For unit tests: records what was sent, answers with scripted results, and lets a test play the SMS centre. */
export class FakeSmsTransport implements SmsTransport {
  readonly sent: SmsMessage[] = [];
  private readonly results: SmsResult[] = [];
  private readonly receiptListeners: ((receipt: DeliveryReceipt) => void)[] = [];
  private readonly inboundListeners: ((message: InboundSms) => void)[] = [];
  private ids = 0;
  closed = false;

  /** The next sends answer these, in order; after them every send is accepted. */
  willAnswer(...results: SmsResult[]): this {
    this.results.push(...results);
    return this;
  }

  async send(message: SmsMessage): Promise<SmsResult> {
    if (this.closed) return { kind: 'not-sent', reason: 'closed' };
    this.sent.push(message);
    const scripted = this.results.shift();
    if (scripted) return scripted;
    const messageId = `fake-${++this.ids}`;
    return { kind: 'accepted', messageId, messageIds: [messageId], segments: 1 };
  }

  onReceipt(listener: (receipt: DeliveryReceipt) => void): void {
    this.receiptListeners.push(listener);
  }

  onInbound(listener: (message: InboundSms) => void): void {
    this.inboundListeners.push(listener);
  }

  deliverReceipt(receipt: DeliveryReceipt): void {
    for (const listener of this.receiptListeners) listener(receipt);
  }

  receiveInbound(message: InboundSms): void {
    for (const listener of this.inboundListeners) listener(message);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
