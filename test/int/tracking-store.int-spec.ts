import { CampaignStore, TrackingStore, type Ledger } from '@postroom/ledger';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { connectLedger } from './helpers';

describe(TrackingStore.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let ids: string[];
  const sut = new TrackingStore();
  const sentAt = new Date('2026-11-28T10:00:00.000Z');
  const at = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    const { recipients: _r, ...header } = campaignSubmit({ account: 'reads' });
    const campaigns = new CampaignStore();
    await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(4), sentAt);
    });
    await ledger.query(`update deliveries set status = 'sent', sent_at = $1`, [sentAt]);
    ids = (await ledger.query<{ id: string }>(`select id::text from deliveries order by id`)).rows.map(
      (r) => r.id,
    );
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  /** Read times as dates (the ledger hands timestamps over as text) and the events counted. */
  async function delivery(id: string) {
    const row = (
      await ledger.query<{
        read_at: string | null;
        read_machine_at: string | null;
        opens: number;
        clicks: number;
      }>(
        `select read_at, read_machine_at,
                (select count(*)::int from tracking_events where delivery_id = d.id and kind = 'open') as opens,
                (select count(*)::int from tracking_events where delivery_id = d.id and kind = 'click') as clicks
           from deliveries d where id = $1`,
        [id],
      )
    ).rows[0];
    const date = (v: string | null) => (v === null ? null : new Date(v));
    return { ...row, read_at: date(row.read_at), read_machine_at: date(row.read_machine_at) };
  }

  it('sets the read time at the first open, keeps it at later ones, and counts every open', async () => {
    await sut.record(ledger, [{ deliveryId: ids[0], kind: 'open', at: at(600) }], 10);
    await sut.record(
      ledger,
      [
        { deliveryId: ids[0], kind: 'open', at: at(700) },
        { deliveryId: ids[0], kind: 'open', at: at(800) },
      ],
      10,
    );

    expect(await delivery(ids[0])).toEqual({ read_at: at(600), read_machine_at: null, opens: 3, clicks: 0 });
  });

  it('moves the read time earlier when an earlier open arrives late (a buffer catching up)', async () => {
    await sut.record(ledger, [{ deliveryId: ids[1], kind: 'open', at: at(900) }], 10);
    await sut.record(ledger, [{ deliveryId: ids[1], kind: 'click', linkId: '1', at: at(300) }], 10);

    expect(await delivery(ids[1])).toMatchObject({ read_at: at(300), opens: 1, clicks: 1 });
  });

  it('flags opens within the window after the send and request-level machine opens, never as read', async () => {
    const result = await sut.record(
      ledger,
      [
        { deliveryId: ids[2], kind: 'open', at: at(3) },
        { deliveryId: ids[2], kind: 'open', at: at(600), machineReason: 'head-request' },
      ],
      10,
    );

    expect(result).toEqual({ stored: 2, machine: 2 });
    expect(await delivery(ids[2])).toEqual({ read_at: null, read_machine_at: at(3), opens: 2, clicks: 0 });
    const reasons = await ledger.query<{ machine_reason: string }>(
      `select machine_reason from tracking_events where delivery_id = $1 order by at`,
      [ids[2]],
    );
    expect(reasons.rows.map((r) => r.machine_reason)).toEqual(['within 10s of the send', 'head-request']);
  });

  it('stores nothing for a delivery the ledger does not know, and the rest of the batch all the same', async () => {
    const result = await sut.record(
      ledger,
      [
        { deliveryId: '999999999', kind: 'open', at: at(600) },
        { deliveryId: ids[3], kind: 'open', at: at(601), userAgent: 'Mail/1.0' },
      ],
      10,
    );

    expect(result).toEqual({ stored: 1, machine: 0 });
    const orphans = await ledger.query(`select 1 from tracking_events where delivery_id = 999999999`);
    expect(orphans.rows).toHaveLength(0);
    expect(await delivery(ids[3])).toMatchObject({ read_at: at(601), opens: 1 });
  });
});
