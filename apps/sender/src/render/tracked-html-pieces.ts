import type Handlebars from 'handlebars';
import { addPixel, ensureUnsubscribeLink, fillLinks, markLinks, trackableLinks } from './tracked-html';
import {
  someNode,
  splitTemplate,
  type FilledPieces,
  type TemplatePiece,
  type TemplateSlot,
} from './template-pieces';

/**
 * The HTML template in pieces, with the tracking of `tracked-html.ts` as slots: each marked href
 * becomes one piece (a static trackable link is a click redirect per recipient, a static other
 * link is static text, an href with mustaches in it is rendered and filled per recipient), and
 * the footer and pixel go in one slot before the first `</body>`. A block whose own HTML holds
 * links (`{{#each}}` over products) is rendered per recipient and its links filled as today.
 *
 * Per recipient this does what `MessageRenderer` does to the whole rendered HTML, piece by
 * piece: the same links in the same order go to the link registry, the same redirects and
 * escaping come out, the footer is added when no piece holds the unsubscribe link, and the
 * footer and pixel land before the first `</body>` a piece renders. A template whose links the
 * pieces cannot follow (a marker inside a mustache's argument, a block that opens an href and
 * another that closes it) is kept whole, and tracked as a whole.
 */

// the markers markLinks writes around each href value
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
const MARKER = /[\uE000\uE001]/;
const BODY_END = /<\/body\s*>/i;

type Piece =
  | { readonly kind: 'static'; readonly index: number }
  /** `links`: its output holds marked links (a block with links, the template kept whole). */
  | { readonly kind: 'slot'; readonly slot: TemplateSlot; readonly links: boolean }
  /** A static trackable href: `plain` is what it says when the registry has no id for it. */
  | { readonly kind: 'link'; readonly url: string; readonly plain: string }
  | { readonly kind: 'dynamic-link'; readonly parts: readonly TemplatePiece[] }
  | { readonly kind: 'end' };

type Building = Exclude<Piece, { kind: 'static' }> | { kind: 'text'; text: string };

export interface HtmlTracking {
  readonly unsubscribeUrl: string;
  readonly pixelUrl: string;
  /** The click redirect for a stored link id. */
  readonly clickUrl: (linkId: string) => string;
}

export class TrackedHtmlTemplate {
  private constructor(
    /** The static pieces' text, by index. */
    readonly statics: readonly string[],
    private readonly pieces: readonly Piece[],
    /** False when the template is kept whole. */
    readonly split: boolean,
  ) {}

  /** Throws Handlebars' parse error for a template that does not parse. */
  static compile(hbs: typeof Handlebars, html: string): TrackedHtmlTemplate {
    const marked = markLinks(html);
    const split = splitTemplate(hbs, marked, { noEscape: false });
    const pieces = split.split ? trackedPieces(split.pieces) : undefined;
    if (pieces) return new TrackedHtmlTemplate(...indexed(pieces), true);
    const whole = splitTemplate(hbs, marked, { noEscape: false, whole: true }).pieces[0] as TemplateSlot;
    return new TrackedHtmlTemplate([], [{ kind: 'slot', slot: whole, links: true }, { kind: 'end' }], false);
  }

  /** Renders every slot for one recipient; throws the template's error (strict mode). */
  draft(context: object, unsubscribeUrl: string): HtmlDraft {
    const outputs: Array<string | undefined> = [];
    const urls: string[] = [];
    for (const piece of this.pieces) {
      if (piece.kind === 'slot') {
        const out = piece.slot.render(context);
        if (piece.links) urls.push(...trackableLinks(out, unsubscribeUrl));
        outputs.push(piece.links ? out : out.replace(MARKERS, ''));
      } else if (piece.kind === 'dynamic-link') {
        let raw = '';
        for (const part of piece.parts) raw += typeof part === 'string' ? part : part.render(context);
        const marked = OPEN + raw.replace(MARKERS, '') + CLOSE;
        urls.push(...trackableLinks(marked, unsubscribeUrl));
        outputs.push(marked);
      } else {
        if (piece.kind === 'link') urls.push(piece.url);
        outputs.push(undefined);
      }
    }
    return new HtmlDraft(this.pieces, outputs, urls);
  }
}

export class HtmlDraft {
  constructor(
    private readonly pieces: readonly Piece[],
    private readonly outputs: ReadonlyArray<string | undefined>,
    /** The trackable links in document order, as `trackableLinks` lists them for the whole HTML. */
    readonly urls: readonly string[],
  ) {}

