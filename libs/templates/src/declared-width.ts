import parseStyle from 'style-to-object';
import { attr, type HtmlElement } from './html-tree';

export interface DeclaredWidth {
  /** The widest pixel width the element declares, by attribute or inline CSS, if any. */
  readonly px: number | undefined;
  /** Where it came from, for the message: `width="800"`, `max-width: 700px`. */
  readonly source: string | undefined;
  /** A pixel `width` attribute: the only width Outlook for Windows honours on an image. */
  readonly attributePx: number | undefined;
}

// min-width forces the box wider; max-width lets it grow that far on a wide screen.
const WIDTH_PROPERTIES = ['width', 'min-width', 'max-width'];

/** The pixel widths an element declares: its `width` attribute and its style's width, min-width, max-width. */
export function declaredWidth(el: HtmlElement): DeclaredWidth {
  const candidates: { px: number; source: string }[] = [];
  const attributePx = widthAttributePx(attr(el, 'width'));
  if (attributePx !== undefined) candidates.push({ px: attributePx, source: `width="${attr(el, 'width')}"` });
  const style = inlineStyle(attr(el, 'style'));
  for (const property of WIDTH_PROPERTIES) {
    const value = style[property];
    const px = value === undefined ? undefined : cssPx(value);
    if (px !== undefined) candidates.push({ px, source: `${property}: ${value}` });
  }
  const widest = candidates.sort((a, b) => b.px - a.px)[0];
  return { px: widest?.px, source: widest?.source, attributePx };
}

/** Inline declarations, lower-cased property names; an unparsable style declares nothing. */
export function inlineStyle(style: string | undefined): Record<string, string> {
  if (!style) return {};
  const out: Record<string, string> = {};
  try {
    parseStyle(style, (property, value) => {
      out[property.trim().toLowerCase()] = value.trim();
    });
  } catch {
    return {}; // a browser ignores what it cannot parse; so do we
  }
  return out;
}

// HTML width attributes are pixels when unitless ("600", "600px"); "100%" is relative.
function widthAttributePx(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

// The value half of a parsed declaration; only px lengths (and a bare 0) are absolute here.
function cssPx(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)px(?:\s*!important)?$/i.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}
