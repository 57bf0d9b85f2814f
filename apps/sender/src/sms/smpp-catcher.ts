import type { AddressInfo } from 'node:net';
import { createServer, errors, PDU, type Server, type Session } from 'smpp';
import { isGsm7 } from '@postroom/phones';
import { addressOf, smppAddress } from './smpp-addresses';

export interface SmppCatcherOptions {
  readonly host?: string;
  /** 0 (the default): a free port, read it from `start()`. */
  readonly port?: number;
  /** When set, binds must use them (ESME_RINVSYSID / ESME_RINVPASWD otherwise); when not, any bind is welcome. */
  readonly systemId?: string;
  readonly password?: string;
  /** Delay before the delivery receipt of each accepted segment. Default 20 ms. */
  readonly receiptDelayMs?: number;
  /** Answer the first N submit_sm with ESME_RTHROTTLED. */
  readonly throttle?: number;
  /** Answer these submit_sm (1-based, counting every one received) with ESME_RTHROTTLED. */
  readonly throttleSubmits?: readonly number[];
  /** Answer each submit_sm this late: a slow SMS centre. Default 0. */
  readonly submitDelayMs?: number;
  /** Numbers (E.164) refused at submit, with the command_status to answer, e.g. ESME_RINVDSTADR. */
  readonly refuse?: Readonly<Record<string, string>>;
  /** Numbers whose segments are accepted but whose receipts say UNDELIV. */
  readonly undeliverable?: readonly string[];
  /** Drop the connection right after answering the Nth accepted submit_sm (once). */
  readonly dropBindAfter?: number;
}

/** One submit_sm as the catcher took it. */
export interface CaughtSegment {
  readonly systemId: string;
  readonly to: string;
  readonly from: string;
  readonly dataCoding: number;
  readonly esmClass: number;
  readonly text: string;
  /** The concatenation header, when the segment is part of a longer message. */
  readonly concat?: { readonly reference: number; readonly total: number; readonly sequence: number };
  /** Undefined for a submit_sm that was refused or throttled. */
  readonly messageId?: string;
  readonly status: string;
}

/** The accepted segments put back together, as a phone would show them. */
export interface CaughtSms {
  readonly to: string;
  readonly from: string;
  readonly text: string;
  readonly segments: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
  readonly messageIds: readonly string[];
}

/**
 * A local SMS centre for the demo and the tests: accepts transceiver binds, answers submit_sm
 * with message ids, sends a delivery receipt back shortly after, keeps what it got, and can be
 * told to misbehave (throttle, refuse a number, drop the bind) or to deliver an inbound SMS.
 */
export class SmppCatcher {
  private server: Server | undefined;
  private readonly sessions = new Map<Session, string>(); // bound session → system_id
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 0;
  private throttlesLeft: number;
  private accepted = 0;
  private dropped = false;
  private submits = 0;
  readonly received: CaughtSegment[] = [];
  /** Binds accepted since start, reconnections included. */
  binds = 0;

  constructor(private readonly options: SmppCatcherOptions = {}) {
    this.throttlesLeft = options.throttle ?? 0;
  }

  async start(): Promise<{ host: string; port: number; url: string }> {
    const server = createServer({}, (session) => this.serve(session));
    this.server = server;
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const user = encodeURIComponent(this.options.systemId ?? 'postroom');
    const password = encodeURIComponent(this.options.password ?? 'catcher');
    return { host, port, url: `smpp://${user}:${password}@${host}:${port}` };
  }

  /** Bound sessions right now. */
  get boundSessions(): number {
    return this.sessions.size;
  }

  messages(): CaughtSms[] {
    const accepted = this.received.filter((s) => s.messageId !== undefined);
    const out: CaughtSms[] = [];
    const groups = new Map<string, CaughtSegment[]>();
    for (const segment of accepted) {
      if (!segment.concat) {
        out.push(sms([segment]));
        continue;
      }
      const key = `${segment.from}>${segment.to}#${segment.concat.reference}`;
      const group = [...(groups.get(key) ?? []), segment];
      groups.set(key, group);
      if (group.length === segment.concat.total) {
        out.push(sms(group.sort((a, b) => (a.concat?.sequence ?? 0) - (b.concat?.sequence ?? 0))));
        groups.delete(key);
      }
    }
    return out;
  }

