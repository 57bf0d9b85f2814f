import { randomBytes } from 'node:crypto';
import type { Chunk } from './body-encoding';
import { headerLine } from './header-lines';

/** What changes from one recipient to the next; everything else of the message is compiled once. */
export interface RecipientFields {
  readonly to: string | { readonly name: string; readonly address: string };
  /** Undefined when the subject is the campaign's static one. */
  readonly subject?: string;
  readonly messageId: string;
  readonly date: Date;
  readonly unsubscribeUrl: string;
  readonly html: readonly Chunk[];
  readonly text?: readonly Chunk[];
}

export interface LayoutOptions {
  readonly campaignId: string;
  readonly from: string;
  /** The subject when it is the same for every recipient. */
  readonly staticSubject?: string;
  readonly htmlEncoding: string;
  /** Undefined for an HTML-only message. */
  readonly textEncoding?: string;
}

const CRLF = '\r\n';

/**
 * The MIME layout of a campaign's message, compiled once: the header block with slots for To,
 * Subject (when personalised), Message-ID, Date and List-Unsubscribe; MIME-Version; the
 * multipart/alternative structure (text, then HTML, as MailComposer orders them) or a single
 * HTML part; every part's Content-Type and Content-Transfer-Encoding. Per recipient the slots
 * and the encoded bodies are put between the precomputed bytes, into one Buffer.
 *
 * The boundary holds `=_`, which neither quoted-printable nor base64 output can contain, so no
 * part can end the multipart early, whatever a recipient's data says. Every line ends in CRLF.
 */
export class MessageLayout {
  private readonly fromLine: Buffer;
  private readonly staticSubject?: Buffer;
  private readonly afterUnsubscribe: Buffer;
  private readonly beforeHtml?: Buffer;
  private readonly end: Buffer;

  constructor(options: LayoutOptions) {
    const boundary = `=_postroom_${randomBytes(12).toString('hex')}`;
    const fixed = (lines: Array<string | undefined>) =>
      Buffer.from(lines.filter((l) => l !== undefined).join(''), 'utf8');
    const line = (key: string, value: string) => {
      const written = headerLine(key, value);
      return written === undefined ? undefined : written + CRLF;
    };
    const part = (type: string, encoding: string) =>
      `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}`;
    this.fromLine = fixed([line('From', options.from)]);
    if (options.staticSubject !== undefined)
      this.staticSubject = fixed([line('Subject', options.staticSubject)]);
    const common = [
      `MIME-Version: 1.0${CRLF}`,
      line('X-Postroom-Campaign', options.campaignId),
      // RFC 8058: mailbox providers show an unsubscribe button that POSTs to List-Unsubscribe
      `List-Unsubscribe-Post: List-Unsubscribe=One-Click${CRLF}`,
    ];
    if (options.textEncoding === undefined) {
      this.afterUnsubscribe = fixed([...common, part('text/html', options.htmlEncoding)]);
      this.end = fixed([CRLF]);
    } else {
      this.afterUnsubscribe = fixed([
        ...common,
        `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"${CRLF}${CRLF}`,
        `--${boundary}${CRLF}`,
        part('text/plain', options.textEncoding),
      ]);
      this.beforeHtml = fixed([`${CRLF}--${boundary}${CRLF}`, part('text/html', options.htmlEncoding)]);
      this.end = fixed([`${CRLF}--${boundary}--${CRLF}`]);
    }
  }

  build(fields: RecipientFields): Buffer {
    const chunks: Chunk[] = [this.fromLine, slot('To', fields.to)];
    chunks.push(this.staticSubject ?? slot('Subject', fields.subject ?? ''));
    chunks.push(slot('Message-ID', fields.messageId), slot('Date', fields.date));
    chunks.push(slot('List-Unsubscribe', `<${fields.unsubscribeUrl}>`), this.afterUnsubscribe);
    if (this.beforeHtml) chunks.push(...(fields.text ?? []), this.beforeHtml);
    chunks.push(...fields.html, this.end);
    return joined(chunks);
  }
}

const EMPTY = Buffer.alloc(0);

/** One Buffer of the chunks: a single allocation, the encoded text written straight into it. */
function joined(chunks: readonly Chunk[]): Buffer {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const c of chunks) at += typeof c === 'string' ? out.write(c, at, 'latin1') : c.copy(out, at);
  return out;
}

function slot(key: string, value: RecipientFields['to'] | Date): Buffer {
  const written = headerLine(key, value);
  return written === undefined ? EMPTY : Buffer.from(written + CRLF, 'utf8');
}
