import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

export interface DkimKey {
  readonly domain: string;
  readonly selector: string;
  readonly algorithm: DkimAlgorithm;
  /** PEM, as read from the file. */
  readonly privateKeyPem: string;
  readonly file: string;
}

/** Keys by lower-case signing domain; a domain may have several (an RSA and an Ed25519 key, signed with both). */
export type DkimKeys = ReadonlyMap<string, readonly DkimKey[]>;

/** Every bad entry of a DKIM key list, each naming its file: the service refuses to start with it. */
export class DkimKeyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`DKIM keys: ${problems.join('; ')}`);
    this.name = 'DkimKeyError';
  }
}

// RFC 8301 allows 1024; 2048 is what receivers and RFC 8301 recommend, and what we accept.
const MIN_RSA_BITS = 2048;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const SELECTOR = /^[a-z0-9](?:[a-z0-9._-]{0,62})$/i;

/**
 * `domain:selector:/path/key.pem,…` (DKIM_KEYS) to keys, reading each PEM file once. RSA of at
 * least 2048 bits or Ed25519; anything else is an error naming the entry and the file.
 */
export function parseDkimKeys(spec: string, readFile: (path: string) => string = readPem): DkimKeys {
  const keys = new Map<string, DkimKey[]>();
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const [domainRaw, selector, ...rest] = entry.split(':');
    const file = rest.join(':'); // a path may itself contain ':'
    const domain = (domainRaw ?? '').trim().toLowerCase().replace(/\.$/, '');
    if (!domain || !selector || !file) {
      problems.push(`"${entry}" is not domain:selector:/path/to/key.pem`);
      continue;
    }
    if (!DOMAIN.test(domain)) problems.push(`"${entry}": ${domain} is not a domain name`);
    if (!SELECTOR.test(selector)) problems.push(`"${entry}": ${selector} is not a DKIM selector`);
    if (seen.has(`${domain}:${selector}`))
      problems.push(`"${entry}": ${selector} for ${domain} is listed twice`);
    seen.add(`${domain}:${selector}`);
    const loaded = loadKey(file, readFile);
    if (typeof loaded === 'string') {
      problems.push(loaded);
      continue;
    }
    const key: DkimKey = { domain, selector, file, ...loaded };
    keys.set(domain, [...(keys.get(domain) ?? []), key]);
  }
  if (problems.length > 0) throw new DkimKeyError(problems);
  return keys;
}

function loadKey(
  file: string,
  readFile: (path: string) => string,
): Pick<DkimKey, 'algorithm' | 'privateKeyPem'> | string {
  let pem: string;
  try {
    pem = readFile(file);
  } catch (err) {
    return `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return `${file}: is not a PEM private key`;
  }
  if (key.asymmetricKeyType === 'ed25519') return { algorithm: 'ed25519-sha256', privateKeyPem: pem };
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS)
      return `${file}: an RSA key of ${bits} bits; DKIM keys need at least ${MIN_RSA_BITS}`;
    return { algorithm: 'rsa-sha256', privateKeyPem: pem };
  }
  return `${file}: a ${key.asymmetricKeyType ?? 'unknown'} key; DKIM signs with RSA or Ed25519`;
}

function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}
