import { CampaignStateStore, CampaignStore, DeliveryStore, type Ledger } from '@postroom/ledger';
import { createTestDatabase, type TestDatabase } from '@postroom/testing';
import { CampaignControlService } from '../../apps/scheduler/src/campaigns/campaign-control.service';
import { SegmentExportService } from '../../apps/scheduler/src/campaigns/segment-export.service';
import { connectLedger } from './helpers';
import { QuotaHarness } from './quota-harness';

const MONDAY = '2026-11-30';

describe(CampaignControlService.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let harness: QuotaHarness;
  let sut: CampaignControlService;

  beforeEach(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    harness = new QuotaHarness(ledger, `${MONDAY}T08:00:00Z`, {
      MIN_DAILY_LIMIT: '10',
      MAX_DAILY_LIMIT: '1000',
    });
    sut = new CampaignControlService(ledger, harness.clock, new CampaignStore(), new CampaignStateStore());
  });

  afterEach(async () => {
    await ledger.close();
    await db.drop();
  });

  const campaignCounts = async (id: string) =>
    Object.fromEntries(
      (
        await ledger.query<{ status: string; n: number }>(
          `select status, count(*)::int as n from deliveries where campaign_id = $1 group by status`,
          [id],
        )
      ).rows.map((r) => [r.status, r.n]),
    );
  const used = async (account: string) => (await harness.admin.view(account))!.used;

  it("lets the dispatcher claim none of a paused campaign's deliveries, and the quota goes to the others", async () => {
    await harness.admin.put('shop', { dailyLimit: 100, timeZone: 'UTC' }, 'test');
    const paused = await harness.campaign('shop', 60);
    const running = await harness.campaign('shop', 60, { domain: 'other.example' });

    expect(await sut.apply(paused, 'pause', 'ops-anna')).toEqual({
      kind: 'changed',
      state: 'paused',
      cancelled: 0,
    });
    const dispatched = await harness.dispatchAll();
    await harness.sendAll();

    expect(dispatched).toBe(60);
    expect(await campaignCounts(paused)).toEqual({ queued: 60 });
    expect(await campaignCounts(running)).toEqual({ sent: 60 });
    expect(await used('shop')).toBe(60);
  });

  it('neither claims nor defers a paused campaign past the limit; on resume it goes within the limit, the rest deferred', async () => {
    await harness.admin.put('shop', { dailyLimit: 10, timeZone: 'UTC' }, 'test');
    const id = await harness.campaign('shop', 30);
    await sut.apply(id, 'pause', 'ops-anna');

    expect(await harness.dispatchAll()).toBe(0);
    expect(await used('shop')).toBe(0);
    expect(await campaignCounts(id)).toEqual({ queued: 30 });

    expect(await sut.apply(id, 'resume', 'ops-anna')).toEqual({
      kind: 'changed',
      state: 'running',
      cancelled: 0,
    });
    expect(await harness.dispatchAll()).toBe(10);
    await harness.sendAll();
    expect(await campaignCounts(id)).toEqual({ sent: 10, deferred: 20 });

    // paused again overnight: the next day opens and nothing of it goes
    await sut.apply(id, 'pause', 'ops-anna');
    harness.clock.set('2026-12-01T00:05:00Z');
    expect(await harness.dispatchAll()).toBe(0);
    expect(await used('shop')).toBe(0);
  });

  it('ends every unsent delivery of a cancelled campaign as cancelled: counted, exported, audited, never sent', async () => {
    await harness.admin.put('shop', { dailyLimit: 10, timeZone: 'UTC' }, 'test');
    const id = await harness.campaign('shop', 30);
    await harness.dispatchAll();
    await harness.sendAll();

    const outcome = await sut.apply(id, 'cancel', 'ops-anna');

    expect(outcome).toEqual({ kind: 'changed', state: 'cancelled', cancelled: 20 });
    expect(await campaignCounts(id)).toEqual({ sent: 10, cancelled: 20 });
    harness.clock.set('2026-12-01T00:05:00Z');
    expect(await harness.dispatchAll()).toBe(0);
    const events = await ledger.query<{ from_status: string; n: number }>(
      `select e.from_status, count(*)::int as n from delivery_events e join deliveries d on d.id = e.delivery_id
        where d.campaign_id = $1 and e.to_status = 'cancelled' group by e.from_status`,
      [id],
    );
    expect(events.rows).toEqual([{ from_status: 'deferred', n: 20 }]);
    const audit = await new CampaignStateStore().trail(ledger, id);
    expect(audit.map((a) => [a.action, a.actor, a.figures])).toEqual([
      ['cancelled', 'ops-anna', { cancelled: 20 }],
    ]);
    let csv = '';
    for await (const chunk of new SegmentExportService(ledger, new DeliveryStore()).stream(id, 'csv'))
      csv += String(chunk);
    const statuses = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[2]);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(10);
  });

  it('stops what was already handed to the sender: paused go back to the queue, cancelled end, quota given back', async () => {
    await harness.admin.put('shop', { dailyLimit: 100, timeZone: 'UTC' }, 'test');
    const paused = await harness.campaign('shop', 20);
    const cancelled = await harness.campaign('shop', 20, { domain: 'other.example' });
    expect(await harness.dispatchAll()).toBe(40);
    expect(await used('shop')).toBe(40);

    await sut.apply(paused, 'pause', 'ops-anna');
    await sut.apply(cancelled, 'cancel', 'ops-anna');
    const sent = await harness.sendAll();

    expect(sent).toBe(0);
    expect(await campaignCounts(paused)).toEqual({ queued: 20 });
    expect(await campaignCounts(cancelled)).toEqual({ cancelled: 20 });
    expect(await used('shop')).toBe(0);

    await sut.apply(paused, 'resume', 'ops-anna');
    expect(await harness.dispatchAll()).toBe(20);
    expect(await harness.sendAll()).toBe(20);
    expect(await campaignCounts(paused)).toEqual({ sent: 20 });
  });

  it('refuses moves the state does not allow, and audits each move once', async () => {
    const id = await harness.campaign('shop', 3);

    expect(await sut.apply(id, 'resume', 'a')).toMatchObject({ kind: 'conflict', state: 'running' });
    await sut.apply(id, 'pause', 'a');
    expect(await sut.apply(id, 'pause', 'b')).toMatchObject({ kind: 'conflict', state: 'paused' });
    await sut.apply(id, 'cancel', 'c');
    expect(await sut.apply(id, 'resume', 'd')).toMatchObject({ kind: 'conflict', state: 'cancelled' });
    expect(await sut.apply(id, 'cancel', 'd')).toMatchObject({ kind: 'conflict', state: 'cancelled' });

    const audit = await new CampaignStateStore().trail(ledger, id);
    expect(audit.map((a) => `${a.action} by ${a.actor}`)).toEqual(['cancelled by c', 'paused by a']);
    expect(await campaignCounts(id)).toEqual({ cancelled: 3 });
  });
});
