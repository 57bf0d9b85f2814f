import { campaignSubmit, headerOf, publishRaw, waitFor } from '@postroom/testing';
import nodemailer, { type Transporter } from 'nodemailer';
import { dsn, message } from '../../apps/bounce/src/classify/test-messages';
import { Pipeline } from './pipeline-harness';

/** An RFC 5965 complaint about one of our emails, as a mailbox provider's feedback loop sends it. */
function complaint(recipient: string, originalMessageId: string): Buffer {
  const b = 'arf-e2e';
  return message(
    {
      From: 'feedback@fbl.example',
      To: 'abuse@shop.example',
      Subject: 'Abuse report',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=feedback-report; boundary="${b}"`,
    },
    [
      `--${b}`,
      'Content-Type: text/plain',
      '',
      'This is an email abuse report.',
      `--${b}`,
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: FBL/1.0',
      'Version: 1',
      `Original-Rcpt-To: <${recipient}>`,
      `--${b}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${originalMessageId}`,
      `To: ${recipient}`,
      'Subject: Hello',
      `--${b}--`,
      '',
    ].join('\n'),
  );
}

describe('bounce service: SMTP-time rejections, DSNs, complaints, blacklist, notices', () => {
  let pipeline: Pipeline;
  let campaignId: string;
  let mta: Transporter;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      services: ['scheduler', 'sender', 'bounce'],
      env: { NOTICE_INTERVAL_MS: '1500', BOUNCE_MAX_MESSAGE_BYTES: '200000' },
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
    const bouncePort = Number(pipeline.env.BOUNCE_SMTP_PORT);
    mta = nodemailer.createTransport({ host: '127.0.0.1', port: bouncePort, secure: false, ignoreTLS: true });
    const body = campaignSubmit({
      account: 'bouncy',
      from: 'marketing@shop.example',
      recipients: ['ok', 'gone', 'spam', 'later', 'angry', 'full'].map((n) => ({ email: `${n}@x.example` })),
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    campaignId = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });
    await waitFor(async () => (await pipeline.statusCounts(campaignId)).sent === 4, {
      message: '4 sent, 2 refused',
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
  const caught = (rcpt: string) => pipeline.smtp.messages.find((m) => m.to[0] === rcpt)!;
  const verpOf = (rcpt: string) => caught(rcpt).from;
  const deliver = (raw: Buffer, to: string) => mta.sendMail({ envelope: { from: '', to: [to] }, raw });

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
    const day = await pipeline.db.query(
      `select hard_bounced, errors from quota_days where account_id = 'bouncy'`,
    );
    expect(day.rows[0]).toEqual({ hard_bounced: 1, errors: 1 });
  });

  it('matches a DSN to its delivery by the signed VERP address and blacklists the hard bounce', async () => {
    const verp = verpOf('later@x.example');
    const report = dsn({
      to: verp,
      recipients: [
        {
          address: 'later@x.example',
          status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 <later@x.example>: user unknown',
        },
      ],
      original: {
        'Message-ID': headerOf(caught('later@x.example').raw, 'Message-ID')!,
        To: 'later@x.example',
      },
    });

    await deliver(report, verp);

    await waitFor(async () => (await blacklist()).some((b) => b.email_normalized === 'later@x.example'), {
      message: 'blacklisted',
    });
    const d = await pipeline.db.query(`select status from deliveries where email = 'later@x.example'`);
    expect(d.rows[0].status).toBe('bounced');
  });

  it('takes a complaint from the broker (bounce.received), matched by Message-ID: blacklisted and counted', async () => {
    const raw = complaint('angry@x.example', headerOf(caught('angry@x.example').raw, 'Message-ID')!);

    await publishRaw(
      pipeline.namespace,
      'bounce.received',
      JSON.stringify({ rawBase64: raw.toString('base64') }),
    );

    await waitFor(async () => (await blacklist()).some((b) => b.email_normalized === 'angry@x.example'), {
      message: 'complaint',
    });
    expect((await blacklist()).find((b) => b.email_normalized === 'angry@x.example')).toEqual({
      email_normalized: 'angry@x.example',
      reason: 'feedback',
      source: 'complaint',
    });
    const day = await pipeline.db.query(`select complaints from quota_days where account_id = 'bouncy'`);
    expect(day.rows[0].complaints).toBe(1);
  });

  it('counts temporary failures and blacklists the address at the third within the window', async () => {
    const verp = verpOf('full@x.example');
    const full = () =>
      dsn({
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

    await deliver(full(), verp);
    await deliver(full(), verp);
    await waitFor(
      async () =>
        (await pipeline.db.query(`select 1 from bounce_events where email_normalized = 'full@x.example'`))
          .rowCount === 2,
      { message: 'two soft bounces' },
    );
    const afterTwo = (await blacklist()).some((b) => b.email_normalized === 'full@x.example');
    await deliver(full(), verp);

    expect(afterTwo).toBe(false);
    await waitFor(async () => (await blacklist()).some((b) => b.email_normalized === 'full@x.example'), {
      message: 'third',
    });
  });

  it('quarantines what is not a bounce, what is not ours and what is malformed, blacklisting nothing', async () => {
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
    const forged = dsn({
      to: 'bounces+k1.AAAA.BBBB@bounces.postroom.local',
      recipients: [{ address: 'someone@else.example', status: '5.1.1' }],
    });
    const broken = message(
      {
        From: 'MAILER-DAEMON@mx.example',
        To: verpOf('ok@x.example'),
        'Content-Type': 'multipart/report; boundary=""',
      },
      '<script>alert(1)</script>',
    );

    await deliver(reply, verpOf('ok@x.example'));
    await deliver(forged, 'bounces+k1.AAAA.BBBB@bounces.postroom.local');
    await deliver(broken, verpOf('ok@x.example'));

    await waitFor(async () => (await pipeline.db.query(`select 1 from quarantine`)).rowCount === 3, {
      message: 'quarantined',
    });
    const q = await pipeline.db.query(`select cause from quarantine order by id`);
    expect(q.rows.map((r) => r.cause)).toEqual(['not-a-bounce', 'unmatched', 'malformed']);
    expect((await blacklist()).length).toBe(before);
  });

  it('refuses an oversized message at the SMTP level and keeps running', async () => {
    const huge = message({ From: 'MAILER-DAEMON@mx.example', To: 'x@y' }, 'x'.repeat(300_000));

    await expect(deliver(huge, verpOf('ok@x.example'))).rejects.toMatchObject({ responseCode: 552 });
    const health = await fetch(`${pipeline.url('bounce')}/health`);
    expect(health.status).toBe(200);
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
    expect(deliveries.rows[0].n).toBe(6);
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
