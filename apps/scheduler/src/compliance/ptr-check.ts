import ipaddr from 'ipaddr.js';
import { fail, pass, warn, type ComplianceCheck } from './check';
import { lookup, NO_RECORD, type ComplianceDns } from './compliance-dns';

/** The name a PTR query asks for (RFC 1035 §3.5, RFC 3596 §2.5). */
export function ptrName(ip: string): string {
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return `${addr.toByteArray().reverse().join('.')}.in-addr.arpa`;
  const nibbles = addr
    .toByteArray()
    .flatMap((b) => [b >> 4, b & 15])
    .map((n) => n.toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/**
 * Forward-confirmed reverse DNS of the sending IP (direct mode): a PTR name whose own A/AAAA
 * records contain the IP again. Gmail and Yahoo refuse bulk mail from an IP without it.
 */
export async function ptrCheck(dns: ComplianceDns, ip: string, heloName?: string): Promise<ComplianceCheck> {
  if (!ipaddr.isValid(ip))
    return fail('ptr-fcrdns', `${ip} is not an IP address`, 'configure the sending IP correctly');
  const family = ipaddr.process(ip).kind();
  const arpa = ptrName(ip);
  const fix = `ask the IP's owner (hosting provider) to set the PTR of ${ip} to ${heloName ?? 'the sender’s host name'}, and give that name an ${family === 'ipv4' ? 'A' : 'AAAA'} record for ${ip}`;
  const names = await lookup(() => dns.resolvePtr(arpa));
  if (!names.ok)
    return NO_RECORD.has(names.code)
      ? fail('ptr-fcrdns', `${ip} has no PTR record (${arpa})`, fix)
      : warn(
          'ptr-fcrdns',
          `the PTR of ${ip} could not be read (${names.code})`,
          'check again; the reverse zone’s name servers are failing',
        );
  const same = (a: string) =>
    ipaddr.isValid(a) && ipaddr.process(a).toNormalizedString() === ipaddr.process(ip).toNormalizedString();
  for (const name of names.value) {
    const forward = await lookup(() => (family === 'ipv4' ? dns.resolve4(name) : dns.resolve6(name)));
    if (forward.ok && forward.value.some(same)) {
      const helo =
        heloName && heloName.toLowerCase() !== name.toLowerCase().replace(/\.$/, '')
          ? `; the sender says EHLO ${heloName}, better the same name`
          : '';
      return helo
        ? warn('ptr-fcrdns', `${ip} → ${name} → ${ip}${helo}`, `use ${name} as the EHLO name`)
        : pass('ptr-fcrdns', `${ip} → ${name} → ${ip}`);
    }
  }
  return fail(
    'ptr-fcrdns',
    `the PTR of ${ip} names ${names.value.join(', ')}, which does not resolve back to ${ip}`,
    fix,
  );
}
