import { loadConfig, senderEnv } from '@postroom/config';
import type { DeliveryOutcome, SendingDelivery, Sql } from '@postroom/ledger';
import type { OutgoingMail, TransportResult } from '@postroom/messaging';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import { FakeMailTransport } from '@postroom/testing';
import { SendingClaims } from './claims/sending-claims';
import { mailerForSpec } from './mailer-spec-helpers';
import type { OutcomeRecorder } from './outcome/outcome-recorder';
import type { OutcomeWrite, OutcomeWriter } from './outcome/outcome-writer';
import type { SenderLease } from './lease/sender-lease.service';
import type { CampaignTemplate } from './render/rendered-message';
import { SendDeliveryService } from './send-delivery.service';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');

interface Row {
  id: string;
  account_id: string;
  email: string;
  status: string;
  attempts: number;
  outcome?: DeliveryOutcome;
}

/**
 * The deliveries table in memory, with the store's guards: only `dispatched` rows start
 * sending, and an outcome lands only on a row that is `sending` (or `unknown`).
 */
class DeliveriesInMemory {
  readonly rows = new Map<string, Row>();
  /** `account\0email` → reason, as the blacklist table keys it. */
  readonly blacklist = new Map<string, string>();
  readonly startedAt: Date[] = [];

  add(id: string, email: string, status = 'dispatched', account_id = 'acme'): void {
    this.rows.set(id, { id, account_id, email, status, attempts: 0 });
  }

  list(account: string, email: string, reason: string): void {
    this.blacklist.set(`${account}\u0000${email.toLowerCase()}`, reason);
  }

  status(id: string): string | undefined {
    return this.rows.get(id)?.status;
  }

  async startSending(_sql: Sql, ids: readonly string[], now: Date): Promise<SendingDelivery[]> {
    this.startedAt.push(now);
    const started: SendingDelivery[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row || row.status !== 'dispatched') continue;
      row.status = 'sending';
      row.attempts++;
      started.push({
        id,
        campaign_id: '7',
        account_id: row.account_id,
        email: row.email,
        name: 'Ann',
        vars: null,
        attempts: row.attempts,
      });
    }
    return started;
  }

  /** `startSending` and `blacklisted` as the store does them, in one call; the lease it notes. */
  async claimForSending(
    sql: Sql,
    ids: readonly string[],
    leaseId: string | null,
    now: Date,
  ): Promise<Array<SendingDelivery & { blacklist_reason: string | null }>> {
    this.leases.push(leaseId);
    const started = await this.startSending(sql, ids, now);
    const reasons = await this.blacklisted(sql, started);
    return started.map((d) => ({ ...d, blacklist_reason: reasons.get(d.id) ?? null }));
  }

  readonly leases: Array<string | null> = [];

  /** What OutcomeWriter.claimAndSettle does: the carried outcomes land, then the claim. */
  async claimAndSettle(ids: readonly string[], leaseId: string, batch: readonly OutcomeWrite[], now: Date) {
    const settled = await this.write(batch);
    const started = await this.claimForSending({} as Sql, ids, leaseId, now);
    return { started, settled };
  }

  async blacklisted(_sql: Sql, rows: readonly SendingDelivery[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const r of rows) {
      const reason = this.blacklist.get(`${r.account_id}\u0000${r.email.toLowerCase()}`);
      if (reason) found.set(r.id, reason);
    }
    return found;
  }

  /** What OutcomeWriter does to the deliveries, guarded the same way. */
  async write(batch: readonly OutcomeWrite[]): Promise<Set<string>> {
    const changed = new Set<string>();
    for (const { outcome } of batch) {
      const row = this.rows.get(outcome.id);
      if (!row || (row.status !== 'sending' && row.status !== 'unknown')) continue;
      row.status = outcome.status;
      row.outcome = outcome;
      changed.add(outcome.id);
    }
    return changed;
  }
}

/** A transport that, for chosen recipients, never gets the message out or fails outright. */
class TroubledTransport extends FakeMailTransport {
  private readonly trouble = new Map<string, 'not-sent' | 'throws'>();

  fail(to: string, how: 'not-sent' | 'throws'): this {
    this.trouble.set(to, how);
    return this;
  }

  override async send(mail: OutgoingMail): Promise<TransportResult> {
    const how = this.trouble.get(mail.to);
    if (how === 'throws') throw new Error(`transport fault for ${mail.to}`);
    if (how === 'not-sent') return { kind: 'not-sent', reason: 'connect ECONNREFUSED 192.0.2.25:25' };
    return super.send(mail);
  }
}

const campaign: CampaignTemplate = {
  id: '7',
  from: 'news@acme.example',
  subject: 'Hello {{name}}',
  html: '<p>Hi {{name}}</p>',
  text: null,
};

