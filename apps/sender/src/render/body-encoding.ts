import * as base64 from 'nodemailer/lib/base64';
import * as qp from 'nodemailer/lib/qp';
import type { FilledPieces } from './template-pieces';

/**
 * The transfer encoding of one text part, compiled once per campaign from its static pieces.
 *
 * Quoted-printable, piece by piece: every static piece is encoded once, and per recipient only
 * the rendered pieces are encoded. A piece's encoding never depends on what comes before it:
 * pieces wrap at 75, and where the line a piece continues would grow past 76, a soft line break
 * (`=` CRLF) closes it first; short pieces (a name, a link) join the line they are on. QP output
 * holds `=` only before two hex digits or a line break, and it never ends a piece on white
 * space, so pieces join safely and a boundary with `=_` in it can never occur in a part.
 *
 * Base64 where nodemailer would choose it (no more Latin letters than other characters: a
 * campaign in Cyrillic or Japanese, where QP would triple the size): base64 cannot be cut into
 * independently encoded pieces (padding, 3-byte groups, fixed line breaks), so such a part is
 * joined and encoded whole per recipient, natively.
 *
 * Line breaks are written as CRLF, as the SMTP transport writes them on the wire anyway
 * (nodemailer's data stream turns a bare CR or LF into CRLF): a later DKIM signature over these
 * bytes then covers exactly what is sent. A CR at the end of one piece and an LF at the start of
 * the next are one line break, as they would be in the whole text.
 */
export interface BodyEncoding {
  readonly transferEncoding: 'quoted-printable' | 'base64';
  /** The encoded body of one recipient's part, as chunks to concatenate; no line break after its last line. */
  encode(filled: FilledPieces): Chunk[];
}

/** Bytes compiled once, or text encoded for one recipient: ASCII, one byte a character. */
export type Chunk = Buffer | string;

const SOFT_BREAK = Buffer.from('=\r\n', 'latin1');
const LINE_BREAKS = /\r\n|\r|\n/g;
/** Piece lines wrap one short of the QP limit of 76: the soft break closing a piece adds a `=`. */
const PIECE_LINE = 75;
const BASE64_LINE = 76;

export function compileBodyEncoding(statics: readonly string[]): BodyEncoding {
  return prefersBase64(statics.join('')) ? new WholeBase64(statics) : new QuotedPrintablePieces(statics);
}

/** Nodemailer's choice for a text (mime-node `_getTextEncoding`): QP when Latin letters outnumber the rest. */
export function prefersBase64(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) other++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  // a part with nothing static (`{{body}}`) says nothing: QP, the common case
  return other > 0 && other >= latin;
}

export function crlf(text: string): string {
  return text.replace(LINE_BREAKS, '\r\n');
}

interface EncodedPiece {
  readonly bytes: Chunk;
  /** Characters up to its first line break (with the `=` of a soft one); its length when it has none. */
  readonly firstLine: number;
  /** Characters after its last line break: the line it leaves open (0 when it ends on one). */
  readonly lastLine: number;
  readonly hasBreak: boolean;
  readonly endsWithCR: boolean;
}

/**
 * Printable ASCII but `=`, not ending in a space: text that quoted-printable leaves as it is
 * (a click redirect, a pixel URL, most names), so encoding it would only copy it.
 */
const QP_LITERAL = /^[\x20-\x3c\x3e-\x7e]*[\x21-\x3c\x3e-\x7e]$/;

/** One piece in quoted-printable, lines wrapped at 75; empty bytes for an empty piece. */
export function encodePiece(text: string): EncodedPiece {
  const literal = text.length <= PIECE_LINE && QP_LITERAL.test(text);
  const encoded = literal ? text : text ? qp.wrap(qp.encode(crlf(text)), PIECE_LINE) : '';
  const first = encoded.indexOf('\r\n');
  return {
    bytes: encoded,
    firstLine: first < 0 ? encoded.length : first,
    lastLine: first < 0 ? encoded.length : encoded.length - encoded.lastIndexOf('\r\n') - 2,
    hasBreak: first >= 0,
    endsWithCR: text.endsWith('\r'),
  };
}

class QuotedPrintablePieces implements BodyEncoding {
  readonly transferEncoding = 'quoted-printable';
  private readonly pieces: ReadonlyArray<{
    whole: EncodedPiece;
    afterCR: EncodedPiece;
    startsWithLF: boolean;
  }>;

  constructor(statics: readonly string[]) {
    const compiled = (text: string): EncodedPiece => {
      const piece = encodePiece(text);
      return { ...piece, bytes: Buffer.from(piece.bytes as string, 'latin1') };
    };
    this.pieces = statics.map((text) => {
      const whole = compiled(text);
      const startsWithLF = text.startsWith('\n');
      return { whole, afterCR: startsWithLF ? compiled(text.slice(1)) : whole, startsWithLF };
    });
  }

  encode(filled: FilledPieces): Chunk[] {
    const chunks: Chunk[] = [];
    let afterCR = false;
    /** Length of the line the last piece left open. */
    let column = 0;
    for (const item of filled) {
      let piece: EncodedPiece;
      if (typeof item === 'number') {
        const compiled = this.pieces[item];
        piece = afterCR ? compiled.afterCR : compiled.whole;
        if (compiled.startsWithLF) afterCR = false;
      } else {
        const completesCR = afterCR && item.startsWith('\n');
        piece = encodePiece(completesCR ? item.slice(1) : item);
        if (completesCR) afterCR = false;
      }
      if (piece.bytes.length === 0) continue;
      // an open line must keep room for a soft break's `=`: at most 75 unless the piece ends it
      const fits = piece.hasBreak ? column + piece.firstLine <= 76 : column + piece.firstLine <= PIECE_LINE;
      if (!fits) chunks.push(SOFT_BREAK);
      chunks.push(piece.bytes);
      column = piece.hasBreak || !fits ? piece.lastLine : column + piece.lastLine;
      afterCR = piece.endsWithCR;
    }
    return chunks;
  }
}

class WholeBase64 implements BodyEncoding {
  readonly transferEncoding = 'base64';

  constructor(private readonly statics: readonly string[]) {}

  encode(filled: FilledPieces): Chunk[] {
    let text = '';
    for (const item of filled) text += typeof item === 'number' ? this.statics[item] : item;
    return [base64.wrap(base64.encode(Buffer.from(crlf(text), 'utf8')), BASE64_LINE)];
  }
}
