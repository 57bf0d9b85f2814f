import type { CampaignSubmit } from '@postroom/contracts';
import * as amqp from 'amqplib';
import { REFUSED } from './demo-story';

/**
 * A sample campaign, as an upstream system (a shop, a CRM) would hand it over. Each run has an
 * account of its own (`demo-<time>`), so a second run on the same day still has its whole limit.
 * The first recipients are addresses the demo catcher refuses (demo-story.ts).
 */
export function demoCampaign(recipients: number, now = new Date()): CampaignSubmit {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    idempotencyKey: `demo-${now.getTime()}`,
    account: `demo-${stamp}`,
    from: 'news@shop.example',
    subject: 'Hello {{name}}',
    html: '<p>Hi {{name}}, our autumn sale starts today.</p><p><a href="https://shop.example/sale">See the sale</a></p>',
    text: 'Hi {{name}}, our autumn sale starts today: https://shop.example/sale',
    recipients: [
      ...REFUSED.map((local) => ({ email: `${local}@example.com`, name: 'Nobody' })),
      ...Array.from({ length: Math.max(0, recipients - REFUSED.length) }, (_, i) => ({
        email: `customer${i + 1}@example.com`,
        name: `Customer ${i + 1}`,
      })),
    ],
  };
}

/**
 * Publishes `campaign.submit` the way an upstream system does: nothing but the broker and the
 * published schema. Resolves once the broker confirmed the message; fails when no queue took it
 * (a mandatory publish comes back when nothing is bound, e.g. the scheduler never subscribed).
 */
export async function publishCampaign(
  amqpUrl: string,
  exchange: string,
  campaign: CampaignSubmit,
): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    let returned = false;
    channel.on('return', () => (returned = true));
    await channel.assertExchange(exchange, 'topic', { durable: true });
    channel.publish(exchange, 'campaign.submit', Buffer.from(JSON.stringify(campaign)), {
      persistent: true,
      mandatory: true,
      contentType: 'application/json',
      messageId: campaign.idempotencyKey,
    });
    // a returned message is reported before its confirm
    await channel.waitForConfirms();
    await channel.close();
    if (returned) {
      throw new Error(
        `no queue is bound to campaign.submit on exchange "${exchange}": is the scheduler consuming? ` +
          'See .postroom/logs/scheduler.log',
      );
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** The scheduler's operator API, as the demo uses it. */
export class SchedulerApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string): Promise<{ status: number; body: T | undefined; text: string }> {
    const res = await fetch(new URL(path, this.baseUrl), {
      headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: T | undefined;
    try {
      body = JSON.parse(text) as T;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text };
  }

  /** Polls until the campaign with this idempotency key is stored; returns its id. */
  async findCampaign(account: string, idempotencyKey: string, timeoutMs: number): Promise<string> {
    const query = `/v1/campaigns?account=${encodeURIComponent(account)}&idempotencyKey=${encodeURIComponent(idempotencyKey)}`;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      try {
        const res = await this.get<{ items?: { id: string }[] }>(query);
        if (res.status === 401 || res.status === 403) {
          throw new ApiRefused(
            `GET ${query} answered ${res.status}: the API token does not match POSTROOM_API_TOKEN`,
          );
        }
        const id = res.body?.items?.[0]?.id;
        if (res.status === 200 && id !== undefined) return String(id);
        last = res.status === 200 ? 'not stored yet' : `HTTP ${res.status} ${res.text.slice(0, 300)}`;
      } catch (err) {
        if (err instanceof ApiRefused) throw err;
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `campaign ${idempotencyKey} was not stored within ${timeoutMs / 1000} s (last answer: ${last}); ` +
            'see .postroom/logs/scheduler.log and the dead-letter queues',
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

class ApiRefused extends Error {}
