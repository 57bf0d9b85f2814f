import {
  AccountStore,
  CampaignStore,
  DeliveryStore,
  QuotaDayStore,
  type Ledger,
  type Sql,
} from '@postroom/ledger';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { connectLedger } from './helpers';

describe(DeliveryStore.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  const sut = new DeliveryStore();
  const campaigns = new CampaignStore();
  const accounts = new AccountStore();
  const quota = new QuotaDayStore();
  /** The one clock of these tests: a fixed instant, whatever day they run on. */
  const now = new Date('2031-03-14T09:00:00Z');

  /** Opens today for the account with a limit that never binds, then claims. */
  async function claimDue(account: string, batch: number) {
    await ledger.query(`update accounts set daily_limit = 1000000 where id = $1`, [account]);
    const row = await accounts.account(ledger, account);
    await quota.openDay(ledger, account, await quota.localDay(ledger, row!.time_zone, now), 1_000_000);
    return ledger.tx((sql) => quota.claim(sql, account, batch, now));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  async function campaignWith(account: string, count: number) {
    const { recipients: _r, ...header } = campaignSubmit({ account });
    return ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(count), now);
      return campaign;
    });
  }

  it('claims due deliveries in submission order, each exactly once across parallel claimers', async () => {
    const campaign = await campaignWith('claims', 3000);

    const claims = await Promise.all([1, 2, 3, 4].map(() => claimDue('claims', 400)));
    const rest = await claimDue('claims', 10_000);

    const all = [...claims.flat(), ...rest].map((c) => BigInt(c.id));
    expect(all).toHaveLength(3000);
    expect(new Set(all).size).toBe(3000);
    for (const claim of claims) {
      const ids = claim.map((c) => BigInt(c.id));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    }
    const counts = await campaigns.statusCounts(ledger, campaign.id);
    expect(counts).toEqual({ dispatched: 3000 });
  });

  it('does not claim deliveries whose send time has not come', async () => {
    const { recipients: _r, ...header } = campaignSubmit({
      account: 'later',
      sendAt: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(5), now);
    });

    expect(await claimDue('later', 100)).toEqual([]);
  });

  it('gives a batch to only one sender: a replayed delivery.send owns nothing', async () => {
    await campaignWith('replay', 10);
    const claimed = await claimDue('replay', 100);
    const ids = claimed.map((c) => c.id);

    const first = await ledger.tx((sql) => sut.startSending(sql, ids, now));
    const replay = await ledger.tx((sql) => sut.startSending(sql, ids, now));

    expect(first.map((d) => d.id)).toEqual(ids);
    expect(first[0]).toMatchObject({ attempts: 1, email: 'user0@example.com', name: 'User 0' });
    expect(replay).toEqual([]);
  });

  it('records outcomes once, appends events, and never moves a finished delivery again', async () => {
    await campaignWith('outcomes', 3);
    const ids = (await claimDue('outcomes', 100)).map((c) => c.id);
    await ledger.tx((sql) => sut.startSending(sql, ids, now));

    const changed = await ledger.tx((sql) =>
      sut.recordOutcomes(
        sql,
        [
          { id: ids[0], status: 'sent', smtpReply: '250 2.0.0 Ok: queued as ABC', messageId: '<a@x>' },
          { id: ids[1], status: 'bounced', smtpReply: '550 5.1.1 no such user', messageId: '<b@x>' },
          {
            id: ids[2],
            status: 'retrying',
            smtpReply: '451 4.3.0 try later',
            retryAt: new Date(now.getTime() + 60_000),
          },
        ],
        now,
      ),
    );
    const again = await ledger.tx((sql) =>
      sut.recordOutcomes(
        sql,
        [{ id: ids[0], status: 'bounced', smtpReply: '550 late', messageId: '<a@x>' }],
        now,
      ),
    );

    expect(changed.map((c) => c.id)).toEqual(ids);
    expect(changed[0]).toMatchObject({ account_id: 'outcomes', status: 'sent', quota_returned: false });
    expect(changed[0].quota_day).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(again).toEqual([]);
    const rows = await ledger.query(
      `select status, smtp_reply, sent_at is not null as has_sent_at from deliveries where id = any($1::bigint[]) order by id`,
      [ids],
    );
    expect(rows.rows).toEqual([
      { status: 'sent', smtp_reply: '250 2.0.0 Ok: queued as ABC', has_sent_at: true },
      { status: 'bounced', smtp_reply: '550 5.1.1 no such user', has_sent_at: true },
      { status: 'retrying', smtp_reply: '451 4.3.0 try later', has_sent_at: false },
    ]);
    const events = await ledger.query(
      `select to_status from delivery_events where delivery_id = $1 order by id`,
      [ids[0]],
    );
    expect(events.rows.map((r) => r.to_status)).toEqual(['queued', 'dispatched', 'sending', 'sent']);
  });

  it('settles sends in one statement: statuses, the account day, and notices only for rows that changed', async () => {
    await campaignWith('settle', 4);
    const ids = (await claimDue('settle', 100)).map((c) => c.id);
    await ledger.tx((sql) => sut.startSending(sql, ids, now));
    const row = await accounts.account(ledger, 'settle');
    const day = await quota.localDay(ledger, row!.time_zone, now);
    const usedBefore = (await quota.day(ledger, 'settle', day))!.used;
    const notice = (id: string) => ({
      deliveryId: id,
      routingKey: 'delivery.rejected',
      payload: { deliveryId: id, smtpCode: 550 },
    });
    const outcomes = [
      { id: ids[0], status: 'sent' as const, smtpReply: '250 ok', messageId: '<a@x>' },
      { id: ids[1], status: 'sent' as const, smtpReply: '250 ok', messageId: '<b@x>' },
      { id: ids[2], status: 'bounced' as const, smtpReply: '550 5.1.1 no such user', messageId: '<c@x>' },
      { id: ids[3], status: 'suppressed' as const, reason: 'blacklisted: hard', quotaReturned: true },
    ];
    const outboxBefore = Number((await ledger.query(`select count(*) as n from outbox`)).rows[0].n);
    let statements = 0;
    const counting: Sql = {
      query: (text: string, values?: unknown[]) => {
        statements++;
        return ledger.query(text, values);
      },
    } as Sql;

    const changed = await sut.settleSends(counting, outcomes, [notice(ids[2])], now);
    // the same outcomes again (a retried flush whose first answer was lost): nothing moves
    const again = await sut.settleSends(ledger, outcomes, [notice(ids[2])], now);

    expect([...changed].sort()).toEqual([...ids].sort());
    // one statement, on the pool: no BEGIN and COMMIT around it
    expect(statements).toBe(1);
    expect(again.size).toBe(0);
    const after = (await quota.day(ledger, 'settle', day))!;
    expect(after.used).toBe(usedBefore - 1);
    expect(after.delivered).toBe(2);
    const notices = await ledger.query<{ routing_key: string; payload: Record<string, unknown> }>(
      `select routing_key, payload from outbox order by id offset $1`,
      [outboxBefore],
    );
    expect(notices.rows).toEqual([
      {
        routing_key: 'delivery.rejected',
        payload: { deliveryId: ids[2], smtpCode: 550, at: now.toISOString() },
      },
    ]);
  });

  it('marks a send that never finished as unknown, and lets a late reply still settle it', async () => {
    await campaignWith('stale', 2);
    const ids = (await claimDue('stale', 100)).map((c) => c.id);
    await ledger.tx((sql) => sut.startSending(sql, ids, now));
    await ledger.query(
      `update deliveries set updated_at = $2::timestamptz - interval '1 hour' where id = any($1::bigint[])`,
      [ids, now],
    );

    const marked = await sut.markStaleSendingUnknown(ledger, 60_000, now);
    const late = await ledger.tx((sql) =>
      sut.recordOutcomes(sql, [{ id: ids[0], status: 'sent', smtpReply: '250 ok', messageId: '<m@x>' }], now),
    );

    expect(marked).toBe(2);
    expect(late.map((c) => c.id)).toEqual([ids[0]]);
    const rows = await ledger.query(
      `select status from deliveries where id = any($1::bigint[]) order by id`,
      [ids],
    );
    expect(rows.rows.map((r) => r.status)).toEqual(['sent', 'unknown']);
    // unknown is never dispatched again
    expect(await claimDue('stale', 100)).toEqual([]);
  });

  it('hands stale dispatched deliveries back for publishing, and only those', async () => {
    await campaignWith('lost', 4);
    const ids = (await claimDue('lost', 100)).map((c) => c.id);
    await ledger.query(
      `update deliveries set updated_at = $2::timestamptz - interval '10 minutes' where id = any($1::bigint[])`,
      [ids.slice(0, 2), now],
    );

    const stale = await ledger.tx((sql) => sut.touchStaleDispatched(sql, 60_000, 100, now));
    const staleAgain = await ledger.tx((sql) => sut.touchStaleDispatched(sql, 60_000, 100, now));

    expect(stale.map((s) => s.id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(staleAgain).toEqual([]);
  });
});
