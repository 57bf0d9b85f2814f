import { spf } from 'mailauth/lib/spf';
import { fail, pass, warn, type ComplianceCheck } from './check';
import { txtRecords, type ComplianceDns } from './compliance-dns';

/** Evaluates a record that has no sending IP to test against: TEST-NET-1 (RFC 5737), never contacted. */
const PROBE_IP = '192.0.2.1';
const SPF_RECORD = /^v=spf1(\s|$)/i;

/**
 * SPF of the envelope domain (MAIL FROM, our VERP return path): one record, valid (evaluated by
 * mailauth's RFC 7208 evaluator over our resolver: syntax, includes, the 10-lookup limit), and in
 * direct mode covering the sending IP. The evaluator is what receivers run, so "valid" here means
 * what it means there.
 */
export async function spfChecks(
  dns: ComplianceDns,
  domain: string,
  sendingIp?: string,
): Promise<ComplianceCheck[]> {
  const txt = await txtRecords(dns, domain);
  if (!txt.ok)
    return [
      warn(
        'spf-record',
        `the TXT records of ${domain} could not be read (${txt.code})`,
        'check again; if it persists, the domain’s name servers are failing',
      ),
    ];
  const records = txt.value.filter((r) => SPF_RECORD.test(r.trim()));
  const suggested = `v=spf1 ${sendingIp ? `${sendingIp.includes(':') ? 'ip6' : 'ip4'}:${sendingIp}` : 'include:<your relay>'} -all`;
  if (records.length === 0)
    return [
      fail(
        'spf-record',
        `${domain} publishes no SPF record`,
        `publish a TXT record at ${domain}: "${suggested}"`,
      ),
    ];
  if (records.length > 1)
    return [
      fail(
        'spf-record',
        `${domain} publishes ${records.length} SPF records; receivers then treat SPF as broken (permerror, RFC 7208 §4.5)`,
        'merge them into one TXT record starting with v=spf1',
      ),
    ];
  const record = records[0].trim();
  const evaluated = await spf({
    sender: `postmaster@${domain}`,
    ip: sendingIp ?? PROBE_IP,
    helo: domain,
    mta: 'postroom-compliance',
    resolver: (name, type) => dns.resolve(name, type) as Promise<string[][] | string[]>,
  });
  const result = evaluated.status.result;
  const why = evaluated.status.comment ? `: ${evaluated.status.comment}` : '';
  const checks: ComplianceCheck[] = [];
  if (result === 'permerror')
    checks.push(
      fail(
        'spf-record',
        `the SPF record of ${domain} is broken (permerror${why}): "${record}"`,
        `fix the record; a minimal one is "${suggested}"`,
      ),
    );
  else if (result === 'temperror')
    checks.push(
      warn(
        'spf-record',
        `the SPF record of ${domain} could not be evaluated (temperror${why})`,
        'an include or lookup in it is not answering; check again',
      ),
    );
  else if (/(^|\s)\+?all(\s|$)/i.test(record))
    checks.push(
      fail(
        'spf-record',
        `the SPF record of ${domain} ends in +all, which lets every host on the internet pass: "${record}"`,
        'end it with -all (or ~all)',
      ),
    );
  else if (!/(^|\s)[-~?]all(\s|$)|redirect=/i.test(record))
    checks.push(
      warn(
        'spf-record',
        `the SPF record of ${domain} has no all mechanism, so strangers get neutral: "${record}"`,
        'end it with -all (or ~all)',
      ),
    );
  else checks.push(pass('spf-record', `${domain}: "${record}"`));

  if (sendingIp && result !== 'permerror' && result !== 'temperror') {
    checks.push(
      result === 'pass'
        ? pass('spf-covers-ip', `SPF of ${domain} passes for the sending IP ${sendingIp}`)
        : fail(
            'spf-covers-ip',
            `SPF of ${domain} gives ${result} for the sending IP ${sendingIp}${why}`,
            `add ${sendingIp.includes(':') ? 'ip6' : 'ip4'}:${sendingIp} to the record before its all`,
          ),
    );
  }
  return checks;
}
