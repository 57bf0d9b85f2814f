import { bounceEnv, loadConfig } from '@postroom/config';
import {
  BlacklistStore,
  BounceEventStore,
  CampaignStore,
  QUARANTINE_MAX_RAW_BYTES,
  QuarantineStore,
  type Ledger,
} from '@postroom/ledger';
import { FakeClock } from '@postroom/runtime';
import { arfComplaint, campaignSubmit, createTestDatabase, type TestDatabase } from '@postroom/testing';
import { newMessageId, TokenSigner, verpAddress } from '@postroom/tokens';
import { BounceRecorder } from '../../apps/bounce/src/bounce-recorder.service';
import { dsn, message } from '../../apps/bounce/src/classify/test-messages';
import { InboundBounceService } from '../../apps/bounce/src/inbound-bounce.service';
import { QuarantineKeeper } from '../../apps/bounce/src/quarantine-keeper';
import { QuarantinePurge } from '../../apps/bounce/src/quarantine-purge.service';
import { RecipientGate } from '../../apps/bounce/src/recipient-gate';
import { connectLedger, silentLogger, testMetrics } from './helpers';

const DOMAIN = 'bounces.postroom.test';
const FBL = 'fbl@bounces.postroom.test';
const KEYS = 'k1:int-tracking-secret-0123456789';
const DAY_MS = 86_400_000;

interface Sent {
  id: string;
  email: string;
  messageId: string;
  verp: string;
}

