import { generateKeyPairSync } from 'node:crypto';
import { DnsZoneServer, FakeDns, type Zone } from '../../../../libs/testing/src/dns-zone';
import type { ComplianceCheck } from './check';
import { complianceReport, type ComplianceInput } from './compliance-report';
import { dkimChecks, parseDkimKeyRecord } from './dkim-check';
import { aligned, dmarcAlignmentCheck, dmarcPolicyCheck, readDmarcRecord } from './dmarc-check';
import { complianceFixture } from './fixtures/compliance-zone';
import { complaintRateCheck, oneClickCheck } from './policy-checks';
import { ptrCheck, ptrName } from './ptr-check';
import { spfChecks } from './spf-check';

const byName = (checks: readonly ComplianceCheck[]) => Object.fromEntries(checks.map((c) => [c.check, c]));

describe(complianceReport.name, () => {
  const { zone, input } = complianceFixture();
  let dns: DnsZoneServer;

  beforeAll(async () => {
    dns = await DnsZoneServer.start(zone);
  });
  afterAll(() => dns.stop());

  it('reports each From domain against the bulk-sender rules, over a real DNS server', async () => {
    const report = await complianceReport(input, dns.resolver());
    const [good, broken, nospf] = report;

    expect(report.map((d) => [d.domain, d.status])).toEqual([
      ['good.test', 'warn'],
      ['broken.test', 'fail'],
      ['nospf.test', 'fail'],
    ]);
    expect(good.checks.filter((c) => c.status !== 'pass').map((c) => c.check)).toEqual([
      'complaint-rate-30d',
    ]);
    expect(good.checks.map((c) => c.check)).toEqual([
      'spf-record',
      'spf-covers-ip',
      'dkim-key',
      'dkim-key-match',
      'dmarc-policy',
      'dmarc-alignment',
      'ptr-fcrdns',
      'one-click-unsubscribe',
      'complaint-rate-7d',
      'complaint-rate-30d',
    ]);

    const b = byName(broken.checks);
    expect(b['dmarc-policy']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('must start with v=DMARC1'),
    });
    expect(b['dmarc-policy'].detail).toContain('no p= tag');
    expect(b['dmarc-policy'].detail).toContain('"dmarc@broken.test" is not a mailto: URI');
    expect(b['dmarc-policy'].fix).toMatch(/^replace it with a valid record/);
    expect(b['dkim-key']).toMatchObject({ status: 'warn', detail: expect.stringContaining('1024 bits') });
    expect(b['dkim-key-match'].status).toBe('fail');
    expect(b['dmarc-alignment'].status).toBe('warn');

    const n = byName(nospf.checks);
    expect(n['spf-record']).toMatchObject({
      status: 'fail',
      fix: 'publish a TXT record at nospf.test: "v=spf1 ip4:127.0.0.5 -all"',
    });
    expect(n['spf-covers-ip']).toBeUndefined();
    expect(n['dmarc-policy'].status).toBe('warn');
    expect(n['dmarc-alignment'].status).toBe('pass'); // DKIM aligns
  });

  it('leaves out the direct-mode checks in relay mode, and checks SPF on the return path', async () => {
    const relay: ComplianceInput = {
      ...input,
      sendingIp: undefined,
      fromDomains: ['nospf.test'],
      returnPathDomain: 'good.test',
    };
    const [report] = await complianceReport(relay, dns.resolver());
    const checks = byName(report.checks);
    expect(checks['spf-record']).toMatchObject({
      status: 'pass',
      detail: 'good.test: "v=spf1 ip4:127.0.0.5 -all"',
    });
    expect(checks['spf-covers-ip']).toBeUndefined();
    expect(checks['ptr-fcrdns']).toBeUndefined();
    expect(checks['dmarc-alignment'].detail).toContain('SPF domain good.test does not align');
  });

  it('fails a domain that has no DKIM key configured at all', async () => {
    const [report] = await complianceReport(
      { ...input, fromDomains: ['good.test'], dkim: [] },
      dns.resolver(),
    );
    expect(byName(report.checks)['dkim-key']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no DKIM key is configured'),
    });
    expect(byName(report.checks)['dmarc-alignment'].status).toBe('warn');
  });
});

