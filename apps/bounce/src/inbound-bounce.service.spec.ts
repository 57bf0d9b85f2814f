import { bounceEnv, loadConfig } from '@postroom/config';
import type {
  BlacklistStore,
  BounceEventInput,
  BounceEventStore,
  CounterDelta,
  Ledger,
  MatchedDelivery,
  QuarantineInput,
  QuarantineStore,
  Sql,
} from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import { arfComplaint } from '@postroom/testing';
import { newMessageId, TokenSigner, verpAddress } from '@postroom/tokens';
import pino from 'pino';
import { BounceRecorder } from './bounce-recorder.service';
import { dsn, message } from './classify/test-messages';
import { InboundBounceService } from './inbound-bounce.service';
import { QuarantineKeeper } from './quarantine-keeper';
import { RecipientGate } from './recipient-gate';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');
const DAY_MS = 86_400_000;
const DOMAIN = 'bounces.postroom.test';
const FBL = `fbl@${DOMAIN}`;
const KEYS = 'k1:unit-tracking-secret-0123456789';

interface Delivery extends MatchedDelivery {
  messageId: string;
  verp: string;
  events: string[];
}

/**
 * The bounce side of the ledger in memory, with its unique keys: one event per delivery and
 * what it counted as, one blacklist entry per account and address.
 */
class BounceLedger {
  readonly deliveries: Delivery[] = [];
  readonly events: (BounceEventInput & { id: string; at: Date; blacklisted: boolean })[] = [];
  readonly blacklist = new Map<string, string>();
  readonly counters = new Map<string, { hardBounced: number; complaints: number; errors: number }>();
  readonly quarantined: (QuarantineInput & { at: Date })[] = [];

  readonly ledger = { tx: <T>(fn: (sql: Sql) => Promise<T>) => fn({} as Sql) } as unknown as Ledger;

  readonly eventStore = {
    deliveryById: async (_sql: Sql, id: string) => this.matched(this.deliveries.find((d) => d.id === id)),
    deliveryByMessageId: async (_sql: Sql, messageId: string) =>
      this.matched(this.deliveries.find((d) => d.messageId === messageId)),
    record: async (_sql: Sql, e: BounceEventInput, now: Date) => {
      if (this.events.some((x) => x.delivery.id === e.delivery.id && x.countedAs === e.countedAs))
        return undefined;
      const id = String(this.events.length + 1);
      this.events.push({ ...e, id, at: now, blacklisted: false });
      return id;
    },
    softCount: async (_sql: Sql, accountId: string, email: string, windowDays: number, now: Date) =>
      this.events.filter(
        (e) =>
          e.delivery.account_id === accountId &&
          e.delivery.email_normalized === email &&
          e.countedAs === 'soft' &&
          e.at.getTime() > now.getTime() - windowDays * DAY_MS,
      ).length,
    markBlacklisted: async (_sql: Sql, eventId: string) => {
      this.events.find((e) => e.id === eventId)!.blacklisted = true;
    },
    markBouncedLater: async (_sql: Sql, deliveryId: string) => {
      const d = this.deliveries.find((x) => x.id === deliveryId)!;
      if (d.status === 'sent' || d.status === 'unknown') d.status = 'bounced';
      d.events.push('bounced');
    },
    complained: async (_sql: Sql, deliveryId: string) => {
      this.deliveries.find((x) => x.id === deliveryId)!.events.push('complained');
    },
    countOnAccountDay: async (_sql: Sql, accountId: string, delta: CounterDelta) => {
      const c = this.counter(accountId);
      c.hardBounced += delta.hardBounced;
      c.complaints += delta.complaints;
      c.errors += delta.errors;
    },
  } as unknown as BounceEventStore;

  readonly blacklistStore = {
    addFromBounce: async (_sql: Sql, d: MatchedDelivery, reason: string) => {
      const key = `${d.account_id}\u0000${d.email_normalized}`;
      if (this.blacklist.has(key)) return false;
      this.blacklist.set(key, reason);
      return true;
    },
  } as unknown as BlacklistStore;

  readonly quarantineStore = {
    quarantine: async (_sql: Sql, q: QuarantineInput, now: Date) => {
      this.quarantined.push({ ...q, at: now });
      return String(this.quarantined.length);
    },
  } as unknown as QuarantineStore;

  counter(accountId: string) {
    let c = this.counters.get(accountId);
    if (!c) this.counters.set(accountId, (c = { hardBounced: 0, complaints: 0, errors: 0 }));
    return c;
  }

  /** Everything a bounce could have moved for the account. */
  state(account: string) {
    return {
      blacklist: [...this.blacklist]
        .filter(([k]) => k.startsWith(`${account}\u0000`))
        .map(([k, reason]) => [k.split('\u0000')[1], reason]),
      counters: this.counter(account),
      events: this.events
        .filter((e) => e.delivery.account_id === account)
        .map((e) => [e.delivery.email_normalized, e.countedAs]),
      statuses: this.deliveries.filter((d) => d.account_id === account).map((d) => [d.email, d.status]),
    };
  }