  /** The recipient's pieces with links filled in, the footer where needed and the pixel. */
  fill(linkIds: ReadonlyMap<string, string>, tracking: HtmlTracking): FilledPieces {
    const { unsubscribeUrl } = tracking;
    const redirectFor = (url: string) => {
      const id = linkIds.get(url);
      return id ? tracking.clickUrl(id) : undefined;
    };
    const filled: FilledPieces = [];
    /** Positions in `filled` of rendered text (where the unsubscribe link or a `</body>` may be). */
    const rendered: number[] = [];
    let end = -1;
    this.pieces.forEach((piece, i) => {
      const out = this.outputs[i];
      switch (piece.kind) {
        case 'static':
          return void filled.push(piece.index);
        case 'link': {
          const redirect = redirectFor(piece.url);
          return void filled.push(redirect === undefined ? piece.plain : attributeValue(redirect));
        }
        case 'end':
          end = filled.length;
          return void filled.push('');
        default:
          rendered.push(filled.length);
          filled.push(
            piece.kind === 'slot' && !piece.links ? out! : fillLinks(out!, unsubscribeUrl, redirectFor),
          );
      }
    });
    const escapedUnsubscribe = attributeValue(unsubscribeUrl);
    const hasUnsubscribe = rendered.some((at) => {
      const text = filled[at] as string;
      return text.includes(escapedUnsubscribe) || text.includes(unsubscribeUrl);
    });
    const tail =
      (hasUnsubscribe ? '' : ensureUnsubscribeLink('', unsubscribeUrl)) + addPixel('', tracking.pixelUrl);
    // before the first </body>: a rendered piece ahead of the static one may hold it
    for (const at of rendered) {
      if (at > end) break;
      const text = filled[at] as string;
      const match = BODY_END.exec(text);
      if (match) {
        filled[at] = text.slice(0, match.index) + tail + text.slice(match.index);
        return filled;
      }
    }
    filled[end] = tail;
    return filled;
  }
}

/** The pieces with their links found, or undefined when the links do not follow the pieces. */
function trackedPieces(pieces: readonly TemplatePiece[]): Building[] | undefined {
  const out: Building[] = [];
  let text = '';
  let link: TemplatePiece[] | undefined;
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      const markers = markersIn(piece.node);
      if (link) {
        if (markers !== 'none') return undefined;
        link.push(piece);
      } else {
        if (markers === 'broken') return undefined;
        flush();
        out.push({ kind: 'slot', slot: piece, links: markers === 'balanced' });
      }
      continue;
    }
    let from = 0;
    for (let at = piece.search(MARKER); at >= 0; at = nextMarker(piece, from)) {
      const before = piece.slice(from, at);
      from = at + 1;
      if (piece[at] === OPEN) {
        if (link) return undefined;
        text += before;
        link = [];
        continue;
      }
      if (!link) return undefined;
      if (before) link.push(before);
      if (link.every((p) => typeof p === 'string')) {
        const marked = OPEN + link.join('') + CLOSE;
        const plain = fillLinks(marked, '', () => undefined);
        const [url] = trackableLinks(marked, '');
        if (url === undefined) text += plain;
        else {
          flush();
          out.push({ kind: 'link', url, plain });
        }
      } else {
        flush();
        out.push({ kind: 'dynamic-link', parts: link });
      }
      link = undefined;
    }
    if (link) {
      const rest = piece.slice(from);
      if (rest) link.push(rest);
    } else text += piece.slice(from);
  }
  if (link) return undefined;
  flush();
  return out;
}

function nextMarker(text: string, from: number): number {
  const at = text.slice(from).search(MARKER);
  return at < 0 ? -1 : from + at;
}

/** Static texts numbered, the footer and pixel slot placed before the first static `</body>`. */
function indexed(building: readonly Building[]): [string[], Piece[]] {
  const statics: string[] = [];
  const pieces: Piece[] = [];
  let placed = false;
  for (const piece of building) {
    if (piece.kind !== 'text') {
      pieces.push(piece);
      continue;
    }
    const match: RegExpExecArray | null = placed ? null : BODY_END.exec(piece.text);
    const parts = match ? [piece.text.slice(0, match.index), piece.text.slice(match.index)] : [piece.text];
    parts.forEach((text, i) => {
      if (i === 1) pieces.push({ kind: 'end' });
      if (text) pieces.push({ kind: 'static', index: statics.push(text) - 1 });
    });
    placed ||= match !== null;
  }
  if (!placed) pieces.push({ kind: 'end' });
  return [statics, pieces];
}

/**
 * Whether a statement's own text holds link markers, and whether they pair up within each of its
 * branches: only then is its output a self-contained piece of tracked HTML.
 */
function markersIn(node: hbs.AST.Node): 'none' | 'balanced' | 'broken' {
  const outsideText = JSON.stringify(node, (key, value: unknown) =>
    key === 'loc' || (value as { type?: string } | null)?.type === 'ContentStatement' ? undefined : value,
  );
  if (MARKER.test(outsideText)) return 'broken';
  if (!someNode(node, (n) => n.type === 'ContentStatement' && MARKER.test(textOf(n)))) return 'none';
  return someNode(node, (n) => n.type === 'Program' && !pairsUp(n as hbs.AST.Program))
    ? 'broken'
    : 'balanced';
}

function pairsUp(program: hbs.AST.Program): boolean {
  let open = false;
  for (const statement of program.body) {
    if (statement.type !== 'ContentStatement') continue;
    for (const c of textOf(statement)) {
      if (c !== OPEN && c !== CLOSE) continue;
      if (open === (c === OPEN)) return false;
      open = c === OPEN;
    }
  }
  return !open;
}

function textOf(node: hbs.AST.Node): string {
  return (node as hbs.AST.ContentStatement).value;
}

const ATTRIBUTE_SPECIALS = /[&"<>]/;

/** An attribute value as tracked-html writes one (its `escapeAttr`); a redirect seldom needs it. */
function attributeValue(s: string): string {
  if (!ATTRIBUTE_SPECIALS.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