  /** An SMS from a phone to us (a reply such as "STOP"), delivered on a bound session. */
  injectInbound(message: { from: string; to: string; text: string }): boolean {
    const [session] = this.sessions.keys();
    if (!session) return false;
    const source = smppAddress(message.from);
    const destination = smppAddress(message.to);
    return session.deliver_sm({
      source_addr_ton: source.ton,
      source_addr_npi: source.npi,
      source_addr: source.addr,
      dest_addr_ton: destination.ton,
      dest_addr_npi: destination.npi,
      destination_addr: destination.addr,
      esm_class: 0,
      data_coding: isGsm7(message.text) ? 0x00 : 0x08,
      short_message: message.text,
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const session of this.server?.sessions ?? []) session.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private serve(session: Session): void {
    session.on('error', () => undefined); // a client that vanishes mid-PDU is not the catcher's fault
    session.on('close', () => this.sessions.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      const { systemId, password } = this.options;
      const status =
        systemId !== undefined && pdu.system_id !== systemId
          ? errors.ESME_RINVSYSID
          : password !== undefined && pdu.password !== password
            ? errors.ESME_RINVPASWD
            : 0;
      session.send(pdu.response({ command_status: status, system_id: 'catcher' }));
      if (status !== 0) return session.close();
      this.sessions.set(session, String(pdu.system_id));
      this.binds++;
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => this.submitted(session, pdu));
  }

  private submitted(session: Session, pdu: PDU): void {
    this.submits++;
    const delay = this.options.submitDelayMs ?? 0;
    if (delay === 0) return this.answer(session, pdu, this.submits);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.answer(session, pdu, this.submits);
    }, delay);
    this.timers.add(timer);
  }

  private answer(session: Session, pdu: PDU, nth: number): void {
    const systemId = this.sessions.get(session);
    if (systemId === undefined)
      return void session.send(pdu.response({ command_status: errors.ESME_RINVBNDSTS }));
    const to = addressOf(pdu.destination_addr, pdu.dest_addr_ton);
    const base = {
      systemId,
      to,
      from: addressOf(pdu.source_addr, pdu.source_addr_ton),
      dataCoding: Number(pdu.data_coding ?? 0),
      esmClass: Number(pdu.esm_class ?? 0),
      ...decoded(pdu),
    };
    const throttled = this.throttlesLeft > 0 || this.options.throttleSubmits?.includes(nth);
    const refusal = throttled ? 'ESME_RTHROTTLED' : this.options.refuse?.[to];
    if (refusal) {
      if (this.throttlesLeft > 0) this.throttlesLeft--;
      this.received.push({ ...base, status: refusal });
      return void session.send(pdu.response({ command_status: errors[refusal] ?? errors.ESME_RSYSERR }));
    }
    const messageId = (++this.nextId).toString(16).padStart(8, '0');
    this.received.push({ ...base, messageId, status: 'ESME_ROK' });
    session.send(pdu.response({ message_id: messageId }), () => {
      this.accepted++;
      if (
        !this.dropped &&
        this.options.dropBindAfter !== undefined &&
        this.accepted >= this.options.dropBindAfter
      ) {
        this.dropped = true;
        session.destroy();
        return;
      }
      this.receiptLater(
        session,
        pdu,
        messageId,
        this.options.undeliverable?.includes(to) ? 'UNDELIV' : 'DELIVRD',
      );
    });
  }

  private receiptLater(session: Session, submit: PDU, messageId: string, stat: 'DELIVRD' | 'UNDELIV'): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.sessions.has(session)) return;
      const stamp = smppDate(new Date());
      session.deliver_sm({
        source_addr_ton: submit.dest_addr_ton,
        source_addr_npi: submit.dest_addr_npi,
        source_addr: submit.destination_addr,
        dest_addr_ton: submit.source_addr_ton,
        dest_addr_npi: submit.source_addr_npi,
        destination_addr: submit.source_addr,
        esm_class: 0x04,
        data_coding: 0,
        short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${stamp} done date:${stamp} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
        receipted_message_id: messageId,
        message_state: stat === 'DELIVRD' ? 2 : 5,
      });
    }, this.options.receiptDelayMs ?? 20);
    this.timers.add(timer);
  }
}

function decoded(pdu: PDU): { text: string; concat?: CaughtSegment['concat'] } {
  const field = pdu.short_message as { message?: unknown; udh?: Buffer[] } | undefined;
  const text = typeof field?.message === 'string' ? field.message : '';
  const ie = field?.udh?.find((u) => u[0] === 0x00 && u[1] === 0x03);
  return ie ? { text, concat: { reference: ie[2], total: ie[3], sequence: ie[4] } } : { text };
}

function sms(segments: CaughtSegment[]): CaughtSms {
  const [first] = segments;
  return {
    to: first.to,
    from: first.from,
    text: segments.map((s) => s.text).join(''),
    segments: segments.length,
    encoding: first.dataCoding === 0x08 ? 'UCS-2' : 'GSM-7',
    messageIds: segments.map((s) => s.messageId as string),
  };
}

/** YYMMDDhhmm, the receipt text's date format. */
function smppDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}