  private matched(d: Delivery | undefined): MatchedDelivery | undefined {
    if (!d) return undefined;
    const { id, campaign_id, account_id, email, email_normalized, status } = d;
    return { id, campaign_id, account_id, email, email_normalized, status };
  }
}

describe(InboundBounceService.name, () => {
  const config = loadConfig('bounce', bounceEnv, {
    TRACKING_KEYS: KEYS,
    BOUNCE_DOMAIN: DOMAIN,
    FBL_ADDRESS: FBL,
  });
  const signer = TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS);
  let clock: FakeClock;
  let db: BounceLedger;
  let sut: InboundBounceService;
  let nextId = 100;

  beforeEach(() => {
    clock = new FakeClock(NOW);
    db = new BounceLedger();
    const metrics = new Metrics('test');
    const logger = pino({ level: 'silent' });
    const recorder = new BounceRecorder(db.ledger, db.eventStore, db.blacklistStore, config, metrics, clock);
    const keeper = new QuarantineKeeper(db.ledger, db.quarantineStore, metrics, logger, clock);
    const gate = new RecipientGate(config, signer, clock);
    sut = new InboundBounceService(db.ledger, db.eventStore, config, gate, recorder, keeper);
  });

  /** A sent delivery with its unguessable Message-ID and signed return path. */
  function sent(email: string, account = 'acme'): Delivery {
    const id = String(++nextId);
    const d: Delivery = {
      id,
      campaign_id: '7',
      account_id: account,
      email,
      email_normalized: email.toLowerCase(),
      status: 'sent',
      messageId: newMessageId(DOMAIN),
      verp: verpAddress(signer.sign('b', id, undefined, clock.now()), DOMAIN),
      events: [],
    };
    db.deliveries.push(d);
    return d;
  }

  const hardBounce = (to: string, address: string, original: Record<string, string> = {}) =>
    dsn({
      to,
      recipients: [{ address, status: '5.1.1', diagnostic: `550 5.1.1 <${address}>: user unknown` }],
      original: { To: address, Subject: 'Our news', ...original },
    });

  const mailboxFull = (d: Delivery) =>
    dsn({
      to: d.verp,
      recipients: [{ address: d.email, status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' }],
    });

  const untouched = (...ds: Delivery[]) => ({
    blacklist: [],
    counters: { hardBounced: 0, complaints: 0, errors: 0 },
    events: [],
    statuses: ds.map((d) => [d.email, 'sent']),
  });

  describe('signed VERP only', () => {
    it('a hard bounce to a signed return path blacklists, counts and marks the delivery bounced', async () => {
      const a = sent('a@x.example');

      const outcome = await sut.process(
        hardBounce(a.verp, a.email, { 'Message-ID': a.messageId }),
        'smtp',
        a.verp,
      );

      expect(outcome).toEqual({ kind: 'recorded', deliveryId: a.id, blacklisted: true });
      expect(db.state('acme')).toEqual({
        blacklist: [['a@x.example', 'userunknown']],
        counters: { hardBounced: 1, complaints: 0, errors: 0 },
        events: [['a@x.example', 'hard-bounce']],
        statuses: [['a@x.example', 'bounced']],
      });
      expect(db.events[0]).toMatchObject({ source: 'dsn', kind: 'bounce', blacklisted: true });
      expect(db.quarantined).toEqual([]);
    });

    it('a forged return path naming a real delivery id changes nothing and is quarantined', async () => {
      const a = sent('a@x.example');
      const forged = `bounces+k1.${Buffer.from(`b.${a.id}..0`).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA@${DOMAIN}`;

      const outcome = await sut.process(
        hardBounce(forged, a.email, { 'X-Postroom-Delivery': a.id, 'Message-ID': a.messageId }),
        'smtp',
        forged,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'not-our-recipient' });
      expect(db.state('acme')).toEqual(untouched(a));
      expect(db.quarantined).toEqual([
        expect.objectContaining({
          cause: 'not-our-recipient',
          detail: 'VERP token refused: bad-signature',
          envelopeTo: forged,
          source: 'smtp',
          at: NOW,
        }),
      ]);
    });

    it('an open token from a mail body never acts as a return path', async () => {
      const a = sent('a@x.example');
      const openToken = verpAddress(signer.sign('o', a.id, undefined, clock.now()), DOMAIN);

      const outcome = await sut.process(hardBounce(openToken, a.email), 'smtp', openToken);

      expect(outcome).toEqual({
        kind: 'quarantined',
        cause: 'not-our-recipient',
        detail: "VERP token refused: a 'o' token, not a return path",
      });
      expect(db.state('acme')).toEqual(untouched(a));
    });

    it('a return path past its lifetime is refused by the injected clock', async () => {
      const a = sent('a@x.example');
      clock.advance((config.TRACKING_TOKEN_TTL_DAYS + 1) * DAY_MS);

      const outcome = await sut.process(hardBounce(a.verp, a.email), 'smtp', a.verp);

      expect(outcome).toEqual({
        kind: 'quarantined',
        cause: 'not-our-recipient',
        detail: 'VERP token refused: expired',
      });
      expect(db.state('acme')).toEqual(untouched(a));
    });

    it('no envelope recipient, or a stranger, changes nothing', async () => {
      const a = sent('a@x.example');

      for (const to of [undefined, '', 'postmaster@example.com']) {
        expect(await sut.process(hardBounce(a.verp, a.email), 'broker', to)).toMatchObject({
          kind: 'quarantined',
          cause: 'not-our-recipient',
        });
      }
      expect(db.state('acme')).toEqual(untouched(a));
      expect(db.quarantined).toHaveLength(3);
    });

    it('a reply that is no bounce is quarantined as such', async () => {
      const a = sent('a@x.example');
      const reply = message({ From: 'a@x.example', Subject: 'Re: Our news' }, 'Thanks!');

      const outcome = await sut.process(reply, 'smtp', a.verp);

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'not-a-bounce' });
      expect(db.state('acme')).toEqual(untouched(a));
    });
  });

  describe('recipient mismatch', () => {
    it("A's return path naming B: neither is touched, and it is quarantined", async () => {
      const a = sent('a@x.example');
      const b = sent('b@x.example');

      const outcome = await sut.process(
        hardBounce(a.verp, b.email, { 'X-Postroom-Delivery': b.id }),
        'smtp',
        a.verp,
      );

      expect(outcome).toEqual({
        kind: 'quarantined',
        cause: 'recipient-mismatch',
        detail: `bounce for delivery ${a.id} names another recipient: b@x.example`,
      });
      expect(db.state('acme')).toEqual(untouched(a, b));
      expect(db.quarantined.map((q) => q.cause)).toEqual(['recipient-mismatch']);
    });

    it("A's return path returning B's Message-ID is not about A", async () => {
      const a = sent('a@x.example');
      const b = sent('b@x.example');
      const report = dsn({
        to: a.verp,
        recipients: [{ address: a.email, status: '5.1.1' }],
        original: { 'Message-ID': b.messageId, Subject: 'Our news' },
      });

      const outcome = await sut.process(report, 'smtp', a.verp);

      expect(outcome).toEqual({
        kind: 'quarantined',
        cause: 'recipient-mismatch',
        detail: `bounce for delivery ${a.id} returns the Message-ID of another delivery`,
      });
      expect(db.state('acme')).toEqual(untouched(a, b));
    });
  });

  describe('feedback-loop complaints', () => {
    it('binds a complaint at the FBL address by its Message-ID: counted, blacklisted, marked complained', async () => {
      const a = sent('a@x.example');
      sent('b@x.example');

      const outcome = await sut.process(arfComplaint({ to: FBL, messageId: a.messageId }), 'broker', FBL);

      expect(outcome).toEqual({ kind: 'recorded', deliveryId: a.id, blacklisted: true });
      expect(db.state('acme')).toMatchObject({
        blacklist: [['a@x.example', 'feedback']],
        counters: { hardBounced: 0, complaints: 1, errors: 0 },
        events: [['a@x.example', 'complaint']],
      });
      expect(a.events).toEqual(['complained']);
      expect(db.events[0]).toMatchObject({ kind: 'complaint', source: 'complaint', feedbackType: 'abuse' });
    });

    it('a guessable (legacy) Message-ID names no delivery', async () => {
      const a = sent('a@x.example');
      a.messageId = `<${a.id}.a1b2c3d4e5f6@${DOMAIN}>`;

      const outcome = await sut.process(arfComplaint({ to: FBL, messageId: a.messageId }), 'smtp', FBL);

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'unmatched' });
      expect(db.state('acme')).toEqual(untouched(a));
    });

    it('an unknown Message-ID is unmatched', async () => {
      const a = sent('a@x.example');

      const outcome = await sut.process(
        arfComplaint({ to: FBL, messageId: newMessageId(DOMAIN) }),
        'smtp',
        FBL,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'unmatched' });
      expect(db.state('acme')).toEqual(untouched(a));
    });

    it('a DSN at the FBL address, real Message-ID and all, is not a complaint', async () => {
      const a = sent('a@x.example');

      const outcome = await sut.process(hardBounce(FBL, a.email, { 'Message-ID': a.messageId }), 'smtp', FBL);

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'not-a-complaint' });
      expect(db.state('acme')).toEqual(untouched(a));
    });

    it("a complaint about A's message naming B is quarantined", async () => {
      const a = sent('a@x.example');
      const b = sent('b@x.example');

      const outcome = await sut.process(
        arfComplaint({ to: FBL, messageId: a.messageId, recipient: b.email }),
        'smtp',
        FBL,
      );

      expect(outcome).toMatchObject({ kind: 'quarantined', cause: 'recipient-mismatch' });
      expect(db.state('acme')).toEqual(untouched(a, b));
    });

    it('a complaint anywhere but the FBL address changes nothing', async () => {
      const a = sent('a@x.example');
      const raw = arfComplaint({ to: 'abuse@shop.example', messageId: a.messageId });

      for (const to of ['abuse@shop.example', `fbl@${DOMAIN}.attacker.example`, `bounces+fbl@${DOMAIN}`]) {
        expect(await sut.process(raw, 'broker', to)).toMatchObject({
          kind: 'quarantined',
          cause: 'not-our-recipient',
        });
      }
      expect(db.state('acme')).toEqual(untouched(a));
    });
  });

  describe('duplicates', () => {
    it('the same hard bounce delivered three times counts once', async () => {
      const a = sent('a@x.example');
      const report = hardBounce(a.verp, a.email, { 'Message-ID': a.messageId });

      const kinds = [];
      for (let i = 0; i < 3; i++) kinds.push((await sut.process(report, 'smtp', a.verp)).kind);

      expect(kinds).toEqual(['recorded', 'repeat', 'repeat']);
      expect(db.state('acme').counters).toEqual({ hardBounced: 1, complaints: 0, errors: 0 });
      expect(db.events).toHaveLength(1);
      expect(a.events).toEqual(['bounced']);
    });

    it("one delivery's hard bounce and its complaint each count once", async () => {
      const a = sent('a@x.example');

      for (let i = 0; i < 2; i++) {
        await sut.process(hardBounce(a.verp, a.email), 'smtp', a.verp);
        await sut.process(arfComplaint({ to: FBL, messageId: a.messageId }), 'smtp', FBL);
      }

      expect(db.state('acme').counters).toEqual({ hardBounced: 1, complaints: 1, errors: 0 });
      expect(db.state('acme').events).toEqual([
        ['a@x.example', 'hard-bounce'],
        ['a@x.example', 'complaint'],
      ]);
    });
  });

  describe('soft bounces', () => {
    it('a soft bounce is counted but does not blacklist, however often it is replayed', async () => {
      const a = sent('full@x.example');

      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(await sut.process(mailboxFull(a), 'smtp', a.verp));

      expect(outcomes[0]).toEqual({ kind: 'recorded', deliveryId: a.id, blacklisted: false });
      expect(outcomes.slice(1).map((o) => o.kind)).toEqual(['repeat', 'repeat', 'repeat']);
      expect(db.state('acme')).toEqual({
        blacklist: [],
        counters: { hardBounced: 0, complaints: 0, errors: 0 },
        events: [['full@x.example', 'soft']],
        statuses: [['full@x.example', 'sent']],
      });
    });

    it(`blacklists after SOFT_BOUNCE_LIMIT deliveries failed softly within the window`, async () => {
      expect(config.SOFT_BOUNCE_LIMIT).toBe(3);
      const first = sent('full@x.example');
      const second = sent('full@x.example');
      const third = sent('full@x.example');

      await sut.process(mailboxFull(first), 'smtp', first.verp);
      await sut.process(mailboxFull(second), 'smtp', second.verp);
      expect(db.state('acme').blacklist).toEqual([]);
      const last = await sut.process(mailboxFull(third), 'smtp', third.verp);

      expect(last).toEqual({ kind: 'recorded', deliveryId: third.id, blacklisted: true });
      expect(db.state('acme').blacklist).toEqual([['full@x.example', 'mailboxfull']]);
    });

    it('soft failures older than the window do not add up', async () => {
      const first = sent('full@x.example');
      const second = sent('full@x.example');
      const third = sent('full@x.example');

      await sut.process(mailboxFull(first), 'smtp', first.verp);
      clock.advance(config.SOFT_BOUNCE_WINDOW_DAYS * DAY_MS + 1000);
      await sut.process(mailboxFull(second), 'smtp', second.verp);
      await sut.process(mailboxFull(third), 'smtp', third.verp);

      expect(db.state('acme').blacklist).toEqual([]);
      expect(db.state('acme').events).toHaveLength(3);
    });

    it('soft failures of the same address on another account do not add up', async () => {
      const mine = [sent('full@x.example'), sent('full@x.example')];
      const theirs = sent('full@x.example', 'other');

      for (const d of [...mine, theirs]) await sut.process(mailboxFull(d), 'smtp', d.verp);

      expect(db.state('acme').blacklist).toEqual([]);
      expect(db.state('other').blacklist).toEqual([]);
    });
  });
});
