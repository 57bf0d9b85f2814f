import { randomUUID } from 'node:crypto';
import {
  AccountStore,
  CampaignStore,
  DeliveryStore,
  QuotaDayStore,
  SenderLeaseStore,
  type Ledger,
  type Sql,
} from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import pino from 'pino';
import { SendingClaims } from '../../apps/sender/src/claims/sending-claims';
import { OutcomeRecorder } from '../../apps/sender/src/outcome/outcome-recorder';
import { OutcomeWriter } from '../../apps/sender/src/outcome/outcome-writer';
import type { SenderLease } from '../../apps/sender/src/lease/sender-lease.service';
import { connectLedger } from './helpers';

/** The ledger, counting every statement sent through it. */
function counting(ledger: Ledger): { sql: Ledger; statements: () => number } {
  let n = 0;
  const sql = new Proxy(ledger, {
    get(target, key, receiver) {
      if (key === 'query')
        return (...args: Parameters<Sql['query']>) => {
          n++;
          return target.query(...args);
        };
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { sql, statements: () => n };
}

describe('sending claims and sender leases', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  const campaigns = new CampaignStore();
  const quota = new QuotaDayStore();
  const accounts = new AccountStore();
  const deliveries = new DeliveryStore();
  const leases = new SenderLeaseStore();
  const now = new Date('2031-03-14T09:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  /** A campaign of `count` recipients, all claimed (`dispatched`); their ids in order. */
  async function dispatched(account: string, count: number): Promise<string[]> {
    const { recipients: _r, ...header } = campaignSubmit({ account });
    await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(count, `${account}.example`), now);
    });
    await ledger.query(`update accounts set daily_limit = 1000000 where id = $1`, [account]);
    const row = await accounts.account(ledger, account);
    await quota.openDay(ledger, account, await quota.localDay(ledger, row!.time_zone, now), 1_000_000);
    const claimed = await ledger.tx((sql) => quota.claim(sql, account, count, now));
    return claimed.map((c) => c.id);
  }

  /** A lease that stays alive through every test. */
  async function longLease(): Promise<string> {
    const id = randomUUID();
    await leases.renew(ledger, id, 'host-long:1', 3_600_000, now);
    return id;
  }

  /**
   * Claims and the recorder they carry outcomes from (which never flushes on its own here); no
   * gathering (each ask goes after the event loop's turn) unless told otherwise.
   */
  function claimsWithRecorder(
    sql: Ledger,
    leaseId: string,
    gathering = { CLAIM_BATCH: 1, CLAIM_WAIT_MS: 0 },
  ) {
    const clock = new FakeClock(now);
    const metrics = new Metrics('test');
    const writer = new OutcomeWriter(sql, deliveries);
    const recorder = new OutcomeRecorder(writer, metrics, pino({ level: 'silent' }), clock, 600_000);
    const sut = new SendingClaims(
      writer,
      recorder,
      { id: leaseId } as SenderLease,
      clock,
      gathering,
      metrics,
    );
    return { recorder, sut };
  }

  function claims(sql: Ledger, leaseId: string, gathering?: { CLAIM_BATCH: number; CLAIM_WAIT_MS: number }) {
    return claimsWithRecorder(sql, leaseId, gathering).sut;
  }

  it('carries the pending outcomes in the next claim: one statement settles the last sends and claims more', async () => {
    const ids = await dispatched('carry', 6);
    const { sql, statements } = counting(ledger);
    const { recorder, sut } = claimsWithRecorder(sql, await longLease());
    const first = await sut.start(ids.slice(0, 3));
    expect(first.owned).toHaveLength(3);
    const day = await quota.localDay(ledger, 'UTC', now);
    const before = (await quota.day(ledger, 'carry', day))!;
    // the account is blocked while its first three are out: the next three are held, quota back
    await ledger.query(`update accounts set status = 'blocked' where id = 'carry'`);
    const acks = [
      recorder.record({ outcome: { id: ids[0], status: 'sent', smtpReply: '250 ok', messageId: '<a@x>' } }),
      recorder.record({ outcome: { id: ids[1], status: 'sent', smtpReply: '250 ok', messageId: '<b@x>' } }),
      recorder.record({
        outcome: { id: ids[2], status: 'bounced', smtpReply: '550 5.1.1 no such user', messageId: '<c@x>' },
        rejected: {
          deliveryId: ids[2],
          campaignId: '7',
          account: 'carry',
          email: 'user2@carry.example',
          smtpCode: 550,
          enhancedCode: '5.1.1',
          smtpReply: '550 5.1.1 no such user',
        },
      }),
    ];
    const outboxBefore = Number((await ledger.query(`select count(*) as n from outbox`)).rows[0].n);
    const statementsBefore = statements();

    const second = await sut.start(ids.slice(3));
    await Promise.all(acks);

    expect(statements() - statementsBefore).toBe(1);
    expect(sut.stats.carried).toBe(3);
    expect(second.owned).toEqual([]);
    const rows = await ledger.query<{ status: string }>(
      `select status from deliveries where id = any($1::bigint[]) order by id`,
      [ids],
    );
    expect(rows.rows.map((r) => r.status)).toEqual(['sent', 'sent', 'bounced', 'held', 'held', 'held']);
    // both parts moved the same account day, in the one update a statement may make of a row
    const after = (await quota.day(ledger, 'carry', day))!;
    expect(after.used).toBe(before.used - 3);
    expect(after.delivered).toBe(before.delivered + 2);
    const notices = await ledger.query<{ payload: { deliveryId: string } }>(
      `select payload from outbox order by id offset $1`,
      [outboxBefore],
    );
    expect(notices.rows.map((r) => r.payload.deliveryId)).toEqual([ids[2]]);
  });

  it('gathers asks of separate turns until CLAIM_BATCH ids wait, then claims them in one statement', async () => {
    const ids = await dispatched('gather', 300);
    const { sql, statements } = counting(ledger);
    // the wait never ends within the test: only the batch size can start the claim
    const sut = claims(sql, await longLease(), { CLAIM_BATCH: 300, CLAIM_WAIT_MS: 600_000 });
    const turn = () => new Promise((resolve) => setImmediate(resolve));

    const first = sut.start(ids.slice(0, 100));
    await turn();
    const second = sut.start(ids.slice(100, 200));
    await turn();
    expect(statements()).toBe(0);
    const third = sut.start(ids.slice(200));
    const results = await Promise.all([first, second, third]);

    expect(statements()).toBe(1);
    expect(results.map((r) => r.owned.length)).toEqual([100, 100, 100]);
  });

  it('claims a lone ask below CLAIM_BATCH once CLAIM_WAIT_MS has passed', async () => {
    const ids = await dispatched('lone', 5);
    const { sql, statements } = counting(ledger);
    const sut = claims(sql, await longLease(), { CLAIM_BATCH: 10_000, CLAIM_WAIT_MS: 20 });

    const { owned } = await sut.start(ids);

    expect(statements()).toBe(1);
    expect(owned.map((d) => d.id)).toEqual(ids);
  });

  it('claims the deliveries of many broker messages in one statement, each owned once', async () => {
    const ids = await dispatched('group', 500);
    const leaseId = await longLease();
    const { sql, statements } = counting(ledger);
    const sut = claims(sql, leaseId);
    const messages = Array.from({ length: 50 }, (_, i) => ids.slice(i * 10, i * 10 + 10));

    // 50 messages of 10 at once, as 50 consumers would ask; and one of them again, as a replay
    const results = await Promise.all([...messages, messages[7]].map((m) => sut.start(m)));

    // asked in one turn of the event loop, as the consumers one outcome flush woke ask: one statement
    expect(statements()).toBe(1);
    expect(sut.stats).toEqual({ statements: 1, ids: 510, carried: 0 });
    // and those that ask while a claim runs go together in the next
    const more = await dispatched('group2', 30);
    const first = sut.start(more.slice(0, 10));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([first, sut.start(more.slice(10, 20)), sut.start(more.slice(20))]);
    expect(sut.stats.statements).toBe(3);
    const owned = results.flatMap((r) => r.owned.map((d) => d.id));
    expect(owned.sort()).toEqual([...ids].sort());
    expect(results[50].owned).toEqual([]);
    const rows = await ledger.query<{ status: string; lease_id: string; n: string }>(
      `select status, lease_id::text, count(*) as n from deliveries where id = any($1::bigint[]) group by 1, 2`,
      [ids],
    );
    expect(rows.rows).toEqual([{ status: 'sending', lease_id: leaseId, n: '500' }]);
  });

  it('holds a blocked account’s deliveries and reports blacklisted recipients, in that one statement', async () => {
    const blocked = await dispatched('blocked', 3);
    const open = await dispatched('open', 3);
    await ledger.query(`update accounts set status = 'blocked' where id = 'blocked'`);
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values ('open', 'user1@open.example', 'hard bounce', 'smtp')`,
    );
    const { sql, statements } = counting(ledger);

    const { owned, blacklisted } = await claims(sql, await longLease()).start([...blocked, ...open]);

    expect(statements()).toBe(1);
    expect(owned.map((d) => d.email)).toEqual([
      'user0@open.example',
      'user1@open.example',
      'user2@open.example',
    ]);
    expect(blacklisted).toEqual(new Map([[open[1], 'hard bounce']]));
    expect(await campaigns.statusCounts(ledger, (await campaignOf(blocked[0]))!)).toEqual({ held: 3 });
  });

  it('marks a lapsed lease’s sends unknown, and only those', async () => {
    const dead = randomUUID();
    const alive = randomUUID();
    await leases.renew(ledger, dead, 'host-a:1', 10_000, now);
    await leases.renew(ledger, alive, 'host-b:2', 10_000, now);
    const deadIds = await dispatched('dead', 4);
    const aliveIds = await dispatched('alive', 4);
    await claims(ledger, dead).start(deadIds);
    await claims(ledger, alive).start(aliveIds);

    expect(await leases.settleLapsed(ledger, at(9_000))).toBe(0);
    expect(await leases.renew(ledger, alive, 'host-b:2', 10_000, at(9_000))).toBe(true);
    expect(await leases.settleLapsed(ledger, at(10_001))).toBe(4);

    const statuses = await ledger.query<{ id: string; status: string }>(
      `select id::text, status from deliveries where id = any($1::bigint[]) order by id`,
      [[...deadIds, ...aliveIds]],
    );
    expect(statuses.rows.map((r) => r.status)).toEqual([
      ...Array(4).fill('unknown'),
      ...Array(4).fill('sending'),
    ]);
    const events = await ledger.query<{ n: string }>(
      `select count(*) as n from delivery_events where delivery_id = any($1::bigint[]) and to_status = 'unknown'`,
      [deadIds],
    );
    expect(events.rows[0].n).toBe('4');
    // the dead sender comes back to life: it learns that its lease had lapsed
    expect(await leases.renew(ledger, dead, 'host-a:1', 10_000, at(12_000))).toBe(false);
  });

  it('leaves leased sends to their lease: the old staleness rule takes only unleased ones', async () => {
    const leased = await dispatched('leased', 2);
    await leases.renew(ledger, 'a0000000-0000-4000-8000-000000000001', 'h:1', 10_000, now);
    await claims(ledger, 'a0000000-0000-4000-8000-000000000001').start(leased);

    // an hour later, the lease renewed and alive: its sends are its own to settle
    await leases.renew(ledger, 'a0000000-0000-4000-8000-000000000001', 'h:1', 10_000, at(3_600_000));
    await deliveries.markStaleSendingUnknown(ledger, 600_000, at(3_600_000));

    const rows = await ledger.query<{ status: string }>(
      `select status from deliveries where id = any($1::bigint[])`,
      [leased],
    );
    expect(rows.rows.map((r) => r.status)).toEqual(['sending', 'sending']);
  });

  async function campaignOf(deliveryId: string): Promise<string | undefined> {
    const res = await ledger.query<{ campaign_id: string }>(
      `select campaign_id from deliveries where id = $1`,
      [deliveryId],
    );
    return res.rows[0]?.campaign_id;
  }
});