describe(SendDeliveryService.name, () => {
  const config = loadConfig('sender', senderEnv, {
    TRACKING_KEYS: 'k1:unit-tracking-secret-0123456789',
    SENDING_CHUNK: '2',
  });
  let deliveries: DeliveriesInMemory;
  let transport: TroubledTransport;
  let recorder: OutcomeRecorder;
  let sut: SendDeliveryService;

  beforeEach(() => {
    const clock = new FakeClock(NOW);
    const metrics = new Metrics('test');
    deliveries = new DeliveriesInMemory();
    transport = new TroubledTransport();
    const built = mailerForSpec({ config, clock, metrics, campaign, transport, writer: deliveries });
    recorder = built.recorder;
    const mailer = built.mailer;
    const claims = new SendingClaims(
      deliveries as unknown as OutcomeWriter,
      recorder,
      { id: 'lease-1' } as unknown as SenderLease,
      clock,
      { CLAIM_BATCH: 1, CLAIM_WAIT_MS: 0 },
      metrics,
    );
    sut = new SendDeliveryService(claims, mailer, config, metrics);
  });

  it('sends each delivery it owns once, in chunks, and settles it as sent', async () => {
    ['1', '2', '3', '4', '5'].forEach((id) => deliveries.add(id, `u${id}@x.example`));

    const settled = await sut.sendBatch(['1', '2', '3', '4', '5']);

    expect(settled).toBe(5);
    expect([...transport.recipients()].sort()).toEqual([
      'u1@x.example',
      'u2@x.example',
      'u3@x.example',
      'u4@x.example',
      'u5@x.example',
    ]);
    expect([...deliveries.rows.values()].map((r) => [r.id, r.status, r.attempts])).toEqual([
      ['1', 'sent', 1],
      ['2', 'sent', 1],
      ['3', 'sent', 1],
      ['4', 'sent', 1],
      ['5', 'sent', 1],
    ]);
    // SENDING_CHUNK=2: three guarded updates, each at the clock's instant, under the sender's lease
    expect(deliveries.startedAt).toEqual([NOW, NOW, NOW]);
    expect(deliveries.leases).toEqual(['lease-1', 'lease-1', 'lease-1']);
  });

  it('claims only what is still dispatched: sent, held, already sending and missing ids are left alone', async () => {
    deliveries.add('1', 'mine@x.example');
    deliveries.add('2', 'done@x.example', 'sent');
    deliveries.add('3', 'held@x.example', 'held');
    deliveries.add('4', 'other@x.example', 'sending');

    const settled = await sut.sendBatch(['1', '2', '3', '4', '99']);

    expect(settled).toBe(1);
    expect(transport.recipients()).toEqual(['mine@x.example']);
    expect(['1', '2', '3', '4'].map((id) => deliveries.status(id))).toEqual([
      'sent',
      'sent',
      'held',
      'sending',
    ]);
  });

  it('a replayed batch sends nothing twice', async () => {
    deliveries.add('1', 'a@x.example');
    deliveries.add('2', 'b@x.example');

    const first = await sut.sendBatch(['1', '2']);
    const replay = await sut.sendBatch(['1', '2']);

    expect([first, replay]).toEqual([2, 0]);
    expect(transport.sent).toHaveLength(2);
    expect(deliveries.rows.get('1')?.attempts).toBe(1);
  });

  it('skips addresses blacklisted or unsubscribed at send time and returns their quota', async () => {
    deliveries.add('1', 'ok@x.example');
    deliveries.add('2', 'Gone@x.example');
    deliveries.add('3', 'left@x.example');
    deliveries.list('acme', 'gone@x.example', 'userunknown');
    deliveries.list('acme', 'left@x.example', 'unsubscribed');

    await sut.sendBatch(['1', '2', '3']);

    expect(transport.recipients()).toEqual(['ok@x.example']);
    expect(deliveries.rows.get('2')?.outcome).toEqual({
      id: '2',
      status: 'suppressed',
      reason: 'blacklisted: userunknown',
      quotaReturned: true,
    });
    expect(deliveries.rows.get('3')?.outcome).toMatchObject({
      status: 'suppressed',
      reason: 'blacklisted: unsubscribed',
    });
  });

  it("a blacklist entry of another account does not stop this account's email", async () => {
    deliveries.add('1', 'shared@x.example');
    deliveries.list('other', 'shared@x.example', 'hard-bounce');

    await sut.sendBatch(['1']);

    expect(transport.recipients()).toEqual(['shared@x.example']);
    expect(deliveries.status('1')).toBe('sent');
  });

  it('hands each owned delivery to the mailer with its own rendered message', async () => {
    deliveries.add('1', 'a@x.example');
    deliveries.add('2', 'b@x.example');

    await sut.sendBatch(['1', '2']);

    const byRecipient = new Map(transport.sent.map((m) => [m.to, m.raw.toString()]));
    expect(byRecipient.get('a@x.example')).toMatch(/^To: Ann <a@x\.example>/m);
    expect(byRecipient.get('b@x.example')).toMatch(/^To: Ann <b@x\.example>/m);
    expect(transport.sent.every((m) => m.envelopeFrom.endsWith('@bounces.postroom.test'))).toBe(true);
    expect(new Set(transport.sent.map((m) => m.envelopeFrom)).size).toBe(2);
    // dated by the injected clock, whatever day the test runs on
    expect(byRecipient.get('a@x.example')).toMatch(/^Date: Fri, 14 Mar 2031 09:00:00 \+0000\r?$/m);
  });

  it('a message that never left is retried later with its quota given back', async () => {
    deliveries.add('1', 'down@x.example');
    transport.fail('down@x.example', 'not-sent');

    await sut.sendBatch(['1']);

    const outcome = deliveries.rows.get('1')?.outcome;
    expect(outcome).toMatchObject({ id: '1', status: 'retrying', quotaReturned: true });
    expect(outcome?.status === 'retrying' && outcome.retryAt.getTime()).toBeGreaterThan(NOW.getTime());
  });

  it('a transport fault fails the batch (no ack) while the rest of the chunk still settles', async () => {
    deliveries.add('1', 'ok@x.example');
    deliveries.add('2', 'boom@x.example');
    transport.fail('boom@x.example', 'throws');

    await expect(sut.sendBatch(['1', '2'])).rejects.toThrow('transport fault for boom@x.example');
    await recorder.flush();

    expect(deliveries.status('1')).toBe('sent');
    // no outcome was recorded: the sweeper, not a guess, decides what became of it
    expect(deliveries.status('2')).toBe('sending');
    expect(deliveries.rows.get('2')?.outcome).toBeUndefined();
  });

  it('closes the transport on shutdown', async () => {
    await sut.onApplicationShutdown();
    expect(transport.closed).toBe(true);
  });
});
