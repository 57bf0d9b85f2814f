import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** What a token stands for. The kind is signed too: an open token can never act as an unsubscribe. */
export type TokenKind = 'o' | 'c' | 'u' | 'b';

export interface TokenClaims {
  readonly kind: TokenKind;
  readonly deliveryId: string;
  /** The tracked link, for click tokens. */
  readonly linkId?: string;
  /** Issue day, days since 1970-01-01 (UTC): tokens expire after the configured number of days. */
  readonly issuedDay: number;
}

export type Verified =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'future' };

const MAC_BYTES = 16;
const KINDS: ReadonlySet<string> = new Set(['o', 'c', 'u', 'b']);
const DECIMAL_ID = /^\d{1,19}$/;
const KEY_ID = /^[A-Za-z0-9]{1,8}$/;
const DAY_MS = 86_400_000;
/**
 * How far ahead of the verifier's clock a signer's clock may run. Tokens carry a day, so this
 * only matters around midnight UTC: a sender whose clock is up to five minutes fast may sign
 * with tomorrow's day. A token dated later than that was not made by a sender of ours.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface SigningKey {
  readonly kid: string;
  readonly secret: string;
}

/**
 * Compact signed tokens for tracking URLs and VERP return paths: `<kid>.<body>.<mac>`, body and
 * MAC in base64url, HMAC-SHA256 (node:crypto) truncated to 128 bits. The first key signs; every
 * listed key verifies, so keys rotate by adding a new one in front and dropping the old one
 * later. Both directions take the instant from the caller (the injected clock): no rule here
 * reads the time itself.
 */
export class TokenSigner {
  private readonly keys: Map<string, KeyObject>;
  private readonly signingKid: string;

  constructor(
    keys: readonly SigningKey[],
    private readonly ttlDays: number,
  ) {
    if (keys.length === 0) throw new Error('at least one signing key is needed');
    for (const problem of keyProblems(keys)) throw new Error(problem);
    this.keys = new Map(keys.map((k) => [k.kid, createSecretKey(Buffer.from(k.secret, 'utf8'))]));
    this.signingKid = keys[0].kid;
  }

  /** Parses `kid1:secret1,kid2:secret2`. */
  static fromConfig(spec: string, ttlDays: number): TokenSigner {
    return new TokenSigner(parseSigningKeys(spec), ttlDays);
  }

  sign(kind: TokenKind, deliveryId: string, linkId: string | undefined, at: Date): string {
    if (!DECIMAL_ID.test(deliveryId) || (linkId !== undefined && !DECIMAL_ID.test(linkId))) {
      throw new Error('delivery and link ids are decimal integers');
    }
    const day = Math.floor(at.getTime() / DAY_MS);
    const body = Buffer.from([kind, deliveryId, linkId ?? '', day.toString(36)].join('.'), 'utf8').toString(
      'base64url',
    );
    return `${this.signingKid}.${body}.${this.mac(this.signingKid, body)}`;
  }

  verify(token: string, at: Date): Verified {
    if (token.length > 200) return { ok: false, reason: 'malformed' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [kid, body, mac] = parts;
    if (!this.keys.has(kid)) return { ok: false, reason: 'unknown-key' };
    // compared as text: base64url has spare bits in its last character, and a decoded
    // comparison would accept several spellings of one MAC
    if (!sameText(mac, this.mac(kid, body))) return { ok: false, reason: 'bad-signature' };
    const fields = Buffer.from(body, 'base64url').toString('utf8').split('.');
    if (fields.length !== 4) return { ok: false, reason: 'malformed' };
    const [kind, deliveryId, linkId, day36] = fields;
    if (!KINDS.has(kind) || !DECIMAL_ID.test(deliveryId)) return { ok: false, reason: 'malformed' };
    if (!/^[0-9a-z]{1,8}$/.test(day36)) return { ok: false, reason: 'malformed' };
    const issuedDay = parseInt(day36, 36);
    const now = at.getTime();
    if (issuedDay > Math.floor((now + CLOCK_SKEW_MS) / DAY_MS)) return { ok: false, reason: 'future' };
    if (Math.floor(now / DAY_MS) - issuedDay > this.ttlDays) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      claims: { kind: kind as TokenKind, deliveryId, linkId: linkId || undefined, issuedDay },
    };
  }

  private mac(kid: string, body: string): string {
    return createHmac('sha256', this.keys.get(kid)!)
      .update(`${kid}.${body}`)
      .digest()
      .subarray(0, MAC_BYTES)
      .toString('base64url');
  }
}

/** `kid1:secret1,kid2:secret2` as keys, in order; throws on a part that is not `kid:secret`. */
export function parseSigningKeys(spec: string): SigningKey[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf(':');
      if (i <= 0) throw new Error('TRACKING_KEYS: each key is kid:secret');
      return { kid: part.slice(0, i), secret: part.slice(i + 1) };
    });
}

/**
 * What is wrong with a key list, at the least strength any environment accepts: ids of 1-8
 * letters or digits, each id once (a repeated id would verify with whichever key came last,
 * so a rotation could silently keep the old secret signing), secrets of 16 characters or more.
 */
export function keyProblems(keys: readonly SigningKey[], minSecretLength = 16): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    // a malformed id may be a pasted secret: name the key by its place, never by what it holds
    const name = KEY_ID.test(k.kid) ? k.kid : `number ${i + 1}`;
    if (!KEY_ID.test(k.kid)) problems.push(`key ${name}: the id must be 1-8 letters or digits`);
    else if (seen.has(k.kid)) problems.push(`key id ${k.kid} is listed twice: each key needs its own id`);
    seen.add(k.kid);
    if (k.secret.length < minSecretLength)
      problems.push(`key ${name}: the secret needs at least ${minSecretLength} characters`);
  });
  return problems;
}

/** Constant-time comparison of two short ASCII strings (time depends on the length only). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
