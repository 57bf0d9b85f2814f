import { parse, parseFragment, type DefaultTreeAdapterMap, type ParserError } from 'parse5';

export type HtmlNode = DefaultTreeAdapterMap['node'];
export type HtmlElement = DefaultTreeAdapterMap['element'];
export type HtmlDocument = DefaultTreeAdapterMap['document'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/** parse5 with source locations, so a problem can name its line. */
export function parseHtml(html: string, onParseError?: (error: ParserError) => void): HtmlDocument {
  return parse(html, { sourceCodeLocationInfo: true, onParseError: onParseError ?? null });
}

export function* walkElements(root: ParentNode): Generator<HtmlElement> {
  for (const node of childrenOf(root)) {
    if (!isElement(node)) continue;
    yield node;
    yield* walkElements(node);
  }
}

export function* walkComments(root: ParentNode): Generator<DefaultTreeAdapterMap['commentNode']> {
  for (const node of childrenOf(root)) {
    if (node.nodeName === '#comment') yield node as DefaultTreeAdapterMap['commentNode'];
    else if (isElement(node)) yield* walkComments(node);
  }
}

/**
 * The markup that only Outlook for Windows renders: the inside of `<!--[if mso]>…<![endif]-->`
 * (MJML's and most hand-made templates' "ghost tables"). Parsed as fragments, so their widths can
 * be checked like the rest; a browser, and so a plain parse, never sees them.
 */
export function* outlookOnlyFragments(doc: HtmlDocument): Generator<ParentNode> {
  for (const comment of walkComments(doc)) {
    const match = /^\[if [^\]]*mso[^\]]*\]>([\s\S]*)<!\[endif\]$/i.exec(comment.data);
    if (match) yield parseFragment(match[1]);
  }
}

export function attr(el: HtmlElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function lineOf(el: HtmlElement): number | undefined {
  return el.sourceCodeLocation?.startLine;
}

/** A short form a person recognises in their template: `<img src="hero.png" width="800">`. */
export function describeElement(el: HtmlElement): string {
  const shown = ['src', 'id', 'class', 'width']
    .map((name) => [name, attr(el, name)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${shorten(value, 48)}"`)
    .join('');
  return `<${el.tagName}${shown}>`;
}

export function textContent(root: ParentNode, skip: ReadonlySet<string> = new Set()): string {
  let out = '';
  for (const node of childrenOf(root)) {
    if (node.nodeName === '#text') out += (node as DefaultTreeAdapterMap['textNode']).value + ' ';
    else if (isElement(node) && !skip.has(node.tagName)) out += textContent(node, skip);
  }
  return out;
}

function childrenOf(node: ParentNode): HtmlNode[] {
  // <template> keeps its children in a separate fragment
  const content = (node as Partial<DefaultTreeAdapterMap['template']>).content;
  return [...node.childNodes, ...(content ? content.childNodes : [])];
}

function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
