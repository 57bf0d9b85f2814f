import { campaignSubmit, SmtpCapture, waitFor } from '@postroom/testing';
// straight from the file: the testing index keeps the DNS helpers out of the other tiers
import { DnsZoneServer } from '../../libs/testing/src/dns-zone';
import { Pipeline } from './pipeline-harness';

interface Row {
  email: string;
  status: string;
  smtp_reply: string | null;
  reason: string | null;
}

/**
 * Issue 16, direct delivery through the running services: without SMTP_URL the sender looks up
 * each recipient domain's MX at a local DNS server (DNS_SERVERS) and delivers to the sinks on
 * loopback addresses it names (DIRECT_SMTP_PORT). Nothing goes to a relay.
 */
describe('direct delivery to the recipient domains’ MX (RFC 5321 §5, RFC 7505)', () => {
  let pipeline: Pipeline;
  let dns: DnsZoneServer;
  let primary: SmtpCapture;
  let backup: SmtpCapture;

  beforeAll(async () => {
    primary = await SmtpCapture.start({ host: '127.0.0.2' });
    backup = await SmtpCapture.start({ host: '127.0.0.3', port: primary.port });
    dns = await DnsZoneServer.start({
      // listed backup first: the preference decides, not the order
      'ordered.test': {
        MX: [
          { exchange: 'mx2.ordered.test', priority: 20 },
          { exchange: 'mx1.ordered.test', priority: 10 },
        ],
      },
      'mx1.ordered.test': { A: ['127.0.0.2'] },
      'mx2.ordered.test': { A: ['127.0.0.3'] },
      // its first MX has nothing listening: the second one takes the mail
      'deadfirst.test': {
        MX: [
          { exchange: 'dead.deadfirst.test', priority: 5 },
          { exchange: 'alive.deadfirst.test', priority: 10 },
        ],
      },
      'dead.deadfirst.test': { A: ['127.0.0.4'] },
      'alive.deadfirst.test': { A: ['127.0.0.3'] },
      // no MX: its own address (the implicit MX)
      'bare.test': { A: ['127.0.0.2'] },
      'nullmx.test': { MX: [{ exchange: '.', priority: 0 }] },
      'nxdomain.test': 'NXDOMAIN',
      'slowdns.test': 'TIMEOUT',
    });
    pipeline = await Pipeline.start({
      services: ['scheduler', 'sender', 'bounce'],
      env: {
        SMTP_URL: '',
        DELIVERY_MODE: 'direct',
        DNS_SERVERS: dns.address,
        DNS_TIMEOUT_MS: '300',
        DNS_TRIES: '1',
        DIRECT_SMTP_PORT: String(primary.port),
        DIRECT_ALLOW_LOOPBACK_MX: 'true',
        DIRECT_HELO_NAME: 'mta.postroom.test',
        SMTP_TIMEOUT_MS: '2000',
        SEND_MAX_ATTEMPTS: '20',
        RETRY_BASE_DELAY_MS: '300',
        RETRY_MAX_DELAY_MS: '600',
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await Promise.all([primary?.stop(), backup?.stop(), dns?.stop()]);
  });

  async function rows(id: string): Promise<Record<string, Row>> {
    const res = await pipeline.db.query<Row>(
      `select email, status, smtp_reply, reason from deliveries where campaign_id = $1`,
      [id],
    );
    return Object.fromEntries(res.rows.map((r) => [r.email.split('@')[1], r]));
  }

  it('delivers by MX preference, past a dead MX, to an implicit MX; bounces null MX and NXDOMAIN; retries a DNS timeout', async () => {
    const domains = [
      'ordered.test',
      'deadfirst.test',
      'bare.test',
      'nullmx.test',
      'nxdomain.test',
      'slowdns.test',
    ];
    const body = campaignSubmit({
      account: 'direct',
      recipients: domains.map((d) => ({ email: `ada@${d}`, name: 'Ada' })),
    });
    const res = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const settled = await waitFor(
      async () => {
        const r = await rows(id);
        const done = ['ordered.test', 'deadfirst.test', 'bare.test', 'nullmx.test', 'nxdomain.test'].every(
          (d) => r[d] && ['sent', 'bounced'].includes(r[d].status),
        );
        return done && r['slowdns.test']?.status === 'retrying' ? r : undefined;
      },
      { timeoutMs: 30_000, message: 'all but the DNS timeout settled' },
    );

    expect(primary.countByRecipient()).toEqual(
      new Map([
        ['ada@ordered.test', 1],
        ['ada@bare.test', 1],
      ]),
    );
    expect(backup.countByRecipient()).toEqual(new Map([['ada@deadfirst.test', 1]]));
    expect(pipeline.smtp.acceptedCount).toBe(0);
    expect(settled['nullmx.test']).toMatchObject({
      status: 'bounced',
      smtp_reply: expect.stringMatching(/^556 5\.1\.10 .*null MX \(notaccept\)/),
    });
    expect(settled['nxdomain.test']).toMatchObject({
      status: 'bounced',
      smtp_reply: expect.stringMatching(/^550 5\.1\.2 Host unknown \(hostunknown\)/),
    });
    expect(settled['slowdns.test'].smtp_reply).toMatch(/^DNS: MX lookup for slowdns\.test failed: ETIMEOUT/);

    // the bounce service classifies the two DNS refusals and blacklists the addresses
    const listed = await waitFor(
      async () => {
        const r = await pipeline.db.query<{ email_normalized: string; reason: string }>(
          `select email_normalized, reason from blacklist where account_id = 'direct' order by 1`,
        );
        return r.rows.length === 2 ? r.rows : undefined;
      },
      { message: 'both DNS refusals blacklisted' },
    );
    expect(listed).toEqual([
      { email_normalized: 'ada@nullmx.test', reason: 'notaccept' },
      { email_normalized: 'ada@nxdomain.test', reason: 'hostunknown' },
    ]);

    // DNS answers again: the retry delivers
    dns.zone['slowdns.test'] = { MX: [{ exchange: 'mx1.ordered.test', priority: 10 }] };
    await waitFor(async () => (await rows(id))['slowdns.test'].status === 'sent', {
      timeoutMs: 30_000,
      message: 'the DNS timeout retried and sent',
    });
    expect(primary.countByRecipient().get('ada@slowdns.test')).toBe(1);
  });
});
