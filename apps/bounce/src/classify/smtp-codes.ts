/** Reading SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) out of server text. */

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/g;
const REPLY = /(?<![\d.,/#=-])(?<!\d:)([245][0-5]\d)(?![\d.,:/%]\d|\d)/g;
/** A reply code directly followed by its enhanced code: "550 5.1.1", "550-5.7.26", "550 '5.2.2". */
const REPLY_THEN_ENHANCED = /(?<![\d.])([245][0-5]\d)[ \t-]+['"(#]?([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;

/** "5.0.0 (permanent failure)" → "5.0.0"; anything without a code → null. */
export function normalizeStatus(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/.exec(value);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** The enhanced status code a server wrote, preferring the one right after a reply code. */
export function enhancedStatusIn(text: string): string | null {
  const paired = REPLY_THEN_ENHANCED.exec(text);
  if (paired) return normalizeStatus(paired[2]);
  ENHANCED.lastIndex = 0;
  const m = ENHANCED.exec(text);
  return m ? normalizeStatus(m[0]) : null;
}

/** The SMTP reply code a server wrote ("550", "421"), or null. */
export function replyCodeIn(text: string): string | null {
  const paired = REPLY_THEN_ENHANCED.exec(text);
  if (paired) return paired[1];
  REPLY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REPLY.exec(text)) !== null) {
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    // "IP=192.0.2.254", "port 25", "(#550)": skip numbers that are obviously not replies
    if (/\b(?:port|ip|size|id|line|bytes|attempts?)\s*[=:]?\s*$/i.test(before)) continue;
    return m[1];
  }
  return null;
}

/** The class digit of a reply or status: 2, 4 or 5. */
export function classOf(code: string | null): '2' | '4' | '5' | null {
  const c = code?.[0];
  return c === '2' || c === '4' || c === '5' ? c : null;
}
