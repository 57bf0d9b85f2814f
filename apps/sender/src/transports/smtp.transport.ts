import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { Readable } from 'node:stream';
import type { MailTransport, OutgoingMail, TransportResult } from './mail-transport';

export interface SmtpTransportOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly timeoutMs: number;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * nodemailer's pooled SMTP transport. The pool never re-queues a message on a dropped
 * connection (`maxRequeues: 0`): after the body has left, only the ledger may decide, and it
 * says `unknown` instead of sending twice.
 */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(options: SmtpTransportOptions) {
    const url = new URL(options.url);
    this.transporter = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      maxConnections: options.poolSize,
      maxMessages: Infinity,
      maxRequeues: 0,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      ignoreTLS: url.searchParams.get('tls') === 'off',
      logger: false,
    } as SMTPPool.Options);
  }

  async send(mail: OutgoingMail): Promise<TransportResult> {
    let bodyHandedOver = false;
    const body = Readable.from([mail.raw]);
    body.once('end', () => {
      bodyHandedOver = true;
    });
    try {
      const info = (await this.transporter.sendMail({
        envelope: { from: mail.envelopeFrom, to: [mail.to] },
        raw: body,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      })) as { response?: string };
      return { kind: 'accepted', reply: info.response ?? '250' };
    } catch (err) {
      return classifySmtpError(err as SmtpError, bodyHandedOver);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** Pure: maps a nodemailer error and whether the body had left to a transport result. */
export function classifySmtpError(err: SmtpError, bodyHandedOver: boolean): TransportResult {
  if (typeof err.responseCode === 'number' && err.responseCode >= 400) {
    return {
      kind: 'refused',
      code: err.responseCode,
      reply: oneLine(err.response ?? err.message),
      bodySent: bodyHandedOver,
    };
  }
  const reason = oneLine(
    `${err.code ?? 'ERROR'}${err.command ? ` during ${err.command}` : ''}: ${err.message}`,
  );
  return bodyHandedOver ? { kind: 'unknown', reason } : { kind: 'not-sent', reason };
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}
