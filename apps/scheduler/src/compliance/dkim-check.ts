import { createPublicKey, type KeyObject } from 'node:crypto';
import { fail, pass, warn, type ComplianceCheck } from './check';
import { txtRecords, type ComplianceDns } from './compliance-dns';

export interface DkimKeyConfig {
  readonly domain: string;
  readonly selector: string;
  /** The key the sender signs with: its public key, or the private key PEM (its public half is derived). */
  readonly publicKeyPem?: string;
}

/** Pure: the tags of a DKIM key record (RFC 6376 §3.6.1), or why it is not one. */
export function parseDkimKeyRecord(
  txt: string,
): { ok: true; tags: Map<string, string> } | { ok: false; problem: string } {
  const tags = new Map<string, string>();
  for (const part of txt.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return { ok: false, problem: `"${trimmed}" is not a tag=value pair` };
    const name = trimmed.slice(0, eq).trim();
    if (tags.has(name)) return { ok: false, problem: `tag ${name} appears twice` };
    tags.set(name, trimmed.slice(eq + 1).replace(/\s+/g, ''));
  }
  const v = tags.get('v');
  if (v !== undefined && v !== 'DKIM1') return { ok: false, problem: `v=${v}, not DKIM1` };
  if (!tags.has('p')) return { ok: false, problem: 'no p= tag (the public key)' };
  return { ok: true, tags };
}

/** Pure: the published key's bytes against the configured key's, for rsa (SPKI DER) and ed25519 (raw 32 bytes). */
export function sameDkimKey(published: Buffer, keyType: string, configuredPem: string): boolean {
  const configured = createPublicKey(configuredPem).export({ type: 'spki', format: 'der' });
  if (keyType === 'ed25519') return configured.subarray(configured.length - 32).equals(published);
  return configured.equals(published);
}

/** The key at `<selector>._domainkey.<domain>`: published, usable, long enough, and the one we sign with. */
export async function dkimChecks(dns: ComplianceDns, config: DkimKeyConfig): Promise<ComplianceCheck[]> {
  const name = `${config.selector}._domainkey.${config.domain}`;
  const txt = await txtRecords(dns, name);
  if (!txt.ok)
    return [
      warn(
        'dkim-key',
        `the TXT record at ${name} could not be read (${txt.code})`,
        'check again; if it persists, the name servers are failing',
      ),
    ];
  const publishFix = config.publicKeyPem
    ? `publish TXT at ${name}: "v=DKIM1; k=${keyTypeOf(createPublicKey(config.publicKeyPem))}; p=${publishedForm(config.publicKeyPem)}"`
    : `publish the signing key's public half at ${name} as "v=DKIM1; k=rsa; p=<base64 SPKI>"`;
  if (txt.value.length === 0) return [fail('dkim-key', `no DKIM key is published at ${name}`, publishFix)];
  if (txt.value.length > 1)
    return [
      fail(
        'dkim-key',
        `${txt.value.length} TXT records at ${name}; verifiers may pick any`,
        'keep exactly one key record per selector',
      ),
    ];
  const parsed = parseDkimKeyRecord(txt.value[0]);
  if (!parsed.ok)
    return [fail('dkim-key', `the record at ${name} is not a DKIM key: ${parsed.problem}`, publishFix)];
  const p = parsed.tags.get('p') ?? '';
  const k = parsed.tags.get('k') ?? 'rsa';
  if (p === '')
    return [
      fail(
        'dkim-key',
        `the key at ${name} is revoked (empty p=)`,
        `${publishFix}, or sign with a selector whose key is live`,
      ),
    ];
  if (k !== 'rsa' && k !== 'ed25519')
    return [fail('dkim-key', `the key at ${name} has k=${k}, which verifiers do not know`, publishFix)];
  const published = Buffer.from(p, 'base64');
  const checks: ComplianceCheck[] = [];
  if (k === 'rsa') {
    let bits: number | undefined;
    try {
      bits = createPublicKey({ key: published, format: 'der', type: 'spki' }).asymmetricKeyDetails
        ?.modulusLength;
    } catch {
      return [fail('dkim-key', `the p= of ${name} is not an RSA public key`, publishFix)];
    }
    if (bits === undefined || bits < 1024)
      checks.push(
        fail(
          'dkim-key',
          `the RSA key at ${name} has ${bits ?? '?'} bits; verifiers reject keys under 1024 (RFC 8301)`,
          'sign with a 2048-bit key and publish it',
        ),
      );
    else if (bits < 2048)
      checks.push(
        warn(
          'dkim-key',
          `the RSA key at ${name} has ${bits} bits`,
          'move to a 2048-bit key (Gmail and Yahoo recommend it)',
        ),
      );
    else checks.push(pass('dkim-key', `${name}: RSA, ${bits} bits`));
  } else if (published.length !== 32) {
    return [fail('dkim-key', `the ed25519 key at ${name} is ${published.length} bytes, not 32`, publishFix)];
  } else {
    checks.push(
      pass('dkim-key', `${name}: ed25519 (RFC 8463); verifiers without ed25519 also need an RSA signature`),
    );
  }
  if (config.publicKeyPem) {
    checks.push(
      sameDkimKey(published, k, config.publicKeyPem)
        ? pass('dkim-key-match', `the key at ${name} is the one the sender signs with`)
        : fail(
            'dkim-key-match',
            `the key at ${name} is not the one the sender signs with: every signature will fail`,
            publishFix,
          ),
    );
  }
  return checks;
}

function keyTypeOf(key: KeyObject): string {
  return key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa';
}

/** The p= value for a key: base64 SPKI for rsa, the raw 32 bytes for ed25519 (RFC 8463). */
function publishedForm(pem: string): string {
  const key = createPublicKey(pem);
  const der = key.export({ type: 'spki', format: 'der' });
  return (keyTypeOf(key) === 'ed25519' ? der.subarray(der.length - 32) : der).toString('base64');
}
