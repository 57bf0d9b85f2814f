import { createHash } from 'node:crypto';

export type AudiencePlatform = 'google' | 'meta';

export interface AudienceFormat {
  /** The CSV header, in the platform's own spelling. */
  readonly columns: readonly [email: string, phone: string];
  /** A trimmed, lower-cased email as the platform wants it before hashing. */
  readonly email: (normalized: string) => string;
  /** An E.164 number (`+4915123456789`) as the platform wants it before hashing. */
  readonly phone: (e164: string) => string;
}

/**
 * Google Ads Customer Match, file upload of hashed data.
 * - Headers "Email" and "Phone", in English (support.google.com/google-ads/answer/7659867,
 *   "Format your customer data file"; hashed: answer/7476159).
 * - Email: lower-case, no spaces before, after or inside, then SHA-256 (Google's Customer Match
 *   template, g.co/wudy8r: "Lowercase all characters and remove all extra spaces").
 * - Phone: E.164 *with* the + before hashing ("Phone numbers must be formatted as E.164 prior to
 *   hashing"; the Google Ads API team's example: +12125650000).
 * - No removal of dots from Gmail addresses: the Customer Match file guides do not ask for it
 *   (Google's Enhanced Conversions and the newer Data Manager API do, for gmail.com and googlemail.com).
 */
const GOOGLE: AudienceFormat = {
  columns: ['Email', 'Phone'],
  email: (normalized) => normalized.replace(/\s+/g, ''),
  phone: (e164) => e164,
};

/**
 * Meta (Facebook) Custom Audiences from a customer list.
 * - Headers "email" and "phone" (Meta Business Help Centre, "How to format a customer list",
 *   facebook.com/business/help/2082575038703844).
 * - EMAIL: trim leading and trailing whitespace, lower-case, then SHA-256 (Marketing API, Custom
 *   Audiences, "Hashing and normalizing data").
 * - PHONE: "remove symbols, letters, and any leading zeroes", with the country code: digits only,
 *   *no* + (447123456…, not +447123456…, which does not match once hashed).
 */
const META: AudienceFormat = {
  columns: ['email', 'phone'],
  email: (normalized) => normalized,
  phone: (e164) => e164.replace(/^\+/, ''),
};

export const AUDIENCE_FORMATS: Readonly<Record<AudiencePlatform, AudienceFormat>> = {
  google: GOOGLE,
  meta: META,
};

/** Lower-case hex SHA-256 of the UTF-8 bytes, as both platforms take it. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
