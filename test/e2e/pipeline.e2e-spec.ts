import { HEADER } from '@postroom/messaging';
import { campaignSubmit, publishRaw, recipients, tapQueue, waitFor } from '@postroom/testing';
import { inFlight, Pipeline } from './pipeline-harness';

describe('campaign pipeline (scheduler → RabbitMQ → sender → SMTP → ledger)', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      smtp: {
        replies: (rcpt, attempt) => {
          if (rcpt.startsWith('gone@'))
            return { code: 550, message: '5.1.1 <gone@bounce.example>: no such user' };
          if (rcpt.startsWith('busy@') && attempt < 3) return { code: 451, message: '4.3.0 try again later' };
          return undefined;
        },
        dropAfterData: (rcpt) => rcpt.startsWith('lost@'),
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('delivers a 2,000-recipient campaign from the broker to the SMTP server exactly once each, all sent', async () => {
    const body = campaignSubmit({ account: 'big', recipients: recipients(2000, 'big.example') });

    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));

    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'campaign stored' });
    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 2000, {
      timeoutMs: 60_000,
      message: 'all 2,000 sent',
    });
    const perAddress = pipeline.smtp.countByRecipient();
    const bigOnes = [...perAddress].filter(([rcpt]) => rcpt.endsWith('@big.example'));
    expect(bigOnes).toHaveLength(2000);
    expect(bigOnes.every(([, n]) => n === 1)).toBe(true);
    const res = await pipeline.api(`/v1/campaigns/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id,
      account: 'big',
      recipientCount: 2000,
      counts: { sent: 2000 },
    });
    const sample = pipeline.smtp.messages.find((m) => m.to[0] === 'user7@big.example');
    expect(sample?.raw.toString()).toContain('Subject: Hello User 7');
    expect(sample?.from).toMatch(/^bounces\+e2e1\.[\w-]+\.[\w-]+@/);
  });

  it('creates nothing new when the same idempotency key comes again, by broker or API', async () => {
    const body = campaignSubmit({ account: 'idem', recipients: recipients(5, 'idem.example') });
    const first = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string };
    await waitFor(async () => (await pipeline.statusCounts(created.id)).sent === 5, {
      message: 'first send',
    });

    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    const again = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify({ ...body, subject: 'changed' }),
      headers: { 'content-type': 'application/json' },
    });

    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: created.id, created: false, subject: 'Hello {{name}}' });
    const campaigns = await pipeline.db.query(`select id from campaigns where account_id = 'idem'`);
    expect(campaigns.rows).toHaveLength(1);
    // the broker copy was consumed (the queue is empty) and sent nothing more
    await waitFor(async () => (await queueDepth(pipeline, 'scheduler.campaign-submit')) === 0, {
      message: 'consumed',
    });
    const sentTo = [...pipeline.smtp.countByRecipient()].filter(([r]) => r.endsWith('@idem.example'));
    expect(sentTo.map(([, n]) => n)).toEqual([1, 1, 1, 1, 1]);
  });

  it('dead-letters a malformed campaign.submit with its reason and processes the next valid one', async () => {
    const dlq = await tapQueue(pipeline.namespace, `${pipeline.namespace}.scheduler.campaign-submit`, {
      deadLetters: true,
    });
    const valid = campaignSubmit({ account: 'after-poison', recipients: recipients(3, 'after.example') });

    await publishRaw(pipeline.namespace, 'campaign.submit', '{"idempotencyKey": "x", "recipients": "nope"');
    await publishRaw(
      pipeline.namespace,
      'campaign.submit',
      JSON.stringify({ ...valid, from: 'not-an-address' }),
    );
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(valid));

    const id = await waitFor(() => pipeline.campaignId(valid.idempotencyKey), {
      message: 'valid one stored',
    });
    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 3, { message: 'valid one sent' });
    await waitFor(() => dlq.messages.length === 2, { message: 'two dead letters' });
    expect(String(dlq.messages[0].headers[HEADER.reason])).toMatch(/^not JSON/);
    expect(String(dlq.messages[1].headers[HEADER.reason])).toMatch(/\/from must match format "email"/);
    await dlq.close();
  });

  it('ends a 5xx as bounced (handed to bounce), a 4xx-then-250 as sent, a dropped reply as unknown', async () => {
    const rejected = await tapQueue(pipeline.namespace, 'delivery.rejected');
    const body = campaignSubmit({
      account: 'replies',
      recipients: [
        { email: 'gone@bounce.example' },
        { email: 'busy@retry.example' },
        { email: 'lost@drop.example' },
      ],
    });

    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));

    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });
    await waitFor(async () => inFlight(await pipeline.statusCounts(id)) === 0, {
      timeoutMs: 30_000,
      message: 'all settled',
    });
    const rows = await pipeline.db.query<{
      email: string;
      status: string;
      attempts: number;
      smtp_reply: string;
    }>(`select email, status, attempts, smtp_reply from deliveries where campaign_id = $1 order by email`, [
      id,
    ]);
    expect(rows.rows).toEqual([
      expect.objectContaining({ email: 'busy@retry.example', status: 'sent', attempts: 3 }),
      expect.objectContaining({ email: 'gone@bounce.example', status: 'bounced', attempts: 1 }),
      expect.objectContaining({ email: 'lost@drop.example', status: 'unknown', attempts: 1 }),
    ]);
    expect(rows.rows[1].smtp_reply).toContain('5.1.1');
    await waitFor(() => rejected.messages.length === 1, { message: 'delivery.rejected published' });
    expect(rejected.messages[0].body).toMatchObject({
      email: 'gone@bounce.example',
      account: 'replies',
      smtpCode: 550,
      enhancedCode: '5.1.1',
    });
    // unknown is never resent: the server saw the body once, and nothing comes again
    expect(pipeline.smtp.dropped.filter((m) => m.to[0] === 'lost@drop.example')).toHaveLength(1);
    const events = await pipeline.db.query(
      `select e.to_status from delivery_events e join deliveries d on d.id = e.delivery_id
        where d.email = 'busy@retry.example' order by e.id`,
    );
    expect(events.rows.map((r) => r.to_status)).toEqual([
      'queued',
      'dispatched',
      'sending',
      'retrying',
      'dispatched',
      'sending',
      'retrying',
      'dispatched',
      'sending',
      'sent',
    ]);
    await rejected.close();
  });
});

async function queueDepth(pipeline: Pipeline, consumer: string): Promise<number> {
  const amqplib = await import('amqplib');
  const conn = await amqplib.connect(pipeline.env.AMQP_URL as string);
  try {
    const ch = await conn.createChannel();
    const q = await ch.checkQueue(`${pipeline.namespace}.${consumer}`);
    await ch.close();
    return q.messageCount;
  } finally {
    await conn.close();
  }
}
