import {
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

/**
 * The `max` metadata, not `min`: `min` checks only the length, `max` checks the digits against each
 * country's number plan and tells the line type. A typo caught here is an SMS we do not pay the SMS
 * centre to refuse, and `mobileOnly` can refuse landlines before they cost a segment.
 */
export type PhoneRejection =
  | 'empty'
  | 'not-a-number'
  | 'unknown-country' // no +country code and no (or a wrong) default country
  | 'too-short'
  | 'too-long'
  | 'invalid' // the right length, but no such number in the country's plan
  | 'not-mobile'; // only with `mobileOnly`: a landline, pager, premium-rate, … number

export type NormalizedPhone =
  | {
      readonly ok: true;
      readonly e164: string;
      readonly country: CountryCode | undefined;
      readonly type: NumberType;
    }
  | { readonly ok: false; readonly reason: PhoneRejection };

export interface NormalizePhoneOptions {
  /** Accept only numbers that can receive SMS: MOBILE, FIXED_LINE_OR_MOBILE (the US and Canada plans do not tell them apart) and PERSONAL_NUMBER. */
  readonly mobileOnly?: boolean;
}

const SMS_CAPABLE: ReadonlySet<NumberType> = new Set<NumberType>([
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'PERSONAL_NUMBER',
]);

const PARSE_ERRORS: Readonly<Record<string, PhoneRejection>> = {
  NOT_A_NUMBER: 'not-a-number',
  INVALID_COUNTRY: 'unknown-country',
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid',
};

/** A phone number as written by a person (any punctuation, national or international) to E.164, or why not. */
export function normalizePhone(
  input: string,
  defaultCountry?: CountryCode,
  options: NormalizePhoneOptions = {},
): NormalizedPhone {
  if (input.trim() === '') return { ok: false, reason: 'empty' };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(input, defaultCountry);
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, reason: PARSE_ERRORS[err.message] ?? 'invalid' };
    throw err;
  }
  const length = validatePhoneNumberLength(input, defaultCountry);
  if (length) return { ok: false, reason: PARSE_ERRORS[length] ?? 'invalid' };
  if (!parsed.isValid()) return { ok: false, reason: 'invalid' };
  const type = parsed.getType();
  if (!type) return { ok: false, reason: 'invalid' };
  if (options.mobileOnly && !SMS_CAPABLE.has(type)) return { ok: false, reason: 'not-mobile' };
  return { ok: true, e164: parsed.number, country: parsed.country, type };
}
