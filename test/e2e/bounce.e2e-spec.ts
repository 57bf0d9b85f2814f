import { HEADER } from '@postroom/messaging';
import { arfComplaint, campaignSubmit, headerOf, publishRaw, tapQueue, waitFor } from '@postroom/testing';
import nodemailer, { type Transporter } from 'nodemailer';
import { dsn, message } from '../../apps/bounce/src/classify/test-messages';
import { Pipeline } from './pipeline-harness';
import { SmtpDialog } from './smtp-dialog';

const BOUNCE_DOMAIN = 'bounces.postroom.local';
const FBL = `fbl@${BOUNCE_DOMAIN}`;
const PER_IP = 3;

describe('bounce service: SMTP-time rejections, DSNs, complaints, blacklist, notices', () => {
  let pipeline: Pipeline;
  let campaignId: string;
  let mta: Transporter;
  let bouncePort: number;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      services: ['scheduler', 'sender', 'bounce'],
      env: {
        NOTICE_INTERVAL_MS: '1500',
        BOUNCE_MAX_MESSAGE_BYTES: '200000',
        BOUNCE_DOMAIN,
        FBL_ADDRESS: FBL,
        BOUNCE_MAX_CLIENTS_PER_IP: String(PER_IP),
      },
      smtp: {
        replies: (rcpt) => {
          if (rcpt.startsWith('gone@'))
            return {
              code: 550,
              message:
                '5.1.1 <gone@x.example>: Recipient address rejected: User unknown in virtual mailbox table',
            };
          if (rcpt.startsWith('spam@'))
            return { code: 554, message: '5.7.1 Message rejected as spam by Content Filtering', at: 'data' };
          return undefined;
        },
      },
    });
    bouncePort = Number(pipeline.env.BOUNCE_SMTP_PORT);
    mta = nodemailer.createTransport({ host: '127.0.0.1', port: bouncePort, secure: false, ignoreTLS: true });
    const body = campaignSubmit({
      account: 'bouncy',
      from: 'marketing@shop.example',
      recipients: ['ok', 'gone', 'spam', 'later', 'angry', 'full', 'a1', 'b1', 'twice', 'moan'].map((n) => ({
        email: `${n}@x.example`,
      })),
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    campaignId = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });
    await waitFor(async () => (await pipeline.statusCounts(campaignId)).sent === 8, {
      message: '8 sent, 2 refused',
    });
  });

  afterAll(async () => {
    mta?.close();
    await pipeline?.stop();
  });

  const blacklist = async () =>
    (
      await pipeline.db.query(
        `select email_normalized, reason, source from blacklist where account_id = 'bouncy' order by 1`,
      )
    ).rows;
  const counters = async () =>
    (
      await pipeline.db.query(
        `select sum(hard_bounced)::int as hard_bounced, sum(complaints)::int as complaints, sum(errors)::int as errors
           from quota_days where account_id = 'bouncy'`,
      )
    ).rows[0];
  /** Everything a bounce or complaint could move. */
  const ledgerState = async () => ({
    blacklist: await blacklist(),
    counters: await counters(),
    events: (await pipeline.db.query(`select delivery_id, counted_as from bounce_events order by id`)).rows,
    statuses: (await pipeline.db.query(`select email, status from deliveries order by id`)).rows,
  });
  const quarantined = async (cause: string) =>
    (
      await pipeline.db.query(`select envelope_to, detail from quarantine where cause = $1 order by id`, [
        cause,
      ])
    ).rows;
  const caught = (rcpt: string) => pipeline.smtp.messages.find((m) => m.to[0] === rcpt)!;
  const verpOf = (rcpt: string) => caught(rcpt).from;
  const messageIdOf = (rcpt: string) => headerOf(caught(rcpt).raw, 'Message-ID')!;
  const deliveryIdOf = async (rcpt: string) =>
    (await pipeline.db.query(`select id::text from deliveries where email = $1`, [rcpt])).rows[0]
      .id as string;
  const deliver = (raw: Buffer, to: string) => mta.sendMail({ envelope: { from: '', to: [to] }, raw });
  const hardBounce = (to: string, address: string, original: Record<string, string>) =>
    dsn({
      to,
      recipients: [{ address, status: '5.1.1', diagnostic: `smtp; 550 5.1.1 <${address}>: user unknown` }],
      original: { To: address, Subject: 'Hello', ...original },
    });

  it('blacklists an address the server said does not exist, and never a recipient refused for our content', async () => {
    await waitFor(async () => (await blacklist()).length >= 1, { message: 'gone blacklisted' });
    await waitFor(
      async () =>
        (await pipeline.db.query(`select 1 from bounce_events where email_normalized = 'spam@x.example'`))
          .rowCount === 1,
      { message: 'spam rejection classified' },
    );

    expect(await blacklist()).toEqual([
      { email_normalized: 'gone@x.example', reason: 'userunknown', source: 'smtp' },
    ]);
    const spam = await pipeline.db.query(
      `select reason, hard, blacklisted from bounce_events where email_normalized = 'spam@x.example'`,
    );
    expect(spam.rows).toEqual([{ reason: 'spamdetected', hard: false, blacklisted: false }]);
    expect(await counters()).toEqual({ hard_bounced: 1, complaints: 0, errors: 1 });
  });

  it('sends nothing that names a delivery in the clear: no X-Postroom-Delivery, a Message-ID of 128 random bits', async () => {
    for (const rcpt of ['ok@x.example', 'later@x.example']) {
      expect(headerOf(caught(rcpt).raw, 'X-Postroom-Delivery')).toBeUndefined();
      expect(messageIdOf(rcpt)).toMatch(
        new RegExp(`^<[0-9a-f]{32}@${BOUNCE_DOMAIN.replace(/\./g, '\\.')}>$`),
      );
      expect(verpOf(rcpt)).toMatch(new RegExp(`^bounces\\+e2e1\\.[\\w-]+\\.[\\w-]{22}@${BOUNCE_DOMAIN}$`));
    }
  });

  it('matches a DSN to its delivery by the signed VERP address and blacklists the hard bounce', async () => {
    const verp = verpOf('later@x.example');

    await deliver(
      hardBounce(verp, 'later@x.example', { 'Message-ID': messageIdOf('later@x.example') }),
      verp,
    );

    await waitFor(async () => (await blacklist()).some((b) => b.email_normalized === 'later@x.example'), {
      message: 'blacklisted',
    });
    const d = await pipeline.db.query(`select status from deliveries where email = 'later@x.example'`);
    expect(d.rows[0].status).toBe('bounced');
  });

  it('takes a complaint from the broker (bounce.received) at the FBL address, matched by Message-ID', async () => {
    const raw = arfComplaint({
      to: FBL,
      messageId: messageIdOf('angry@x.example'),
      recipient: 'angry@x.example',
    });

    await publishRaw(
      pipeline.namespace,
      'bounce.received',
      JSON.stringify({ rawBase64: raw.toString('base64'), envelopeTo: FBL }),
    );

    await waitFor(async () => (await blacklist()).some((b) => b.email_normalized === 'angry@x.example'), {
      message: 'complaint',
    });
    expect((await blacklist()).find((b) => b.email_normalized === 'angry@x.example')).toEqual({
      email_normalized: 'angry@x.example',
      reason: 'feedback',
      source: 'complaint',
    });
    expect((await counters()).complaints).toBe(1);
  });

  it('counts a replayed temporary failure once, and blacklists nobody for it', async () => {
    const verp = verpOf('full@x.example');
    const full = dsn({
      to: verp,
      recipients: [
        {
          address: 'full@x.example',
          status: '4.2.2',
          action: 'failed',
          diagnostic: 'smtp; 452 4.2.2 Mailbox full',
        },
      ],
    });

    for (let i = 0; i < 5; i++) await deliver(full, verp);

    const events = await pipeline.db.query(
      `select counted_as from bounce_events where email_normalized = 'full@x.example'`,
    );
    expect(events.rows).toEqual([{ counted_as: 'soft' }]);
    expect((await blacklist()).some((b) => b.email_normalized === 'full@x.example')).toBe(false);
  });

  it('quarantines what is not a bounce and what is malformed, blacklisting nothing', async () => {
    const before = (await blacklist()).length;
    const reply = message(
      {
        From: 'ok@x.example',
        To: verpOf('ok@x.example'),
        Subject: 'Re: Hello',
        'Message-ID': '<r1@x.example>',
      },
      'Thanks, nice offer!',
    );
    const broken = message(
      {
        From: 'MAILER-DAEMON@mx.example',
        To: verpOf('ok@x.example'),
        'Content-Type': 'multipart/report; boundary=""',
      },
      '<script>alert(1)</script>',
    );

    await deliver(reply, verpOf('ok@x.example'));
    await deliver(broken, verpOf('ok@x.example'));

    expect(await quarantined('not-a-bounce')).toHaveLength(1);
    expect(await quarantined('malformed')).toHaveLength(1);
    expect((await blacklist()).length).toBe(before);
  });

  it('refuses an oversized message at the SMTP level and keeps running', async () => {
    const huge = message({ From: 'MAILER-DAEMON@mx.example', To: 'x@y' }, 'x'.repeat(300_000));

    await expect(deliver(huge, verpOf('ok@x.example'))).rejects.toMatchObject({ responseCode: 552 });
    const health = await fetch(`${pipeline.url('bounce')}/health`);
    expect(health.status).toBe(200);
  });

  describe('what an attacker who can reach port 2525 gets', () => {
    it('a forged DSN (made-up VERP token, guessed delivery id, X-Postroom-Delivery) is refused at RCPT: 550, nothing changed', async () => {
      const before = await ledgerState();
      const victim = await deliveryIdOf('b1@x.example');
      const body = Buffer.from(`b.${victim}..${(20_000).toString(36)}`).toString('base64url');
      const forged = `bounces+e2e1.${body}.${'A'.repeat(22)}@${BOUNCE_DOMAIN}`;

      await expect(
        deliver(hardBounce(forged, 'b1@x.example', { 'X-Postroom-Delivery': victim }), forged),
      ).rejects.toMatchObject({ responseCode: 550 });
      await expect(
        deliver(
          hardBounce(FBL, 'b1@x.example', { 'X-Postroom-Delivery': victim }),
          `bounces+${victim}@${BOUNCE_DOMAIN}`,
        ),
      ).rejects.toMatchObject({ responseCode: 550 });

      expect(await ledgerState()).toEqual(before);
    });

    it("a DSN on A's return path naming B is quarantined: B untouched, A not blacklisted for it", async () => {
      const before = await ledgerState();
      const verpA = verpOf('a1@x.example');

      await deliver(
        hardBounce(verpA, 'b1@x.example', { 'X-Postroom-Delivery': await deliveryIdOf('b1@x.example') }),
        verpA,
      );

      expect(await ledgerState()).toEqual(before);
      expect(await quarantined('recipient-mismatch')).toEqual([
        {
          envelope_to: verpA,
          detail: `bounce for delivery ${await deliveryIdOf('a1@x.example')} names another recipient: b1@x.example`,
        },
      ]);
    });

    it('a DSN at the FBL address with a real Message-ID is no complaint: quarantined, nothing changed', async () => {
      const before = await ledgerState();

      await deliver(hardBounce(FBL, 'b1@x.example', { 'Message-ID': messageIdOf('b1@x.example') }), FBL);

      expect(await ledgerState()).toEqual(before);
      expect(await quarantined('not-a-complaint')).toHaveLength(1);
    });

    it('five copies of one genuine hard-bounce DSN: hard_bounced +1, one blacklist entry', async () => {
      const before = await counters();
      const verp = verpOf('twice@x.example');
      const report = hardBounce(verp, 'twice@x.example', { 'Message-ID': messageIdOf('twice@x.example') });

      for (let i = 0; i < 5; i++) await deliver(report, verp);

      expect(await counters()).toEqual({ ...before, hard_bounced: before.hard_bounced + 1 });
      expect((await blacklist()).filter((b) => b.email_normalized === 'twice@x.example')).toEqual([
        { email_normalized: 'twice@x.example', reason: 'userunknown', source: 'dsn' },
      ]);
      const events = await pipeline.db.query(
        `select counted_as from bounce_events where email_normalized = 'twice@x.example'`,
      );
      expect(events.rows).toEqual([{ counted_as: 'hard-bounce' }]);
    });

    it('five copies of one ARF complaint at the FBL address: complaints +1, one blacklist entry', async () => {
      const before = await counters();
      const raw = arfComplaint({
        to: FBL,
        messageId: messageIdOf('moan@x.example'),
        recipient: 'moan@x.example',
      });

      for (let i = 0; i < 5; i++) await deliver(raw, FBL);

      expect(await counters()).toEqual({ ...before, complaints: before.complaints + 1 });
      expect((await blacklist()).filter((b) => b.email_normalized === 'moan@x.example')).toEqual([
        { email_normalized: 'moan@x.example', reason: 'feedback', source: 'complaint' },
      ]);
    });

    it('RCPT: 550 for strangers and for stolen or altered tokens, 452 past five recipients', async () => {
      const { dialog, greeting } = await SmtpDialog.open(bouncePort);
      const okVerp = verpOf('ok@x.example');
      const token = okVerp.slice('bounces+'.length, okVerp.indexOf('@'));
      const html = caught('ok@x.example').raw.toString('utf8').replace(/=\r\n/g, '');
      const openToken = /\/o\/([\w.-]+)"/.exec(html)![1];
      try {
        expect(greeting.code).toBe(220);
        expect((await dialog.command('EHLO attacker.example')).code).toBe(250);
        expect((await dialog.command('MAIL FROM:<>')).code).toBe(250);
        for (const stranger of [
          'postmaster@x.example',
          `postmaster@${BOUNCE_DOMAIN}`,
          `bounces+${openToken}@${BOUNCE_DOMAIN}`,
          `bounces+${token.toUpperCase()}@${BOUNCE_DOMAIN}`,
          `bounces+${token}@attacker.example`,
        ]) {
          expect([stranger, (await dialog.command(`RCPT TO:<${stranger}>`)).code]).toEqual([stranger, 550]);
        }
        expect((await dialog.command('RSET')).code).toBe(250);
        expect((await dialog.command('MAIL FROM:<>')).code).toBe(250);
        const ours = ['ok', 'a1', 'b1', 'full', 'later'].map((n) => verpOf(`${n}@x.example`));
        ours[0] = `BOUNCES+${token}@${BOUNCE_DOMAIN.toUpperCase()}`;
        for (const rcpt of ours)
          expect([rcpt, (await dialog.command(`RCPT TO:<${rcpt}>`)).code]).toEqual([rcpt, 250]);
        expect((await dialog.command(`RCPT TO:<${FBL}>`)).code).toBe(452);
      } finally {
        dialog.close();
      }
    });

    it(`refuses a client's connection beyond ${PER_IP} open ones (421), and takes it again once one closes`, async () => {
      // a client address of its own, so no other test's connections count
      const client = '127.0.0.2';
      const open = [];
      for (let i = 0; i < PER_IP; i++) open.push(await SmtpDialog.open(bouncePort, client));
      const over = await SmtpDialog.open(bouncePort, client);
      const elsewhere = await SmtpDialog.open(bouncePort);
      try {
        expect(open.map((o) => o.greeting.code)).toEqual(Array(PER_IP).fill(220));
        expect(over.greeting.code).toBe(421);
        expect(elsewhere.greeting.code).toBe(220);
        open.pop()!.dialog.close();
        const again = await waitFor(
          async () => {
            const next = await SmtpDialog.open(bouncePort, client);
            if (next.greeting.code === 220) return next;
            next.dialog.close();
            return undefined;
          },
          { message: 'a place freed' },
        );
        again.dialog.close();
      } finally {
        for (const o of [...open, over, elsewhere]) o.dialog.close();
      }
    });

    it('a bounce.received without a valid envelope recipient changes nothing', async () => {
      const before = await ledgerState();
      const dlq = await tapQueue(pipeline.namespace, `${pipeline.namespace}.bounce.bounce-received`, {
        deadLetters: true,
      });
      const raw = hardBounce(verpOf('ok@x.example'), 'ok@x.example', {
        'Message-ID': messageIdOf('ok@x.example'),
      });
      try {
        await publishRaw(
          pipeline.namespace,
          'bounce.received',
          JSON.stringify({ rawBase64: raw.toString('base64'), envelopeTo: `postmaster@${BOUNCE_DOMAIN}` }),
        );
        await publishRaw(
          pipeline.namespace,
          'bounce.received',
          JSON.stringify({ rawBase64: raw.toString('base64') }),
        );

        await waitFor(async () => (await quarantined('not-our-recipient')).length === 1, {
          message: 'quarantined',
        });
        await waitFor(() => dlq.messages.length === 1, { message: 'dead-lettered' });
        expect(String(dlq.messages[0].headers[HEADER.reason])).toMatch(/envelopeTo/);
        expect(await quarantined('not-our-recipient')).toEqual([
          {
            envelope_to: `postmaster@${BOUNCE_DOMAIN}`,
            detail: `neither bounces+<token>@${BOUNCE_DOMAIN} nor ${FBL}`,
          },
        ]);
        expect(await ledgerState()).toEqual(before);
      } finally {
        await dlq.close();
      }
    });
  });

  it('mails one error notice per campaign and interval to the from-address, in plain words, outside the limit', async () => {
    await waitFor(() => pipeline.smtp.messages.some((m) => m.to[0] === 'marketing@shop.example'), {
      message: 'notice mailed',
    });
    const notice = pipeline.smtp.messages.find((m) => m.to[0] === 'marketing@shop.example')!;
    const text = notice.raw.toString('utf8').replace(/=\r\n/g, '');

    expect(notice.from).toBe('');
    expect(headerOf(notice.raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(text).toContain(
      'gone@x.example: the mailbox does not exist (no more mail will go to this address)',
    );
    expect(text).toContain('spam@x.example: a spam filter refused the message');
    const notices = await pipeline.db.query(`select status from notices where campaign_id = $1`, [
      campaignId,
    ]);
    expect(notices.rows.length).toBeGreaterThanOrEqual(1);
    const deliveries = await pipeline.db.query(
      `select count(*)::int as n from deliveries where campaign_id = $1`,
      [campaignId],
    );
    expect(deliveries.rows[0].n).toBe(10);
  });

  it('stores blacklisted recipients of a later campaign as suppressed', async () => {
    const next = campaignSubmit({
      account: 'bouncy',
      recipients: [{ email: 'gone@x.example' }, { email: 'angry@x.example' }, { email: 'ok@x.example' }],
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(next));
    const id = await waitFor(() => pipeline.campaignId(next.idempotencyKey), { message: 'stored' });

    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 1, { message: 'ok sent' });
    expect(await pipeline.statusCounts(id)).toEqual({ sent: 1, suppressed: 2 });
  });
});
