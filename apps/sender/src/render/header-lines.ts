import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode, { type MimeNodeHeaderValue } from 'nodemailer/lib/mime-node';

/** Only an encoder: nodemailer's header encoding without building a message. */
const encoder = new MimeNode();

/**
 * One header line as MailComposer writes it, without the closing CRLF: the value encoded by
 * nodemailer (RFC 2047 encoded words for non-ASCII, quoted display names, punycoded domains, a
 * line break turned into a space) and folded at 76 with CRLF and a space, so a DKIM signer over
 * the final bytes reads the same lines that are sent. Undefined for a blank value, which
 * MailComposer leaves out too.
 */
export function headerLine(key: string, value: MimeNodeHeaderValue): string | undefined {
  const encoded = encoder.encodeHeaderValue(key, value);
  return encoded.trim() ? foldLines(`${key}: ${encoded}`, 76) : undefined;
}
