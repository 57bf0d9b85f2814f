import juice from 'juice';
import { parseCheckingStructure } from './broken-markup';
import { checkTemplate, type TemplateFinding, type TemplateLimits } from './check-template';
import { compileMjml } from './compile-mjml';
import { htmlToPlainText } from './html-to-plain-text';
import { parseHtml, textContent } from './html-tree';
import { lineAt, lostPlaceholders, placeholders } from './placeholders';
import { TemplateRejected, type TemplateProblem } from './template-rejected';
import { findUnsafeMarkup } from './unsafe-markup';

export interface ContentInput {
  readonly html?: string;
  /** Instead of `html`: MJML, compiled here. */
  readonly mjml?: string;
  /** The text/plain part; made from the HTML when absent. */
  readonly text?: string;
}

export interface PrepareContentOptions {
  /** Largest html, mjml or text accepted, in UTF-8 bytes. Default 512 KiB. */
  readonly maxBytes?: number;
  readonly limits?: TemplateLimits;
}

export interface PreparedContent {
  /** CSS inlined (media queries and @font-face kept in the head); Handlebars placeholders untouched. */
  readonly html: string;
  readonly text: string;
  readonly findings: TemplateFinding[];
}

export const DEFAULT_MAX_TEMPLATE_BYTES = 512 * 1024;
/** Gmail shows "[Message clipped]" past about 102 KB of HTML, and hides the rest (and the pixel). */
const GMAIL_CLIP_BYTES = 102 * 1024;

/**
 * A submitted template made ready to send once per campaign: MJML compiled, CSS inlined, a text
 * part, and the findings of `checkTemplate` on the HTML as it will go out. Throws
 * `TemplateRejected` listing every problem with input that must not be sent.
 */
export async function prepareContent(
  input: ContentInput,
  options: PrepareContentOptions = {},
): Promise<PreparedContent> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TEMPLATE_BYTES;
  const source = sourceOf(input, maxBytes);
  const kind = input.mjml !== undefined ? 'mjml' : 'html';

  const checked = kind === 'html' ? parseCheckingStructure(source) : { doc: parseHtml(source), problems: [] };
  const problems = [...checked.problems, ...findUnsafeMarkup(checked.doc)];
  if (problems.length > 0) throw new TemplateRejected(problems);

  // MJML's output is already inlined the way MJML means it (mj-style inline="inline"); running
  // juice over it again would copy its head resets onto every cell.
  const html = kind === 'mjml' ? await compileMjml(source) : inlineCss(source);
  const lateProblems = [
    ...findUnsafeMarkup(parseHtml(html)).map(({ message }) => ({ message })), // lines are the compiled HTML's
    ...lostIn(kind === 'mjml' ? 'MJML' : 'CSS inlining', source, placeholders(source), placeholders(html)),
  ];
  const text = input.text ?? htmlToPlainText(html);
  if (input.text === undefined) {
    const shown = placeholders(textContent(parseHtml(html), new Set(['head', 'style', 'script', 'title'])));
    lateProblems.push(...lostIn('the text part', source, shown, placeholders(text)));
  }
  if (lateProblems.length > 0) throw new TemplateRejected(lateProblems);

  return { html, text, findings: [...checkTemplate(html, options.limits), ...sizeFindings(html)] };
}

function sourceOf(input: ContentInput, maxBytes: number): string {
  const problems: TemplateProblem[] = [];
  if (input.html !== undefined && input.mjml !== undefined)
    problems.push({ message: 'give html or mjml, not both' });
  const source = input.mjml ?? input.html;
  if (source === undefined || source.trim() === '') problems.push({ message: 'the template is empty' });
  for (const [name, value] of Object.entries({ html: input.html, mjml: input.mjml, text: input.text })) {
    const bytes = value === undefined ? 0 : Buffer.byteLength(value, 'utf8');
    if (bytes > maxBytes)
      problems.push({ message: `${name} is ${bytes} bytes, more than the ${maxBytes} accepted` });
  }
  if (problems.length > 0) throw new TemplateRejected(problems);
  return source as string;
}

function inlineCss(html: string): string {
  return juice(html, {
    removeStyleTags: true,
    preserveMediaQueries: true, // kept in the head: the mobile layout lives there
    preserveFontFaces: true,
    preserveImportant: true,
    applyWidthAttributes: true, // CSS px widths become width="…" on img/table/td/th, which Outlook reads
    insertPreservedExtraCss: true,
  });
}

function lostIn(stage: string, source: string, before: string[], after: string[]): TemplateProblem[] {
  return [...new Set(lostPlaceholders(before, after))].map((p) => ({
    message: `${p} is lost in ${stage}: keep placeholders in text or attribute values${stage === 'MJML' ? ', and block helpers such as {{#each}} inside <mj-raw>' : ''}`,
    line: lineAt(source, p),
  }));
}

function sizeFindings(html: string): TemplateFinding[] {
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes <= GMAIL_CLIP_BYTES) return [];
  return [
    {
      severity: 'warning',
      element: '<html>',
      message: `the HTML is ${Math.round(bytes / 1024)} KB; Gmail clips messages over 102 KB and hides the rest`,
    },
  ];
}
