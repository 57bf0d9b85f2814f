import { getDomain } from 'tldts';
import { fail, pass, warn, type ComplianceCheck } from './check';
import { txtRecords, type ComplianceDns } from './compliance-dns';

type Policy = 'none' | 'quarantine' | 'reject';
const POLICIES: ReadonlySet<string> = new Set(['none', 'quarantine', 'reject']);
const KNOWN_TAGS: ReadonlySet<string> = new Set([
  'v',
  'p',
  'sp',
  'adkim',
  'aspf',
  'pct',
  'rua',
  'ruf',
  'fo',
  'rf',
  'ri',
  'np',
  't',
  'psd',
]);

/** What a DMARC record says, and what is wrong with it. */
export interface DmarcReading {
  readonly p?: Policy;
  readonly sp?: Policy;
  readonly adkim: 'r' | 's';
  readonly aspf: 'r' | 's';
  readonly pct: number;
  /** Faults that make receivers apply no policy at all (RFC 7489 §6.6.3). */
  readonly problems: readonly string[];
  /** Faults receivers survive (a bad report address, an unknown tag). */
  readonly notes: readonly string[];
}

/** Pure: reads one DMARC record (RFC 7489 §6.3), the way a strict receiver would. */
export function readDmarcRecord(txt: string): DmarcReading {
  const problems: string[] = [];
  const notes: string[] = [];
  const tags = new Map<string, string>();
  const parts = txt.split(';').map((s) => s.trim());
  parts.forEach((part, i) => {
    if (!part) return;
    const eq = part.indexOf('=');
    if (eq <= 0) return problems.push(`"${part}" is not a tag=value pair`);
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (i === 0 && (name !== 'v' || value !== 'DMARC1'))
      problems.push(`it must start with v=DMARC1, not "${part}"`);
    if (tags.has(name)) problems.push(`tag ${name} appears twice`);
    if (!KNOWN_TAGS.has(name)) notes.push(`unknown tag ${name}`);
    tags.set(name, value);
  });
  const policyOf = (tag: string): Policy | undefined => {
    const v = tags.get(tag);
    if (v === undefined) return undefined;
    if (POLICIES.has(v.toLowerCase())) return v.toLowerCase() as Policy;
    problems.push(
      `${tag}=${v} is not none, quarantine or reject${/[\s=]/.test(v) ? ' (a missing ";"?)' : ''}`,
    );
    return undefined;
  };
  const p = policyOf('p');
  if (!tags.has('p')) problems.push('there is no p= tag, so there is no policy');
  const sp = policyOf('sp');
  const mode = (tag: string): 'r' | 's' => {
    const v = tags.get(tag)?.toLowerCase();
    if (v === undefined || v === 'r') return 'r';
    if (v === 's') return 's';
    problems.push(`${tag}=${tags.get(tag)} is neither r nor s`);
    return 'r';
  };
  const adkim = mode('adkim');
  const aspf = mode('aspf');
  let pct = 100;
  if (tags.has('pct')) {
    const raw = tags.get('pct') ?? '';
    if (/^\d{1,3}$/.test(raw) && Number(raw) <= 100) pct = Number(raw);
    else problems.push(`pct=${raw} is not a whole number from 0 to 100`);
  }
  for (const tag of ['rua', 'ruf']) {
    const uris = tags.get(tag);
    if (uris === undefined) continue;
    for (const uri of uris.split(',').map((u) => u.trim()))
      if (!/^mailto:[^@\s]+@[^@\s]+$/i.test(uri.replace(/![0-9]+[kmgt]?$/i, '')))
        notes.push(`${tag} address "${uri}" is not a mailto: URI`);
  }
  if (!tags.has('rua')) notes.push('no rua=, so no aggregate reports will show who sends as this domain');
  return { p, sp, adkim, aspf, pct, problems, notes };
}

/** The organizational domain (RFC 7489 §3.2, by the public suffix list). */
export function orgDomain(domain: string): string {
  return getDomain(domain) ?? domain;
}

/** Pure: identifier alignment (RFC 7489 §3.1): strict is the same name, relaxed the same organizational domain. */
export function aligned(identifier: string, from: string, mode: 'r' | 's'): boolean {
  const [a, b] = [identifier.toLowerCase(), from.toLowerCase()];
  return mode === 's' ? a === b : orgDomain(a) === orgDomain(b);
}

export interface DmarcFound {
  readonly policyCheck: ComplianceCheck;
  /** The record's alignment modes; relaxed (the default) when there is no usable record. */
  readonly adkim: 'r' | 's';
  readonly aspf: 'r' | 's';
}

