import { HmacSha256 } from './hmac-sha256';

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
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' };

const MAC_BYTES = 16;
const KINDS: ReadonlySet<string> = new Set(['o', 'c', 'u', 'b']);
const DECIMAL_ID = /^\d{1,19}$/;
const DAY_MS = 86_400_000;

/**
 * Compact signed tokens for tracking URLs and VERP return paths: `<kid>.<body>.<mac>`, body and
 * MAC in base64url, HMAC-SHA256 truncated to 128 bits. The first key signs; every listed key
 * verifies, so keys rotate by adding a new one in front and dropping the old one later.
 */
export class TokenSigner {
  private readonly keys: Map<string, HmacSha256>;
  private readonly signingKid: string;

  constructor(
    keys: readonly { kid: string; secret: string }[],
    private readonly ttlDays: number,
  ) {
    if (keys.length === 0) throw new Error('at least one signing key is needed');
    for (const k of keys) {
      if (!/^[A-Za-z0-9]{1,8}$/.test(k.kid))
        throw new Error(`key id ${JSON.stringify(k.kid)}: 1-8 letters or digits`);
      if (k.secret.length < 16) throw new Error(`key ${k.kid}: the secret needs at least 16 characters`);
    }
    this.keys = new Map(keys.map((k) => [k.kid, new HmacSha256(Buffer.from(k.secret, 'utf8'))]));
    this.signingKid = keys[0].kid;
  }

  /** Parses `kid1:secret1,kid2:secret2`. */
  static fromConfig(spec: string, ttlDays: number): TokenSigner {
    const keys = spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const i = part.indexOf(':');
        if (i <= 0) throw new Error('TRACKING_KEYS: each key is kid:secret');
        return { kid: part.slice(0, i), secret: part.slice(i + 1) };
      });
    return new TokenSigner(keys, ttlDays);
  }

  sign(kind: TokenKind, deliveryId: string, linkId?: string, now: Date = new Date()): string {
    if (!/^\d{1,19}$/.test(deliveryId) || (linkId !== undefined && !/^\d{1,19}$/.test(linkId))) {
      throw new Error('delivery and link ids are decimal integers');
    }
    const day = Math.floor(now.getTime() / DAY_MS);
    const body = Buffer.from([kind, deliveryId, linkId ?? '', day.toString(36)].join('.'), 'utf8').toString(
      'base64url',
    );
    return `${this.signingKid}.${body}.${this.mac(this.signingKid, body)}`;
  }

  verify(token: string, now: Date = new Date()): Verified {
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
    const issuedDay = parseInt(day36, 36);
    if (!Number.isFinite(issuedDay)) return { ok: false, reason: 'malformed' };
    if (Math.floor(now.getTime() / DAY_MS) - issuedDay > this.ttlDays)
      return { ok: false, reason: 'expired' };
    return {
      ok: true,
      claims: { kind: kind as TokenKind, deliveryId, linkId: linkId || undefined, issuedDay },
    };
  }

  private mac(kid: string, body: string): string {
    return this.keys.get(kid)!.digest(`${kid}.${body}`).subarray(0, MAC_BYTES).toString('base64url');
  }
}

/** Constant-time comparison of two short ASCII strings (time depends on the length only). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
