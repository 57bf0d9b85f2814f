import { normalizePhone, type CountryCode } from '@postroom/phones';
import { AUDIENCE_FORMATS, sha256Hex, type AudiencePlatform } from './audience-formats';

export interface Contact {
  readonly email?: string | null;
  readonly phone?: string | null;
  /** ISO 3166 country for a phone written without its +country code. */
  readonly country?: CountryCode;
}

export type AudienceRow =
  | { readonly ok: true; readonly cells: readonly [email: string, phone: string] }
  | { readonly ok: false; readonly reason: 'no-usable-email-or-phone' };

// Enough to refuse what no platform can match; deliverability is not the question here.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One contact as a row of the platform's audience file: hashed, normalised cells, '' where it has none. */
export function audienceRow(contact: Contact, platform: AudiencePlatform): AudienceRow {
  const format = AUDIENCE_FORMATS[platform];
  const email = format.email(contact.email?.trim().toLowerCase() ?? '');
  const emailCell = EMAIL.test(email) ? sha256Hex(email) : '';
  const phone = contact.phone ? normalizePhone(contact.phone, contact.country) : undefined;
  const phoneCell = phone?.ok ? sha256Hex(format.phone(phone.e164)) : '';
  if (!emailCell && !phoneCell) return { ok: false, reason: 'no-usable-email-or-phone' };
  return { ok: true, cells: [emailCell, phoneCell] };
}
