import { campaignSubmit, recipients } from '@postroom/testing';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// straight from the file: the testing index keeps the DNS helpers out of the other tiers
import { DnsZoneServer } from '../../libs/testing/src/dns-zone';
import { Pipeline } from './pipeline-harness';

interface Check {
  check: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  fix: string;
}
interface Report {
  account: string;
  mode: string;
  domains: { domain: string; status: string; checks: Check[] }[];
}

/**
 * Issue 16: `GET /v1/accounts/:id/compliance` on the running scheduler, its DNS answered by a
 * local server: good.test is set up right, broken.test has a DMARC record whose missing `;`
 * swallows the policy, and its published DKIM key is an old one.
 */
describe('the bulk-sender compliance report (GET /v1/accounts/:id/compliance)', () => {
  let pipeline: Pipeline;
  let dns: DnsZoneServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-dkim-'));

  beforeAll(async () => {
    const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stale = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = (key: typeof signing.publicKey) =>
      key.export({ type: 'spki', format: 'der' }).toString('base64');
    const keyFile = path.join(dir, 'news.pem');
    fs.writeFileSync(keyFile, signing.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    dns = await DnsZoneServer.start({
      'good.test': { TXT: ['v=spf1 ip4:127.0.0.5 -all'] },
      's1._domainkey.good.test': { TXT: [`v=DKIM1; k=rsa; p=${spki(signing.publicKey)}`] },
      '_dmarc.good.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@good.test'] },
      'broken.test': { TXT: ['v=spf1 ip4:127.0.0.5 ~all'] },
      's1._domainkey.broken.test': { TXT: [`v=DKIM1; k=rsa; p=${spki(stale.publicKey)}`] },
      '_dmarc.broken.test': { TXT: ['v=DMARC1 p=reject; rua=dmarc@broken.test'] },
      // the VERP return path's domain: its SPF covers the sending IP too
      'bounces.good.test': { TXT: ['v=spf1 ip4:127.0.0.5 -all'] },
      '5.0.0.127.in-addr.arpa': { PTR: ['mta.good.test'] },
      'mta.good.test': { A: ['127.0.0.5'] },
    });
    pipeline = await Pipeline.start({
      services: ['scheduler'],
      env: {
        DNS_SERVERS: dns.address,
        DIRECT_LOCAL_ADDRESS: '127.0.0.5',
        DIRECT_HELO_NAME: 'mta.good.test',
        BOUNCE_DOMAIN: 'bounces.good.test',
        DKIM_KEYS: `good.test:s1:${keyFile},broken.test:s1:${keyFile}`,
      },
    });
    for (const from of ['news@good.test', 'offers@broken.test']) {
      const res = await pipeline.api('/v1/campaigns', {
        method: 'POST',
        body: JSON.stringify(campaignSubmit({ account: 'bulk', from, recipients: recipients(2) })),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
    }
    // 12 complaints over 10,000 delivered in the last days: 0.12%, over the 0.1% line
    await pipeline.db.query(
      `insert into quota_days (account_id, day, daily_limit, delivered, complaints)
       values ('bulk', current_date - 2, 100000, 10000, 12) on conflict (account_id, day) do update
         set delivered = excluded.delivered, complaints = excluded.complaints`,
    );
  });

  afterAll(async () => {
    await pipeline?.stop();
    await dns?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes the domain set up right and fails broken.test on DMARC and the DKIM key, with what to do', async () => {
    const res = await pipeline.api('/v1/accounts/bulk/compliance');
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const byName = (domain: string) =>
      Object.fromEntries(report.domains.find((d) => d.domain === domain)!.checks.map((c) => [c.check, c]));

    expect(report).toMatchObject({ account: 'bulk', mode: 'direct' });
    expect(report.domains.map((d) => [d.domain, d.status])).toEqual([
      ['broken.test', 'fail'],
      ['good.test', 'warn'],
    ]);
    const good = byName('good.test');
    expect(good['spf-covers-ip'].status).toBe('pass');
    expect(good['dkim-key-match'].status).toBe('pass');
    expect(good['dmarc-policy'].status).toBe('pass');
    expect(good['ptr-fcrdns'].status).toBe('pass');
    expect(good['one-click-unsubscribe'].status).toBe('pass');
    expect(good['complaint-rate-7d']).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('0.12%'),
    });
    const broken = byName('broken.test');
    expect(broken['dmarc-policy']).toMatchObject({ status: 'fail', fix: expect.stringMatching(/\S/) });
    expect(broken['dkim-key-match']).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/s1\._domainkey\.broken\.test/),
    });
  });

  it('answers 404 for an account that does not exist', async () => {
    expect((await pipeline.api('/v1/accounts/nobody/compliance')).status).toBe(404);
  });
});