/** The policy at `_dmarc.<domain>`, or inherited from the organizational domain. */
export async function dmarcPolicyCheck(dns: ComplianceDns, domain: string): Promise<DmarcFound> {
  const relaxed = { adkim: 'r' as const, aspf: 'r' as const };
  const org = orgDomain(domain);
  const at = `_dmarc.${domain}`;
  const starter = `publish TXT at _dmarc.${org}: "v=DMARC1; p=none; rua=mailto:dmarc-reports@${org}", then move to p=quarantine once the reports show only your own mail`;
  let found = await txtRecords(dns, at);
  let where = at;
  if (found.ok && found.value.length === 0 && org !== domain) {
    found = await txtRecords(dns, `_dmarc.${org}`);
    where = `_dmarc.${org}`;
  }
  if (!found.ok)
    return {
      policyCheck: warn(
        'dmarc-policy',
        `${where} could not be read (${found.code})`,
        'check again; the name servers are failing',
      ),
      ...relaxed,
    };
  const candidates = found.value.filter((r) => /^v\s*=\s*dmarc/i.test(r.trim()));
  if (found.value.length === 0)
    return {
      policyCheck: fail(
        'dmarc-policy',
        `no DMARC record at ${at}${where !== at ? ` or ${where}` : ''}`,
        starter,
      ),
      ...relaxed,
    };
  if (candidates.length === 0)
    return {
      policyCheck: fail(
        'dmarc-policy',
        `the TXT at ${where} is not a DMARC record, so receivers ignore it: "${found.value.join('" "')}"`,
        starter,
      ),
      ...relaxed,
    };
  if (candidates.length > 1)
    return {
      policyCheck: fail(
        'dmarc-policy',
        `${where} has ${candidates.length} DMARC records; receivers then apply none (RFC 7489 §6.6.3)`,
        'keep exactly one',
      ),
      ...relaxed,
    };
  const record = candidates[0].trim();
  const r = readDmarcRecord(record);
  const inherited = where !== at;
  const policy = inherited ? (r.sp ?? r.p) : r.p;
  const notes = r.notes.length ? `; also: ${r.notes.join('; ')}` : '';
  const modes = { adkim: r.adkim, aspf: r.aspf };
  if (r.problems.length > 0)
    return {
      policyCheck: fail(
        'dmarc-policy',
        `the DMARC record at ${where} is broken: ${r.problems.join('; ')}: "${record}"${notes}`,
        `replace it with a valid record, e.g. "v=DMARC1; p=none; rua=mailto:dmarc-reports@${org}"`,
      ),
      ...relaxed,
    };
  const source = `${where}${inherited ? ` (inherited by ${domain}, sp applies)` : ''}: "${record}"`;
  if (policy === 'none')
    return {
      policyCheck: warn(
        'dmarc-policy',
        `policy none at ${source}: accepted for bulk senders, but it protects nothing${notes}`,
        'once the aggregate reports show only your own mail, move to p=quarantine, then p=reject',
      ),
      ...modes,
    };
  if (r.pct < 100)
    return {
      policyCheck: warn(
        'dmarc-policy',
        `policy ${policy} applied to only ${r.pct}% of failing mail at ${source}${notes}`,
        'raise pct to 100 (or drop it)',
      ),
      ...modes,
    };
  return {
    policyCheck: r.notes.length
      ? warn(
          'dmarc-policy',
          `policy ${policy} at ${source}${notes}`,
          'fix the report addresses and tags listed',
        )
      : pass('dmarc-policy', `policy ${policy} at ${source}`),
    ...modes,
  };
}

/** Whether the From domain aligns with the SPF domain and the DKIM signing domains, under the record's modes. */
export function dmarcAlignmentCheck(
  from: string,
  modes: { adkim: 'r' | 's'; aspf: 'r' | 's' },
  spf: { domain: string; ok: boolean },
  dkimDomains: readonly string[],
): ComplianceCheck {
  const name = (m: 'r' | 's') => (m === 's' ? 'strict' : 'relaxed');
  const spfAligned = spf.ok && aligned(spf.domain, from, modes.aspf);
  const dkimAligned = dkimDomains.filter((d) => aligned(d, from, modes.adkim));
  const spfText = `SPF domain ${spf.domain} ${spfAligned ? 'aligns' : spf.ok ? 'does not align' : 'has no passing SPF'} (${name(modes.aspf)})`;
  const dkimText = dkimDomains.length
    ? `DKIM d=${dkimDomains.join(', d=')} ${dkimAligned.length ? 'aligns' : 'does not align'} (${name(modes.adkim)})`
    : 'no DKIM key that checks out';
  const detail = `From ${from}: ${spfText}; ${dkimText}`;
  const signFix = `sign with d=${modes.adkim === 's' ? from : orgDomain(from)} (or a subdomain of it with adkim=r)`;
  if (dkimAligned.length > 0) return pass('dmarc-alignment', detail);
  if (spfAligned)
    return warn('dmarc-alignment', `${detail}: DMARC passes on SPF alone, which forwarding breaks`, signFix);
  return fail(
    'dmarc-alignment',
    `${detail}: DMARC fails for every message`,
    `${signFix}, and use a return path under ${orgDomain(from)}`,
  );
}
