import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as net from 'node:net';
import * as path from 'node:path';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A reply the capture gives instead of accepting a recipient or a message. */
export interface SmtpReply {
  /** 4xx (temporary) or 5xx (permanent). */
  code: number;
  /** Reply text, sent as is, e.g. `5.1.1 no such user`. */
  message: string;
  /** `rcpt` (default) answers the RCPT TO command; `data` accepts the recipient and answers the final DATA reply. */
  at?: 'rcpt' | 'data';
}

export interface SmtpCaptureOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, each accepted message is also written there as `<n>-<rcpt>.eml`. */
  saveDir?: string;
  /**
   * Decides the reply for one recipient; `attempt` counts the RCPT TO commands for this address
   * (1 on the first), so `attempt < 3 ? { code: 451, … } : undefined` is two temporary failures
   * and then success. `undefined` accepts.
   */
  replies?: (rcpt: string, attempt: number) => SmtpReply | undefined;
  /** True: read the whole body, then destroy the connection without the final reply. */
  dropAfterData?: (rcpt: string, attempt: number) => boolean;
  /** Keep at most this many messages in `messages` (oldest go first); counts stay exact. Unlimited by default. */
  maxKept?: number;
}

export interface CapturedMessage {
  /** 1-based, in the order messages were accepted. */
  seq: number;
  /** Envelope sender (MAIL FROM), empty for the null sender. */
  from: string;
  /** Envelope recipients (RCPT TO), as the client sent them. */
  to: string[];
  raw: Buffer;
  receivedAt: Date;
  /** Where the message was saved, when `saveDir` is set. */
  file?: string;
}

/** A reply the capture gave instead of accepting, for assertions. */
export interface CapturedRejection {
  rcpt: string;
  attempt: number;
  code: number;
  message: string;
  at: 'rcpt' | 'data';
  rejectedAt: Date;
}

const MAX_SIZE = 200 * 1024 * 1024;

/**
 * A programmable SMTP server for tests and the development mail catcher: accepts plain SMTP
 * without AUTH or STARTTLS, keeps every message raw (never parsed, so it keeps up with thousands
 * of messages a second), and can refuse or drop chosen recipients.
 */
export class SmtpCapture {
  readonly messages: CapturedMessage[] = [];
  /** Messages whose connection was dropped after the body (no final reply): the client cannot know. */
  readonly dropped: CapturedMessage[] = [];
  readonly rejections: CapturedRejection[] = [];
  private readonly counts = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  // the final-DATA reply chosen at RCPT time, per transaction (smtp-server gives each a new envelope)
  private readonly dataReplies = new WeakMap<object, SmtpReply>();
  private readonly sockets = new Set<net.Socket>();
  private seq = 0;
  private total = 0;
  private server!: SMTPServer;
  private _port = 0;

  private constructor(private readonly options: SmtpCaptureOptions) {}

  static async start(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
    const capture = new SmtpCapture(options);
    await capture.listen();
    return capture;
  }

