import type Handlebars from 'handlebars';
import { splitTemplate, type FilledPieces, type TemplateSlot } from './template-pieces';

const TRAILING_SPACE = /\s+$/;

/**
 * The text template in pieces, with the unsubscribe line of `ensureUnsubscribeText` as its last
 * slot: when no rendered piece holds the unsubscribe link, the text loses its trailing white
 * space (across pieces, as the whole text would) and gets the line. The trimmed forms of the
 * static pieces are compiled too, as further static pieces.
 */
export class TrackedTextTemplate {
  private constructor(
    /** The static pieces' text, by index: the template's own, then their trimmed forms. */
    readonly statics: readonly string[],
    private readonly pieces: ReadonlyArray<number | TemplateSlot>,
    /** Index of each static piece's trimmed form, -1 when nothing is left of it. */
    private readonly trimmed: readonly number[],
    readonly split: boolean,
  ) {}

  /** Throws Handlebars' parse error for a template that does not parse. */
  static compile(hbs: typeof Handlebars, text: string): TrackedTextTemplate {
    const { pieces, split } = splitTemplate(hbs, text, { noEscape: true });
    const statics: string[] = [];
    const indexed = pieces.map((p) => (typeof p === 'string' ? statics.push(p) - 1 : p));
    const trimmed = statics.slice().map((s, i) => {
      const t = s.replace(TRAILING_SPACE, '');
      if (!t) return -1;
      return t === s ? i : statics.push(t) - 1;
    });
    return new TrackedTextTemplate(statics, indexed, trimmed, split);
  }

  /** One recipient's text; throws the template's error (strict mode). */
  fill(context: object, unsubscribeUrl: string): FilledPieces {
    const filled: FilledPieces = [];
    let hasUnsubscribe = false;
    for (const piece of this.pieces) {
      if (typeof piece === 'number') {
        filled.push(piece);
        continue;
      }
      const out = piece.render(context);
      hasUnsubscribe ||= out.includes(unsubscribeUrl);
      filled.push(out);
    }
    if (hasUnsubscribe) return filled;
    while (filled.length > 0) {
      const last = filled[filled.length - 1];
      const trimmed = typeof last === 'number' ? this.trimmed[last] : last.replace(TRAILING_SPACE, '');
      if (trimmed !== -1 && trimmed !== '') {
        filled[filled.length - 1] = trimmed;
        break;
      }
      filled.pop();
    }
    filled.push(`\n\nUnsubscribe: ${unsubscribeUrl}\n`);
    return filled;
  }
}
