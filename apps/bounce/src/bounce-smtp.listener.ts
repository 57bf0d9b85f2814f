import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { CONFIG, LOGGER } from '@postroom/runtime';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { InboundBounceService } from './inbound-bounce.service';

/**
 * The SMTP listener for the VERP return path: accepts bounces and complaints (up to the size
 * limit, refused above it), answers 250 once the message is in the ledger (recorded or
 * quarantined), 451 when the ledger is unreachable so the sending MTA tries again.
 */
@Injectable()
export class BounceSmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: SMTPServer;

  constructor(
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inbound: InboundBounceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const max = this.config.BOUNCE_MAX_MESSAGE_BYTES;
    this.server = new SMTPServer({
      name: 'postroom-bounce',
      banner: 'Postroom bounce listener',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: max,
      logger: false,
      maxClients: 200,
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
        callback(
          Object.assign(new Error(`552 5.3.4 message larger than ${max} bytes`), { responseCode: 552 }),
        );
        return;
      }
      const envelopeTo = session.envelope.rcptTo[0]?.address;
      this.inbound
        .process(Buffer.concat(chunks, size), 'smtp', envelopeTo)
        .then(() => callback(null))
        .catch((err: Error) => {
          this.logger.warn(
            { err: err.message },
            'could not record an inbound message; asking the MTA to retry',
          );
          callback(
            Object.assign(new Error('451 4.3.0 temporary failure, try again later'), { responseCode: 451 }),
          );
        });
    });
  }
}