  get port(): number {
    return this._port;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** `smtp://host:port`, ready for SMTP_URL. */
  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  get saveDir(): string | undefined {
    return this.options.saveDir;
  }

  /** Messages accepted since start (or the last `clear()`), including those no longer kept. */
  get acceptedCount(): number {
    return this.total;
  }

  /** Accepted messages per recipient address (lower-cased). */
  countByRecipient(): Map<string, number> {
    return new Map(this.counts);
  }

  /** How many RCPT TO commands named this address so far. */
  attemptsFor(rcpt: string): number {
    return this.attempts.get(rcpt.toLowerCase()) ?? 0;
  }

  /** Forgets messages, counts and attempts; the server keeps running. */
  clear(): void {
    this.messages.length = 0;
    this.dropped.length = 0;
    this.rejections.length = 0;
    this.counts.clear();
    this.attempts.clear();
    this.total = 0;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // pooled clients keep idle connections open; do not wait for them to leave
    for (const connection of this.server.connections) {
      connection.send(421, 'Server shutting down');
      connection.close();
    }
    const force = setTimeout(() => this.sockets.forEach((s) => s.destroy()), 200);
    await closed;
    clearTimeout(force);
  }

  private async listen(): Promise<void> {
    if (this.options.saveDir) {
      fs.mkdirSync(this.options.saveDir, { recursive: true });
      this.seq = lastSavedSeq(this.options.saveDir);
    }
    this.server = new SMTPServer({
      name: 'postroom-capture',
      banner: 'Postroom SMTP capture',
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      disableReverseLookup: true,
      size: MAX_SIZE,
      onRcptTo: (address, session, callback) => this.onRcptTo(address.address, session, callback),
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    this.server.on('error', () => undefined); // a client's broken connection is not the server's failure
    this.server.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.host, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    this._port = (this.server.server.address() as AddressInfo).port;
  }

  private onRcptTo(rcpt: string, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const key = rcpt.toLowerCase();
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const reply = this.options.replies?.(rcpt, attempt);
    if (!reply) return callback();
    const at = reply.at ?? 'rcpt';
    if (at === 'data') {
      if (!this.dataReplies.has(session.envelope)) this.dataReplies.set(session.envelope, reply);
      return callback();
    }
    this.rejections.push({
      rcpt,
      attempt,
      code: reply.code,
      message: reply.message,
      at,
      rejectedAt: new Date(),
    });
    callback(replyError(reply));
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ): void {
    const envelope = session.envelope;
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      const to = envelope.rcptTo.map((r) => r.address);
      const message: CapturedMessage = {
        seq: 0,
        from: envelope.mailFrom ? envelope.mailFrom.address : '',
        to,
        raw: Buffer.concat(chunks),
        receivedAt: new Date(),
      };
      if (to.some((rcpt) => this.options.dropAfterData?.(rcpt, this.attemptsFor(rcpt)))) {
        this.dropped.push(message);
        this.findConnection(session.id)?._socket.destroy();
        return;
      }
      const reply = this.dataReplies.get(envelope);
      if (reply) {
        for (const rcpt of to) {
          const attempt = this.attemptsFor(rcpt);
          this.rejections.push({
            rcpt,
            attempt,
            code: reply.code,
            message: reply.message,
            at: 'data',
            rejectedAt: new Date(),
          });
        }
        return callback(replyError(reply));
      }
      this.accept(message).then(
        () => callback(null, `OK: queued as ${message.seq}`),
        (err: Error) =>
          callback(replyError({ code: 451, message: `4.3.0 could not save the message: ${err.message}` })),
      );
    });
  }

  private async accept(message: CapturedMessage): Promise<void> {
    message.seq = ++this.seq;
    if (this.options.saveDir) {
      const file = path.join(
        this.options.saveDir,
        `${message.seq}-${safeFileName(message.to[0] ?? 'unknown')}.eml`,
      );
      await fs.promises.writeFile(file, message.raw);
      message.file = file;
    }
    this.total++;
    for (const rcpt of message.to) {
      const key = rcpt.toLowerCase();
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    this.messages.push(message);
    const max = this.options.maxKept;
    if (max !== undefined && this.messages.length > max) this.messages.splice(0, this.messages.length - max);
  }

  private findConnection(sessionId: string) {
    for (const connection of this.server.connections) if (connection.id === sessionId) return connection;
    return undefined;
  }
}

function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

function safeFileName(address: string): string {
  return address.replace(/[^A-Za-z0-9@._+-]/g, '_').slice(0, 200);
}

// a catcher restarted on the same folder goes on numbering instead of overwriting
function lastSavedSeq(dir: string): number {
  let max = 0;
  for (const name of fs.readdirSync(dir)) {
    const n = /^(\d+)-.*\.eml$/.exec(name);
    if (n) max = Math.max(max, Number(n[1]));
  }
  return max;
}

/** The value of one header of a raw message (unfolded, RFC 2047 encoded words decoded), or undefined. */
export function headerOf(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('utf8');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase() + ':';
  for (const line of unfolded.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(wanted)) return decodeEncodedWords(line.slice(wanted.length).trim());
  }
  return undefined;
}

function decodeEncodedWords(value: string): string {
  // whitespace between two encoded words is not part of the text (RFC 2047 §6.2)
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
    (word, charset: string, encoding: string, text: string) => {
      try {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
                'latin1',
              );
        return new TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes);
      } catch {
        return word;
      }
    },
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_LIMIT = 500;

/**
 * A small web page over a capture: the caught messages, newest first, each linking to its raw
 * source. Resolves once listening; `close()` the returned server to stop it.
 */
export async function startMailCatcherPage(
  cap: SmtpCapture,
  port: number,
  host = '127.0.0.1',
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    const raw = /^\/messages\/(\d+)\.eml$/.exec(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    } else if (raw) {
      const message = cap.messages.find((m) => m.seq === Number(raw[1]));
      if (!message)
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('no such message\n');
      else res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message.raw);
    } else if (url.pathname === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(renderList(cap));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function renderList(cap: SmtpCapture): string {
  const shown = cap.messages.slice(-PAGE_LIMIT).reverse();
  const rows = shown
    .map((m) => {
      const subject = headerOf(m.raw, 'subject') ?? '(no subject)';
      return (
        `<tr><td>${escapeHtml(m.receivedAt.toISOString())}</td><td>${escapeHtml(m.from || '<>')}</td>` +
        `<td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${m.seq}.eml">${escapeHtml(subject)}</a></td></tr>`
      );
    })
    .join('\n');
  const where = cap.saveDir ? ` Saved in <code>${escapeHtml(cap.saveDir)}</code>.` : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Postroom mail catcher</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}</style>
</head><body><h1>Postroom mail catcher</h1>
<p>${cap.acceptedCount} messages caught on ${escapeHtml(cap.url)}; showing the newest ${shown.length}.${where}</p>
<table><thead><tr><th>received</th><th>from</th><th>to</th><th>subject</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
