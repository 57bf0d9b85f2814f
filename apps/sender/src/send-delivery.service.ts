import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import type { Metrics } from '@postroom/metrics';
import { CONFIG, METRICS } from '@postroom/runtime';
import { SendingClaims } from './claims/sending-claims';
import { DeliveryMailer } from './delivery-mailer';

/**
 * Sends one `delivery.send` batch: takes ownership of each delivery by a guarded update under
 * the sender's lease, re-checks the blacklist (SendingClaims), and has DeliveryMailer render, send and record every outcome
 * (batched) before the message is acked.
 */
@Injectable()
export class SendDeliveryService implements OnApplicationShutdown {
  private readonly chunk: number;

  constructor(
    private readonly claims: SendingClaims,
    private readonly mailer: DeliveryMailer,
    @Inject(CONFIG) config: ConfigOf<typeof senderEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.chunk = config.SENDING_CHUNK;
  }

  /** Returns how many deliveries of the batch this call owned and settled. */
  async sendBatch(ids: readonly string[]): Promise<number> {
    let settled = 0;
    // a few at a time: only what is really in the SMTP pool is `sending`, so a crash leaves few
    // deliveries `unknown` (the rest are still `dispatched` and go out after the restart)
    for (let i = 0; i < ids.length; i += this.chunk) {
      settled += await this.sendChunk(ids.slice(i, i + this.chunk));
    }
    return settled;
  }

  private async sendChunk(ids: readonly string[]): Promise<number> {
    // guarded update under this sender's lease, with the blacklist re-check, in one statement
    // shared with the other messages in flight: a redelivered message must not send twice
    const { owned, blacklisted } = await this.claims.start(ids);
    if (owned.length === 0) return 0;
    this.metrics.deliveries.inc({ status: 'sending' }, owned.length);
    await Promise.all(owned.map((d) => this.mailer.send(d, blacklisted.get(d.id))));
    return owned.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
  }
}
