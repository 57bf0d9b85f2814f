import { createHash, randomBytes } from 'node:crypto';

/**
 * API token values: 256 random bits behind a recognisable prefix (secret scanners and people
 * can tell one from other strings). They are stored as SHA-256, not bcrypt or argon2: those
 * slow down guessing a low-entropy password, and nothing is guessable in 256 random bits, while
 * every API request would pay their deliberate cost. A plain hash still keeps a ledger dump
 * from yielding usable tokens.
 */
export const TOKEN_PREFIX = 'prt_';

/** Longest Authorization value looked at; longer ones are refused before any hashing. */
export const MAX_TOKEN_LENGTH = 256;

const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function newTokenValue(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The bearer token of an Authorization header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_TOKEN_LENGTH + 16) return undefined;
  const m = /^Bearer +([\x21-\x7e]+)$/i.exec(header.trim());
  return m && m[1].length <= MAX_TOKEN_LENGTH ? m[1] : undefined;
}

export function isTokenName(name: string): boolean {
  return TOKEN_NAME.test(name);
}

export function isAccountId(id: string): boolean {
  return ACCOUNT_ID.test(id);
}
