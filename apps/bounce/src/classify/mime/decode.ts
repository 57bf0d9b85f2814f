/**
 * Byte-level decoding for the bounce parser. The raw message is held as a latin1 string (one
 * character per byte, so offsets are byte offsets and nothing is lost); these helpers turn a
 * bounded slice of it into text.
 */

import { TextDecoder } from 'node:util';

const decoders = new Map<string, TextDecoder | null>();

/** Aliases that TextDecoder does not know under the name mail software writes. */
const CHARSET_ALIASES: Record<string, string> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  utf8: 'utf-8',
  'x-unknown': 'windows-1252',
  unknown: 'windows-1252',
  'x-sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  cp932: 'shift_jis',
  'ks_c_5601-1987': 'euc-kr',
  cp949: 'euc-kr',
  uhc: 'euc-kr',
  ms949: 'euc-kr',
  'x-windows-949': 'euc-kr',
  cp936: 'gbk',
  ms936: 'gbk',
  'windows-936': 'gbk',
};

function decoderFor(charset: string | undefined): TextDecoder | null {
  const name = (charset ?? 'utf-8').trim().toLowerCase().replace(/^"|"$/g, '');
  const key = CHARSET_ALIASES[name] ?? name;
  if (decoders.has(key)) return decoders.get(key) ?? null;
  let decoder: TextDecoder | null;
  try {
    decoder = new TextDecoder(key, { fatal: false });
  } catch {
    decoder = null;
  }
  if (decoders.size < 64) decoders.set(key, decoder);
  return decoder;
}

const ESC = '\u001b';

/** Bytes (as a latin1 string) to text in the given charset; unknown charsets fall back to UTF-8, then latin1. */
export function bytesToText(bytes: string, charset?: string): string {
  if (!/[\u0080-\uffff]/.test(bytes) && !bytes.includes(ESC)) return bytes;
  const buf = Buffer.from(bytes, 'latin1');
  // ISO-2022-JP is 7-bit: its escape sequences give it away whatever the label says
  if (!/2022/i.test(charset ?? '') && (bytes.includes(`${ESC}$B`) || bytes.includes(`${ESC}$@`))) {
    charset = 'iso-2022-jp';
  }
  const decoder = decoderFor(charset) ?? decoderFor('utf-8');
  const text = decoder ? withWindows1252Extras(decoder.decode(buf), decoder.encoding) : bytes;
  if (!text.includes('\ufffd')) return text;
  // a wrong charset label (EUC-JP sent as ISO-2022-JP, latin1 as UTF-8): take the guess that decodes cleanly
  let best = text;
  let bestBad = countBad(text);
  for (const guess of FALLBACK_CHARSETS) {
    const candidate = decoderFor(guess)?.decode(buf);
    if (candidate === undefined) continue;
    // Shift_JIS and EUC-JP take most pairs of high bytes without complaint, so Latin-1 text
    // ("Empfängers") decodes "cleanly" into a lone kanji between Latin letters; Japanese writes
    // kana, or at least two kanji in a row (宛先不明)
    if (guess !== 'utf-8' && !/[\u3040-\u30ff]|[\u4e00-\u9fff]{2}/.test(candidate)) continue;
    const bad = countBad(candidate);
    if (bad < bestBad) {
      best = candidate;
      bestBad = bad;
    }
  }
  return bestBad === 0 ? best : withWindows1252Extras(bytes, 'windows-1252');
}

const FALLBACK_CHARSETS = ['utf-8', 'euc-jp', 'shift_jis'];

/**
 * Windows-1252's printable characters in 0x80-0x9F (’ “ ” – — € …), which Node 20's TextDecoder
 * (nodejs/node#60888) returns as C1 control characters; a latin1 string of raw bytes is read the
 * same way, as Windows-1252 (the WHATWG encoding of every Latin-1 label).
 */
function withWindows1252Extras(text: string, encoding: string): string {
  if (encoding !== 'windows-1252' || !/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_EXTRAS[c.charCodeAt(0) - 0x80] || c);
}

// 0x80-0x9F; '' where Windows-1252 has no character (0x81, 0x8D, 0x8F, 0x90, 0x9D)
const WINDOWS_1252_EXTRAS = [
  '€',
  '',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '',
  'Ž',
  '',
  '',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '',
  'ž',
  'Ÿ',
];

function countBad(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n += 1;
  return n;
}

/** Decodes base64, ignoring anything that is not base64 (line breaks, garbage). */
export function decodeBase64(encoded: string): string {
  return Buffer.from(encoded.replace(/[^A-Za-z0-9+/]/g, ''), 'base64').toString('latin1');
}

/** Decodes quoted-printable (RFC 2045 §6.7), tolerating lone '=' and lowercase hex. */
export function decodeQuotedPrintable(encoded: string): string {
  return encoded
    .replace(/[ \t]+(?=\r?\n)/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Undoes a Content-Transfer-Encoding. Unknown encodings are passed through. */
export function decodeTransfer(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'base64') return decodeBase64(body);
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** How many encoded characters to read to get about `chars` decoded characters. */
export function encodedBudget(chars: number, encoding: string | undefined): number {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === 'base64') return Math.ceil(chars * 1.4) + 4;
  if (enc === 'quoted-printable') return chars * 3;
  return chars;
}

const ENCODED_WORD = /=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words in a header value; adjacent encoded words join without the space. */
export function decodeEncodedWords(value: string): string {
  const text = bytesToText(value);
  if (!text.includes('=?')) return text;
  const joined = text.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (_, charset: string, kind: string, text: string) => {
    const bytes =
      kind.toLowerCase() === 'b'
        ? decodeBase64(text)
        : text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return bytesToText(bytes, charset.split('*')[0]);
  });
}