describe(spfChecks.name, () => {
  const zone: Zone = {
    'plus-all.test': { TXT: ['v=spf1 +all'] },
    'two.test': { TXT: ['v=spf1 -all', 'v=spf1 ip4:127.0.0.5 -all'] },
    'dangling.test': { TXT: ['v=spf1 include:gone.test -all'] },
    'no-all.test': { TXT: ['v=spf1 ip4:127.0.0.5'] },
    'other-ip.test': { TXT: ['v=spf1 ip4:127.0.0.9 -all'] },
    'via-include.test': { TXT: ['v=spf1 include:_spf.relay.test -all'] },
    '_spf.relay.test': { TXT: ['v=spf1 ip4:127.0.0.0/24 -all'] },
    'flaky.test': 'SERVFAIL',
  };
  const dns = new FakeDns(zone);
  const run = async (domain: string, ip?: string) => byName(await spfChecks(dns, domain, ip));

  it('fails +all, two records and a broken include; warns without an all', async () => {
    expect((await run('plus-all.test'))['spf-record']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('+all'),
    });
    expect((await run('two.test'))['spf-record']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('2 SPF records'),
    });
    expect((await run('dangling.test'))['spf-record']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('permerror'),
    });
    expect((await run('no-all.test'))['spf-record'].status).toBe('warn');
  });

  it('says whether the record covers the sending IP, following includes', async () => {
    expect((await run('other-ip.test', '127.0.0.5'))['spf-covers-ip']).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('gives fail'),
      fix: 'add ip4:127.0.0.5 to the record before its all',
    });
    expect((await run('via-include.test', '127.0.0.5'))['spf-covers-ip'].status).toBe('pass');
  });

  it('warns when the DNS cannot be read, instead of calling the record missing', async () => {
    expect((await run('flaky.test'))['spf-record']).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('ESERVFAIL'),
    });
  });
});

describe(dkimChecks.name, () => {
  const ed = generateKeyPairSync('ed25519');
  const edRaw = ed.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');
  const edPem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dns = new FakeDns({
    'ed._domainkey.shop.test': { TXT: [`v=DKIM1; k=ed25519; p=${edRaw}`] },
    'old._domainkey.shop.test': { TXT: ['v=DKIM1; k=rsa; p='] },
    'junk._domainkey.shop.test': { TXT: ['hello world'] },
    'split._domainkey.shop.test': { TXT: [[`v=DKIM1; k=ed25519; `, `p=${edRaw}`]] },
  });

  it('compares an ed25519 key with the configured key, derived from the private key', async () => {
    expect(
      byName(await dkimChecks(dns, { domain: 'shop.test', selector: 'ed', publicKeyPem: edPem }))[
        'dkim-key-match'
      ].status,
    ).toBe('pass');
    expect(
      byName(await dkimChecks(dns, { domain: 'shop.test', selector: 'split', publicKeyPem: edPem }))[
        'dkim-key-match'
      ].status,
    ).toBe('pass');
  });

  it('fails a revoked key, a record that is not a key, and a missing one', async () => {
    const first = async (selector: string) => (await dkimChecks(dns, { domain: 'shop.test', selector }))[0];
    expect(await first('old')).toMatchObject({ status: 'fail', detail: expect.stringContaining('revoked') });
    expect(await first('junk')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not a DKIM key'),
    });
    expect(await first('none')).toMatchObject({
      status: 'fail',
      detail: 'no DKIM key is published at none._domainkey.shop.test',
    });
  });

  it('reads the tag list strictly', () => {
    expect(parseDkimKeyRecord('v=DKIM1; p=abc; p=def')).toEqual({
      ok: false,
      problem: 'tag p appears twice',
    });
    expect(parseDkimKeyRecord('v=DKIM2; p=abc')).toEqual({ ok: false, problem: 'v=DKIM2, not DKIM1' });
    expect(parseDkimKeyRecord('k=rsa; p=ab c=')).toMatchObject({ ok: true });
  });
});

describe(readDmarcRecord.name, () => {
  it.each([
    ['v=DMARC1; p=reject', [], 'reject'],
    ['v=DMARC1; p=quarantine; sp=none; adkim=s; pct=50; rua=mailto:a@b.test', [], 'quarantine'],
    ['v=DMARC1; p=rejct', ['p=rejct is not none, quarantine or reject'], undefined],
    [
      'v=DMARC1; p=reject rua=mailto:a@b.test',
      ['p=reject rua=mailto:a@b.test is not none, quarantine or reject (a missing ";"?)'],
      undefined,
    ],
    ['p=reject; v=DMARC1', ['it must start with v=DMARC1, not "p=reject"'], 'reject'],
    ['v=DMARC1; rua=mailto:a@b.test', ['there is no p= tag, so there is no policy'], undefined],
    [
      'v=DMARC1; p=none; aspf=x; pct=150',
      ['aspf=x is neither r nor s', 'pct=150 is not a whole number from 0 to 100'],
      'none',
    ],
  ])('reads %s', (txt, problems, p) => {
    const r = readDmarcRecord(txt);
    expect(r.problems).toEqual(problems);
    expect(r.p).toBe(p);
  });

  it('keeps notes apart from problems', () => {
    expect(readDmarcRecord('v=DMARC1; p=reject; rua=dmarc@b.test; foo=1').notes).toEqual([
      'unknown tag foo',
      'rua address "dmarc@b.test" is not a mailto: URI',
    ]);
  });
});

