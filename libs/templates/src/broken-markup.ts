import type { ParserError } from 'parse5';
import { describeElement, lineOf, parseHtml, walkElements, type HtmlDocument } from './html-tree';
import type { TemplateProblem } from './template-rejected';

// Tokenizer errors that mean the text stops in the middle of something: a cut-off upload or paste.
// Softer parse errors (a missing doctype, `<br/>`, a duplicate attribute) are left alone: real
// templates are full of them and every client copes.
const TRUNCATION_ERRORS: Readonly<Record<string, string>> = {
  'eof-in-tag': 'the HTML ends inside a tag',
  'eof-before-tag-name': 'the HTML ends inside a tag',
  'eof-in-comment': 'the HTML ends inside a comment (<!-- is never closed)',
  'eof-in-doctype': 'the HTML ends inside the doctype',
  'eof-in-cdata': 'the HTML ends inside a CDATA section',
  'eof-in-element-that-can-contain-only-text':
    'a <style>, <title> or <textarea> is never closed and swallows the rest',
  'eof-in-script-html-comment-like-text': 'the HTML ends inside a script',
};

// Elements whose end tag HTML never implies: a missing one is a broken layout (the whole rest of
// the mail inside one link or one cell), however kindly a browser repairs it.
const MUST_CLOSE = new Set(['table', 'div', 'a', 'center', 'span', 'font']);

/** The parse, and what in it means the HTML is broken rather than merely sloppy. */
export function parseCheckingStructure(html: string): { doc: HtmlDocument; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const onParseError = (error: ParserError) => {
    const message = TRUNCATION_ERRORS[error.code];
    if (message) problems.push({ message, line: error.startLine });
  };
  const doc = parseHtml(html, onParseError);
  problems.push(...unclosedElements(doc));
  return { doc, problems };
}

function unclosedElements(doc: HtmlDocument): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const el of walkElements(doc)) {
    const location = el.sourceCodeLocation;
    // no location: created by the parser (implied tbody, html, body, or an adoption-agency copy)
    if (!MUST_CLOSE.has(el.tagName) || !location || location.endTag) continue;
    problems.push({ message: `${describeElement(el)} is never closed`, line: lineOf(el) });
  }
  return problems;
}