describe(InboundBounceService.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let sut: InboundBounceService;
  let purge: QuarantinePurge;
  let recorder: BounceRecorder;
  /** The one clock of these tests: a fixed instant, whatever day they run on. */
  const clock = new FakeClock(new Date('2031-03-14T09:00:00Z'));
  const signer = TokenSigner.fromConfig(KEYS, 365);
  const campaigns = new CampaignStore();
  let accounts = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    const config = loadConfig('bounce', bounceEnv, {
      DATABASE_URL: db.url,
      TRACKING_KEYS: KEYS,
      BOUNCE_DOMAIN: DOMAIN,
      FBL_ADDRESS: FBL,
      QUARANTINE_DAYS: '30',
    });
    const events = new BounceEventStore();
    const quarantine = new QuarantineStore();
    const metrics = testMetrics();
    recorder = new BounceRecorder(ledger, events, new BlacklistStore(), config, metrics, clock);
    const gateSigner = TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS);
    const gate = new RecipientGate(config, gateSigner, clock);
    const keeper = new QuarantineKeeper(ledger, quarantine, metrics, silentLogger, clock);
    sut = new InboundBounceService(ledger, events, config, gate, recorder, keeper);
    purge = new QuarantinePurge(ledger, config, silentLogger, clock, quarantine);
  });

  beforeEach(async () => {
    clock.set('2031-03-14T09:00:00Z');
    await ledger.query(`delete from quarantine`);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  /**
   * A campaign with one sent delivery per address, each with its Message-ID and return path, on a
   * fresh account unless one is given.
   */
  async function sent(
    emails: string[],
    account = `acct${++accounts}`,
  ): Promise<{ account: string; d: Sent[] }> {
    const { recipients: _r, ...header } = campaignSubmit({ account });
    const campaign = await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(
        sql,
        campaign,
        emails.map((email) => ({ email })),
        clock.now(),
      );
      return campaign;
    });
    const rows = await ledger.query<{ id: string; email: string }>(
      `select id::text, email from deliveries where campaign_id = $1 order by id`,
      [campaign.id],
    );
    const d = [];
    for (const r of rows.rows) {
      const messageId = newMessageId(DOMAIN);
      await ledger.query(`update deliveries set status = 'sent', message_id = $2 where id = $1`, [
        r.id,
        messageId,
      ]);
      d.push({ ...r, messageId, verp: verpAddress(signer.sign('b', r.id, undefined, clock.now()), DOMAIN) });
    }
    return { account, d };
  }

  /** Everything a bounce could have moved for the account. */
  async function state(account: string) {
    const q = async (text: string) => (await ledger.query(text, [account])).rows;
    return {
      blacklist: await q(`select email_normalized, reason from blacklist where account_id = $1 order by 1`),
      counters: (
        await q(`select hard_bounced, complaints, errors from quota_days where account_id = $1`)
      )[0] ?? { hard_bounced: 0, complaints: 0, errors: 0 },
      events: await q(
        `select email_normalized, counted_as from bounce_events where account_id = $1 order by id`,
      ),
      statuses: await q(`select email, status from deliveries where account_id = $1 order by id`),
    };
  }

  const quarantined = async () =>
    (
      await ledger.query(
        `select cause, detail, envelope_to, size, octet_length(raw) as kept from quarantine order by id`,
      )
    ).rows;

  const untouched = (emails: string[]) => ({
    blacklist: [],
    counters: { hard_bounced: 0, complaints: 0, errors: 0 },
    events: [],
    statuses: emails.map((email) => ({ email, status: 'sent' })),
  });

  const hardBounce = (to: string, address: string, original: Record<string, string> = {}) =>
    dsn({
      to,
      recipients: [{ address, status: '5.1.1', diagnostic: `550 5.1.1 <${address}>: user unknown` }],
      original: { To: address, Subject: 'Our news', ...original },
    });

  describe('forgery', () => {
    it('a made-up return path with a guessed delivery id (and X-Postroom-Delivery) changes nothing', async () => {
      const { account, d } = await sent(['a@x.example', 'b@x.example']);
      const b = d[1];
      const forged = `bounces+k1.${Buffer.from(`b.${b.id}..0`).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA@${DOMAIN}`;

      const outcome = await sut.process(
        hardBounce(forged, b.email, { 'X-Postroom-Delivery': b.id, 'Message-ID': b.messageId }),
        'smtp',
        forged,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'not-our-recipient' });
      expect(await state(account)).toEqual(untouched(['a@x.example', 'b@x.example']));
      expect(await quarantined()).toEqual([
        expect.objectContaining({ cause: 'not-our-recipient', detail: 'VERP token refused: bad-signature' }),
      ]);
    });

    it("A's return path naming B: B untouched, A not blacklisted for B's failure, quarantined", async () => {
      const { account, d } = await sent(['a@x.example', 'b@x.example']);
      const [a, b] = d;

      const outcome = await sut.process(
        hardBounce(a.verp, b.email, { 'X-Postroom-Delivery': b.id }),
        'smtp',
        a.verp,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'recipient-mismatch' });
      expect(await state(account)).toEqual(untouched(['a@x.example', 'b@x.example']));
      expect((await quarantined())[0].detail).toBe(
        `bounce for delivery ${a.id} names another recipient: b@x.example`,
      );
    });

    it("A's return path returning B's Message-ID (recipient left out) is not about A", async () => {
      const { account, d } = await sent(['a@x.example', 'b@x.example']);
      const [a, b] = d;
      const report = dsn({
        to: a.verp,
        recipients: [{ address: a.email, status: '5.1.1' }],
        original: { 'Message-ID': b.messageId, Subject: 'Our news' },
      });

      expect(await sut.process(report, 'smtp', a.verp)).toMatchObject({
        kind: 'quarantined',
        cause: 'recipient-mismatch',
      });
      expect(await state(account)).toEqual(untouched(['a@x.example', 'b@x.example']));
    });

    it('a complaint carrying a real Message-ID anywhere but the FBL address changes nothing', async () => {
      const { account, d } = await sent(['a@x.example']);
      const raw = arfComplaint({ to: 'abuse@shop.example', messageId: d[0].messageId });

      for (const to of ['abuse@shop.example', `fbl@${DOMAIN}.attacker.example`, `bounces+fbl@${DOMAIN}`]) {
        expect(await sut.process(raw, 'broker', to)).toMatchObject({
          kind: 'quarantined',
          cause: 'not-our-recipient',
        });
      }
      expect(await state(account)).toEqual(untouched(['a@x.example']));
    });

    it('a complaint at the FBL address binds only through an unguessable Message-ID', async () => {
      const { account, d } = await sent(['a@x.example']);
      const legacy = `<${d[0].id}.a1b2c3d4e5f6@${DOMAIN}>`;
      await ledger.query(`update deliveries set message_id = $2 where id = $1`, [d[0].id, legacy]);

      const outcome = await sut.process(arfComplaint({ to: FBL, messageId: legacy }), 'smtp', FBL);

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'unmatched' });
      expect(await state(account)).toEqual(untouched(['a@x.example']));
    });

    it('a DSN at the FBL address, real Message-ID and all, is not a complaint', async () => {
      const { account, d } = await sent(['a@x.example']);

      const outcome = await sut.process(
        hardBounce(FBL, d[0].email, { 'Message-ID': d[0].messageId }),
        'smtp',
        FBL,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'not-a-complaint' });
      expect(await state(account)).toEqual(untouched(['a@x.example']));
    });

    it("a complaint at the FBL address about A's message naming B is quarantined", async () => {
      const { account, d } = await sent(['a@x.example', 'b@x.example']);

      const outcome = await sut.process(
        arfComplaint({ to: FBL, messageId: d[0].messageId, recipient: d[1].email }),
        'smtp',
        FBL,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'recipient-mismatch' });
      expect(await state(account)).toEqual(untouched(['a@x.example', 'b@x.example']));
    });

    it('a bounce.received without a valid envelope recipient changes nothing', async () => {
      const { account, d } = await sent(['a@x.example']);

      for (const to of [undefined, '', 'postmaster@example.com']) {
        expect(await sut.process(hardBounce(d[0].verp, d[0].email), 'broker', to)).toMatchObject({
          kind: 'quarantined',
          cause: 'not-our-recipient',
        });
      }
      expect(await state(account)).toEqual(untouched(['a@x.example']));
    });
  });

  describe('replays', () => {
    it('five copies of one hard bounce count once: one event, one blacklist entry, hard_bounced +1', async () => {
      const { account, d } = await sent(['a@x.example']);
      const report = hardBounce(d[0].verp, d[0].email, { 'Message-ID': d[0].messageId });

      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push(await sut.process(report, 'smtp', d[0].verp));

      expect(outcomes.map((o) => o.kind)).toEqual(['recorded', 'repeat', 'repeat', 'repeat', 'repeat']);
      expect(await state(account)).toEqual({
        blacklist: [{ email_normalized: 'a@x.example', reason: 'userunknown' }],
        counters: { hard_bounced: 1, complaints: 0, errors: 0 },
        events: [{ email_normalized: 'a@x.example', counted_as: 'hard-bounce' }],
        statuses: [{ email: 'a@x.example', status: 'bounced' }],
      });
    });

    it('five copies of one complaint at the FBL address, at once, count once', async () => {
      const { account, d } = await sent(['a@x.example']);
      const raw = arfComplaint({ to: FBL, messageId: d[0].messageId, recipient: d[0].email });

      const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => sut.process(raw, 'smtp', FBL)));

      expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'repeat')).toHaveLength(4);
      expect(await state(account)).toMatchObject({
        blacklist: [{ email_normalized: 'a@x.example', reason: 'feedback' }],
        counters: { hard_bounced: 0, complaints: 1, errors: 0 },
        events: [{ email_normalized: 'a@x.example', counted_as: 'complaint' }],
      });
    });

    it('a redacted complaint (no recipient named) binds by its Message-ID', async () => {
      const { account, d } = await sent(['a@x.example']);

      const outcome = await sut.process(arfComplaint({ to: FBL, messageId: d[0].messageId }), 'broker', FBL);

      expect(outcome).toMatchObject({ kind: 'recorded', deliveryId: d[0].id, blacklisted: true });
      expect((await state(account)).counters).toEqual({ hard_bounced: 0, complaints: 1, errors: 0 });
    });

    it('a soft bounce replayed five times is one soft failure; three deliveries failing softly blacklist', async () => {
      const first = await sent(['full@x.example']);
      const mailboxFull = (s: Sent) =>
        dsn({
          to: s.verp,
          recipients: [{ address: s.email, status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' }],
        });

      for (let i = 0; i < 5; i++) await sut.process(mailboxFull(first.d[0]), 'smtp', first.d[0].verp);
      expect(await state(first.account)).toMatchObject({
        blacklist: [],
        events: [{ email_normalized: 'full@x.example', counted_as: 'soft' }],
      });

      // the same address on the same account, in two more campaigns
      const again = await sent(['full@x.example'], first.account);
      const third = await sent(['full@x.example'], first.account);
      await sut.process(mailboxFull(again.d[0]), 'smtp', again.d[0].verp);
      expect((await state(first.account)).blacklist).toEqual([]);
      await sut.process(mailboxFull(third.d[0]), 'smtp', third.d[0].verp);

      expect((await state(first.account)).blacklist).toEqual([
        { email_normalized: 'full@x.example', reason: 'mailboxfull' },
      ]);
    });

    it('a replayed SMTP-time rejection (delivery.rejected) counts once too', async () => {
      const { account, d } = await sent(['spam@x.example']);
      const delivery = (await new BounceEventStore().deliveryById(ledger, d[0].id))!;
      const failure = {
        recipient: d[0].email,
        status: '5.7.1',
        reply: '554',
        diagnostic: '554 5.7.1 rejected as spam',
        reason: 'spamdetected' as const,
        hard: false,
      };

      expect(await recorder.record(delivery, failure, 'smtp')).toEqual({
        kind: 'recorded',
        blacklisted: false,
      });
      expect(await recorder.record(delivery, failure, 'smtp')).toEqual({ kind: 'repeat' });
      expect((await state(account)).counters).toEqual({ hard_bounced: 0, complaints: 0, errors: 1 });
    });

    it("one delivery's hard bounce and complaint each count once", async () => {
      const { account, d } = await sent(['a@x.example']);
      const complaint = arfComplaint({ to: FBL, messageId: d[0].messageId });

      for (let i = 0; i < 2; i++) {
        await sut.process(hardBounce(d[0].verp, d[0].email), 'smtp', d[0].verp);
        await sut.process(complaint, 'smtp', FBL);
      }

      expect((await state(account)).counters).toEqual({ hard_bounced: 1, complaints: 1, errors: 0 });
    });
  });

  describe('quarantine', () => {
    it('keeps at most 256 KB of a message and records its full size', async () => {
      const { d } = await sent(['a@x.example']);
      const big = message({ From: 'someone@example.net', Subject: 'Hi' }, 'x'.repeat(300_000));

      await sut.process(big, 'smtp', d[0].verp);

      expect(await quarantined()).toEqual([
        expect.objectContaining({ cause: 'not-a-bounce', size: big.length, kept: QUARANTINE_MAX_RAW_BYTES }),
      ]);
    });

    it('deletes messages QUARANTINE_DAYS after they arrived, by the injected clock', async () => {
      const { d } = await sent(['a@x.example']);
      const reply = message({ From: 'a@x.example', Subject: 'Re: Hello' }, 'Thanks!');
      await sut.process(reply, 'smtp', d[0].verp);
      clock.advance(10 * DAY_MS);
      await sut.process(reply, 'smtp', d[0].verp);

      clock.advance(20 * DAY_MS - 1000);
      expect(await purge.runOnce()).toBe(0);
      clock.advance(2000);
      expect(await purge.runOnce()).toBe(1);
      expect(await quarantined()).toHaveLength(1);
      clock.advance(10 * DAY_MS);
      expect(await purge.runOnce()).toBe(1);
      expect(await quarantined()).toEqual([]);
    });
  });
});