describe(dmarcPolicyCheck.name, () => {
  const dns = new FakeDns({
    '_dmarc.shop.test': { TXT: ['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@shop.test'] },
    '_dmarc.two.test': { TXT: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] },
    '_dmarc.partial.test': { TXT: ['v=DMARC1; p=reject; pct=20; rua=mailto:d@partial.test'] },
    '_dmarc.spf-here.test': { TXT: ['v=spf1 -all'] },
  });

  it('inherits the organizational domain’s record for a subdomain, with its sp', async () => {
    const found = await dmarcPolicyCheck(dns, 'news.shop.test');
    expect(found.policyCheck).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(
        /^policy quarantine at _dmarc\.shop\.test \(inherited by news\.shop\.test/,
      ),
    });
  });

  it('fails two records, a non-DMARC record, and none; warns on pct below 100', async () => {
    expect((await dmarcPolicyCheck(dns, 'two.test')).policyCheck).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('2 DMARC records'),
    });
    expect((await dmarcPolicyCheck(dns, 'spf-here.test')).policyCheck).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not a DMARC record'),
    });
    expect((await dmarcPolicyCheck(dns, 'missing.test')).policyCheck).toMatchObject({
      status: 'fail',
      detail: 'no DMARC record at _dmarc.missing.test',
    });
    expect((await dmarcPolicyCheck(dns, 'partial.test')).policyCheck).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('only 20%'),
    });
  });
});

describe(dmarcAlignmentCheck.name, () => {
  it('aligns relaxed by organizational domain and strict by the exact name', () => {
    expect(aligned('bounce.shop.co.uk', 'shop.co.uk', 'r')).toBe(true);
    expect(aligned('bounce.shop.co.uk', 'shop.co.uk', 's')).toBe(false);
    expect(aligned('other.co.uk', 'shop.co.uk', 'r')).toBe(false);
  });

  it('passes on aligned DKIM, warns on SPF alone, fails on neither', () => {
    const spf = { domain: 'bounce.shop.test', ok: true };
    expect(dmarcAlignmentCheck('shop.test', { adkim: 'r', aspf: 'r' }, spf, ['shop.test']).status).toBe(
      'pass',
    );
    expect(dmarcAlignmentCheck('shop.test', { adkim: 's', aspf: 'r' }, spf, ['mail.shop.test']).status).toBe(
      'warn',
    );
    expect(dmarcAlignmentCheck('shop.test', { adkim: 's', aspf: 's' }, spf, ['esp.example']).status).toBe(
      'fail',
    );
  });
});

describe(ptrCheck.name, () => {
  const dns = new FakeDns({
    [ptrName('127.0.0.7')]: { PTR: ['generic.isp.test'] },
    'generic.isp.test': { A: ['127.0.0.99'] },
    [ptrName('::1')]: { PTR: ['six.shop.test'] },
    'six.shop.test': { AAAA: ['0:0:0:0:0:0:0:1'] },
  });

  it('builds PTR names for both families', () => {
    expect(ptrName('127.0.0.7')).toBe('7.0.0.127.in-addr.arpa');
    expect(ptrName('::1')).toBe(`1.${'0.'.repeat(31)}ip6.arpa`);
  });

  it('fails a missing PTR and one that does not point back, passes IPv6 FCrDNS, warns on an EHLO mismatch', async () => {
    expect(await ptrCheck(dns, '127.0.0.8')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no PTR'),
    });
    expect(await ptrCheck(dns, '127.0.0.7')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('does not resolve back'),
    });
    expect(await ptrCheck(dns, '::1')).toMatchObject({ status: 'pass', detail: '::1 → six.shop.test → ::1' });
    expect(await ptrCheck(dns, '::1', 'mta.shop.test')).toMatchObject({
      status: 'warn',
      fix: 'use six.shop.test as the EHLO name',
    });
  });
});

describe(complaintRateCheck.name, () => {
  it.each([
    [0, 0, 'pass'],
    [9, 10_000, 'pass'],
    [10, 10_000, 'warn'],
    [29, 10_000, 'warn'],
    [30, 10_000, 'fail'],
  ])('%d complaints of %d delivered: %s', (complaints, delivered, status) => {
    expect(complaintRateCheck('7d', { complaints, delivered }).status).toBe(status);
  });

  it('says the figures and the lines', () => {
    expect(complaintRateCheck('30d', { complaints: 3, delivered: 1_000 }).detail).toBe(
      '3 complaints over 1000 delivered in 30 days: 0.3% (warn at 0.1%, fail at 0.3%)',
    );
  });

  it('requires one-click unsubscribe', () => {
    expect(oneClickCheck(true).status).toBe('pass');
    expect(oneClickCheck(false).status).toBe('fail');
  });
});
