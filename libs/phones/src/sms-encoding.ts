/**
 * GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table. Written out here rather
 * than taken from the `smpp` package: its table is internal (not exported) and we need the
 * septet cost of each character, which no well-kept package exposes on its own.
 * ESC (0x1B) is left out on purpose: as input it is a control character, not text.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Each costs two septets: ESC and the character. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** A long message: more segments cost more and phones reassemble them less reliably; 6 is 918 GSM-7 or 402 UCS-2 characters. */
export const MAX_SMS_SEGMENTS = 6;

export type SmsEncodingName = 'GSM-7' | 'UCS-2';

export interface SmsEncoding {
  readonly encoding: SmsEncodingName;
  readonly segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2 (emoji count 2). */
  readonly units: number;
}

export interface SmsParts extends SmsEncoding {
  /** The text of each segment, as sent: an extension character or a surrogate pair is never split. */
  readonly parts: readonly string[];
}

const LIMITS: Readonly<Record<SmsEncodingName, { single: number; concatenated: number }>> = {
  'GSM-7': { single: 160, concatenated: 153 }, // 7 septets go to the concatenation UDH
  'UCS-2': { single: 70, concatenated: 67 }, // 6 octets of UDH = 3 UCS-2 units
};

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)) return false;
  return true;
}

/** The encoding a text needs, and what it costs in segments. */
export function smsEncoding(text: string): SmsEncoding {
  const { encoding, segments, units } = splitSms(text);
  return { encoding, segments, units };
}

/** Splits a text into the segments a concatenated SMS carries, by the same rules `smsEncoding` counts with. */
export function splitSms(text: string): SmsParts {
  const encoding: SmsEncodingName = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const cost = encoding === 'GSM-7' ? septets : utf16Units;
  const chars = Array.from(text); // code points: a surrogate pair stays whole
  const units = chars.reduce((sum, ch) => sum + cost(ch), 0);
  const limit = LIMITS[encoding];
  if (units <= limit.single) return { encoding, segments: 1, units, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const c = cost(ch);
    if (used + c > limit.concatenated) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += c;
  }
  parts.push(current);
  return { encoding, segments: parts.length, units, parts };
}

export type SmsTextCheck =
  | ({ readonly ok: true } & SmsEncoding)
  | { readonly ok: false; readonly reason: 'empty' | 'too-many-segments'; readonly message: string };

/** Whether a text may be sent as one SMS (possibly concatenated) within `maxSegments`. */
export function checkSmsText(text: string, maxSegments = MAX_SMS_SEGMENTS): SmsTextCheck {
  if (text.trim() === '') return { ok: false, reason: 'empty', message: 'the SMS text is empty' };
  const enc = smsEncoding(text);
  if (enc.segments > maxSegments) {
    return {
      ok: false,
      reason: 'too-many-segments',
      message: `the SMS needs ${enc.segments} ${enc.encoding} segments (${enc.units} units); at most ${maxSegments} are sent`,
    };
  }
  return { ok: true, ...enc };
}

function septets(ch: string): number {
  return GSM_EXTENSION.has(ch) ? 2 : 1;
}

function utf16Units(ch: string): number {
  return ch.length;
}
