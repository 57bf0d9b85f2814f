import { DnsZoneServer } from '../libs/testing/src/dns-zone';
import { complianceFixture } from '../apps/scheduler/src/compliance/fixtures/compliance-zone';
import { complianceReport } from '../apps/scheduler/src/compliance/compliance-report';

/**
 * `node -r @swc/register scripts/compliance-demo.ts [domain]`: the bulk-sender compliance report
 * of the test fixtures (good.test, broken.test, nospf.test), answered by a DNS server on loopback.
 */
async function main(only?: string): Promise<void> {
  const { zone, input } = complianceFixture();
  const dns = await DnsZoneServer.start(zone);
  try {
    const report = await complianceReport(only ? { ...input, fromDomains: [only] } : input, dns.resolver());
    for (const domain of report) {
      console.log(`${domain.domain}: ${domain.status}`);
      for (const c of domain.checks)
        console.log(
          `  ${c.status.padEnd(4)} ${c.check.padEnd(21)} ${c.detail}${c.fix ? `\n       fix: ${c.fix}` : ''}`,
        );
    }
  } finally {
    await dns.stop();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
