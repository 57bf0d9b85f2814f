/** The part of the untyped `smpp` package (node-smpp 0.5) that Postroom uses. */
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  export type PduFields = Record<string, unknown>;

  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
  }

  export interface Session extends EventEmitter {
    readonly socket: Socket;
    send(pdu: PDU, responseCallback?: (response: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduFields, responseCallback?: (response: PDU) => void): boolean;
    submit_sm(options: PduFields, responseCallback?: (response: PDU) => void): boolean;
    deliver_sm(options: PduFields, responseCallback?: (response: PDU) => void): boolean;
    enquire_link(options?: PduFields, responseCallback?: (response: PDU) => void): boolean;
    unbind(options?: PduFields, responseCallback?: (response: PDU) => void): boolean;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (pdu: PDU) => void): this;
  }

  export interface Server extends NetServer {
    readonly sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    auto_enquire_link_period?: number;
    connectTimeout?: number;
  }

  export interface Encoding {
    encode(value: string): Buffer;
    decode(value: Buffer): string;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;
  export function createServer(
    options: Record<string, unknown>,
    listener?: (session: Session) => void,
  ): Server;
  export const errors: Readonly<Record<string, number>>;
  export const encodings: { readonly ASCII: Encoding; readonly UCS2: Encoding; readonly LATIN1: Encoding };
}
