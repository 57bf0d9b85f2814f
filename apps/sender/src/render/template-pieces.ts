import type Handlebars from 'handlebars';

/**
 * A Handlebars template split once per campaign into static text and the slots filled per
 * recipient: every top-level statement that is not text (a `{{mustache}}`, a `{{#block}}…{{/block}}`)
 * is compiled on its own and renders exactly what it renders inside the whole template.
 *
 * That holds because each slot is the statement of the one parse of the whole template, after
 * Handlebars has applied its whitespace control (`~`, standalone lines) to the whole: the slot
 * is compiled with that control switched off (strip flags cleared, `ignoreStandalone`), so
 * nothing is stripped twice or stripped as if the statement stood alone. A slot renders on the
 * same root context as the whole would, so `@root`, strict mode, escaping and the runtime's
 * prototype rules are the same. Partials and decorators reach across statements (inline
 * partials, indentation): a template with one is kept whole, as a single slot.
 */

export interface TemplateSlot {
  /** Throws Handlebars' own error, as the whole template would (strict mode: a missing variable). */
  readonly render: (context: object) => string;
  /** The statement it renders (the whole program for a template kept whole). */
  readonly node: hbs.AST.Node;
}

export type TemplatePiece = string | TemplateSlot;

export interface SplitTemplate {
  /** Static text and slots in document order; adjacent texts are joined, empty ones dropped. */
  readonly pieces: readonly TemplatePiece[];
  /** False when the template was kept whole. */
  readonly split: boolean;
}

/** One recipient's pieces of a part, in order: a static piece by its index, or rendered text. */
export type FilledPieces = Array<number | string>;

export interface PieceOptions {
  /** As for the whole template: the subject and the text are not HTML-escaped. */
  readonly noEscape: boolean;
  /** Keep the template whole even where it could be split. */
  readonly whole?: boolean;
}

export const RUNTIME: Handlebars.RuntimeOptions = {
  // no prototype access from templates: `{{constructor.constructor}}` and friends stay dead
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

const KEPT_WHOLE = new Set(['PartialStatement', 'PartialBlockStatement', 'Decorator', 'DecoratorBlock']);
const STRIP_KEYS = ['strip', 'openStrip', 'inverseStrip', 'closeStrip'] as const;

/** Throws Handlebars' parse error for a template that does not parse. */
export function splitTemplate(hbs: typeof Handlebars, source: string, options: PieceOptions): SplitTemplate {
  const compileOptions = { strict: true, noEscape: options.noEscape };
  const program = hbs.parse(source);
  if (options.whole || someNode(program, (n) => KEPT_WHOLE.has(n.type))) {
    const template = hbs.compile(source, compileOptions);
    return { pieces: [{ render: (context) => template(context, RUNTIME), node: program }], split: false };
  }
  const pieces: TemplatePiece[] = [];
  let text = '';
  for (const statement of program.body) {
    if (statement.type === 'ContentStatement') {
      text += (statement as hbs.AST.ContentStatement).value;
      continue;
    }
    if (statement.type === 'CommentStatement') continue;
    if (text) pieces.push(text);
    text = '';
    pieces.push(slot(hbs, statement, program, compileOptions));
  }
  if (text) pieces.push(text);
  return { pieces, split: true };
}

/** Whether `node` or anything below it satisfies `test`. */
export function someNode(node: unknown, test: (node: hbs.AST.Node) => boolean): boolean {
  if (Array.isArray(node)) return node.some((child) => someNode(child, test));
  if (node === null || typeof node !== 'object') return false;
  if ('type' in node && typeof node.type === 'string' && test(node as hbs.AST.Node)) return true;
  return Object.entries(node).some(([key, child]) => key !== 'loc' && someNode(child, test));
}

function slot(
  hbs: typeof Handlebars,
  statement: hbs.AST.Statement,
  whole: hbs.AST.Program,
  options: CompileOptions,
): TemplateSlot {
  clearStripFlags(statement);
  // the statement comes from Handlebars' own parse of the template: compiling it is compiling
  // the template, no AST of ours is made up
  const program = { type: 'Program', body: [statement], blockParams: whole.blockParams, loc: statement.loc };
  const template = hbs.compile(program, { ...options, ignoreStandalone: true });
  return { render: (context) => template(context, RUNTIME), node: statement };
}

/** The whitespace they asked for was taken out of the text already; a second pass must not take more. */
function clearStripFlags(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(clearStripFlags);
  if (node === null || typeof node !== 'object') return;
  const fields = node as Record<string, unknown>;
  for (const key of STRIP_KEYS) if (fields[key]) fields[key] = { open: false, close: false };
  for (const [key, child] of Object.entries(fields)) if (key !== 'loc') clearStripFlags(child);
}
