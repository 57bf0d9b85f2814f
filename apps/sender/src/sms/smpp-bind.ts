import { connect, PDU, type PduFields, type Session } from 'smpp';
import { backoffDelay, type Backoff } from '@postroom/backoff';
import { commandStatusName } from './command-status';
import type { SmppEndpoint } from './smpp-url';

export type SubmitOutcome =
  | { readonly kind: 'response'; readonly pdu: PDU }
  | { readonly kind: 'dropped' } // the bind went away before the answer
  | { readonly kind: 'timeout' };

export interface SmppBindOptions {
  readonly endpoint: SmppEndpoint;
  readonly submitTimeoutMs: number;
  readonly enquireLinkMs: number;
  readonly reconnect: Backoff;
  /** A deliver_sm, already answered. */
  readonly onDeliver: (pdu: PDU) => void;
  /** Bound or not bound any more. */
  readonly onStateChange: () => void;
}

/**
 * One transceiver bind that keeps itself up: when the SMS centre drops it (or never answers), it
 * connects and binds again after a growing pause (the codebase's one back-off policy, reset by a
 * good bind). Requests still waiting for an answer when it drops end as `dropped`.
 */
export class SmppBind {
  private session: Session | undefined;
  private bound = false;
  private closing = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<(outcome: SubmitOutcome) => void>();
  outstanding = 0;
  /** Window places promised to a sender that has not submitted yet. */
  reserved = 0;
  /** Why the last connection or bind failed, for the health view. */
  lastError: string | undefined;

  constructor(private readonly options: SmppBindOptions) {}

  get isBound(): boolean {
    return this.bound;
  }

  start(): void {
    this.closing = false;
    this.open();
  }

  submit(fields: PduFields): Promise<SubmitOutcome> {
    const session = this.session;
    if (!session || !this.bound) return Promise.resolve({ kind: 'dropped' });
    this.outstanding++;
    return new Promise<SubmitOutcome>((resolve) => {
      const settle = (outcome: SubmitOutcome) => {
        if (!this.waiting.delete(settle)) return;
        clearTimeout(timer);
        this.outstanding--;
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ kind: 'timeout' }), this.options.submitTimeoutMs);
      this.waiting.add(settle);
      const written = session.send(new PDU('submit_sm', fields), (pdu) => settle({ kind: 'response', pdu }));
      if (!written) settle({ kind: 'dropped' });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const session = this.session;
    if (!session) return;
    if (this.bound) {
      // a polite unbind, but never wait long for it
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        if (!session.unbind({}, done)) done();
      });
    }
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) return resolve();
      session.socket.once('close', () => resolve());
      session.destroy();
    });
  }

  private open(): void {
    const { endpoint } = this.options;
    const session = connect({
      host: endpoint.host,
      port: endpoint.port,
      tls: endpoint.tls,
      auto_enquire_link_period: this.options.enquireLinkMs,
    });
    this.session = session;
    session.on('connect', () => this.bind(session));
    session.on('error', (err: Error) => {
      this.lastError = err.message;
    });
    session.on('close', () => this.closed(session));
    session.on('deliver_sm', (pdu: PDU) => {
      session.send(pdu.response());
      this.options.onDeliver(pdu);
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private bind(session: Session): void {
    const { endpoint } = this.options;
    session.bind_transceiver(
      {
        system_id: endpoint.systemId,
        password: endpoint.password,
        system_type: endpoint.systemType,
        interface_version: 0x34,
      },
      (pdu) => {
        if (pdu.command_status === 0) {
          this.bound = true;
          this.failures = 0;
          this.lastError = undefined;
          this.options.onStateChange();
        } else {
          this.lastError = `bind refused: ${commandStatusName(pdu.command_status)}`;
          session.destroy();
        }
      },
    );
  }

  private closed(session: Session): void {
    if (session !== this.session) return;
    const wasBound = this.bound;
    this.bound = false;
    this.session = undefined;
    for (const settle of [...this.waiting]) settle({ kind: 'dropped' });
    if (wasBound) this.options.onStateChange();
    if (this.closing) return;
    this.lastError ??= 'the SMS centre closed the connection';
    this.failures++;
    this.retryTimer = setTimeout(() => this.open(), backoffDelay(this.failures, this.options.reconnect));
  }
}
