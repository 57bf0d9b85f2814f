import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { CONFIG, LOGGER } from '@postroom/runtime';
import type { Logger } from 'pino';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { ConnectionLimiter } from './connection-limiter';
import { InboundBounceService } from './inbound-bounce.service';
import { RecipientGate } from './recipient-gate';

/** A DSN goes to one return path; a message for more is not one of our bounces. */
const MAX_RCPT_PER_MESSAGE = 5;
const MAX_CLIENTS = 200;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The SMTP listener for the VERP return paths and the feedback-loop address. It takes RCPT only
 * for those (a return path's signature is checked right there; 550 for anyone else, 452 past 5
 * recipients), caps connections per client, accepts messages up to the size limit, and answers
 * 250 once the message is in the ledger (recorded or quarantined), 451 when the ledger is
 * unreachable so the sending MTA tries again (a retried report counts once).
 */
@Injectable()
export class BounceSmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: SMTPServer;
  private readonly limiter: ConnectionLimiter;
  /** RCPT commands per transaction: a new transaction gets a new envelope object. */
  private readonly rcptCounts = new WeakMap<object, number>();

  constructor(
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inbound: InboundBounceService,
    private readonly gate: RecipientGate,
  ) {
    this.limiter = new ConnectionLimiter(config.BOUNCE_MAX_CLIENTS_PER_IP);
  }

  async onApplicationBootstrap(): Promise<void> {
    const max = this.config.BOUNCE_MAX_MESSAGE_BYTES;
    this.server = new SMTPServer({
      name: 'postroom-bounce',
      banner: 'Postroom bounce listener',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: max,
      logger: false,
      // a DNS query per connection is work any stranger could make us do; the name proves nothing
      disableReverseLookup: true,
      maxClients: MAX_CLIENTS,
      onConnect: (session, callback) => this.connect(session, callback),
      onClose: (session) => this.limiter.release(session.id),
      onRcptTo: (address, session, callback) => this.rcpt(address, session, callback),
      onData: (stream, session, callback) => this.receive(stream, session, max, callback),
    });
    this.server.on('error', (err) => this.logger.warn({ err: err.message }, 'bounce SMTP listener error'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.BOUNCE_SMTP_PORT, this.config.HTTP_HOST, () => resolve());
    });
    this.logger.info({ port: this.config.BOUNCE_SMTP_PORT }, 'bounce SMTP listener ready');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private connect(session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    if (this.limiter.admit(session.id, session.remoteAddress)) return callback();
    // debug: a flood of refusals must not become a flood of log lines
    this.logger.debug(
      { client: session.remoteAddress },
      'bounce SMTP connection refused: too many from one client',
    );
    callback(smtpError(421, 'Too many connections from your address, try again later'));
  }

  private rcpt(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): void {
    const count = (this.rcptCounts.get(session.envelope) ?? 0) + 1;
    this.rcptCounts.set(session.envelope, count);
    if (count > MAX_RCPT_PER_MESSAGE) return callback(smtpError(452, 'Too many recipients'));
    const verdict = this.gate.judge(address.address);
    if (verdict.kind === 'stranger') return callback(smtpError(550, 'No such recipient here'));
    callback();
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    max: number,
    callback: (err?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // past the limit nothing more is kept: memory stays bounded whatever arrives
      if (size <= max) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || size > max) {
        callback(smtpError(552, `5.3.4 message larger than ${max} bytes`));
        return;
      }
      const raw = Buffer.concat(chunks, size);
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      this.processAll(raw, recipients)
        .then(() => callback(null))
        .catch((err: Error) => {
          this.logger.warn(
            { err: err.message },
            'could not record an inbound message; asking the MTA to retry',
          );
          callback(smtpError(451, '4.3.0 temporary failure, try again later'));
        });
    });
  }

  /** Each recipient on its own: a report on one return path says nothing about another. */
  private async processAll(raw: Buffer, recipients: string[]): Promise<void> {
    for (const to of recipients) await this.inbound.process(raw, 'smtp', to);
  }
}
