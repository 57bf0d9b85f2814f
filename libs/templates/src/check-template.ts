import { declaredWidth } from './declared-width';
import {
  describeElement,
  outlookOnlyFragments,
  parseHtml,
  walkElements,
  type HtmlElement,
} from './html-tree';

/**
 * Severities:
 * - `error`: the template itself says something is wider than the design allows (an image or a
 *   content block over the limit): it scrolls sideways or is cut off in Outlook's reading pane and
 *   on phones, whatever the images turn out to be.
 * - `warning`: an image without a pixel `width` attribute. Outlook for Windows ignores CSS and
 *   percentage widths on images and shows them at their natural size; whether that is too wide
 *   depends on the image file, which is not fetched here.
 * Neither refuses the template: findings are for the person who wrote it.
 */
export interface TemplateFinding {
  readonly severity: 'error' | 'warning';
  /** Short, as in the template: `<img src="hero.png" width="800">`. */
  readonly element: string;
  readonly message: string;
}

export interface TemplateLimits {
  /** Widest image, px. Default 640. */
  readonly maxImageWidth?: number;
  /** Widest content area (table, div, td, th, center), px. Default 640: designs are 600–640 wide. */
  readonly maxContentWidth?: number;
}

export const DEFAULT_TEMPLATE_LIMITS: Required<TemplateLimits> = { maxImageWidth: 640, maxContentWidth: 640 };

const CONTENT_ELEMENTS = new Set(['table', 'div', 'td', 'th', 'center']);

/** What a mail client will make of the template's widths; pure, reads no image. */
export function checkTemplate(html: string, limits: TemplateLimits = {}): TemplateFinding[] {
  // `?? default` per limit: a limit passed as undefined must not switch its check off
  const maxImageWidth = limits.maxImageWidth ?? DEFAULT_TEMPLATE_LIMITS.maxImageWidth;
  const maxContentWidth = limits.maxContentWidth ?? DEFAULT_TEMPLATE_LIMITS.maxContentWidth;
  const doc = parseHtml(html);
  const findings: TemplateFinding[] = [];
  const check = (el: HtmlElement, where: string) => {
    if (el.tagName === 'img') findings.push(...checkImage(el, maxImageWidth, where));
    else if (CONTENT_ELEMENTS.has(el.tagName)) findings.push(...checkContent(el, maxContentWidth, where));
  };
  for (const el of walkElements(doc)) check(el, '');
  for (const fragment of outlookOnlyFragments(doc)) {
    for (const el of walkElements(fragment)) check(el, ' (in an Outlook-only <!--[if mso]> block)');
  }
  return findings;
}

function checkImage(el: HtmlElement, limit: number, where: string): TemplateFinding[] {
  const element = describeElement(el);
  const width = declaredWidth(el);
  if (width.px !== undefined && width.px > limit) {
    return [
      {
        severity: 'error',
        element,
        message: `image is ${width.px} px wide (${width.source}), more than ${limit} px${where}`,
      },
    ];
  }
  if (width.attributePx === undefined) {
    const message =
      width.px === undefined
        ? `image has no width: Outlook shows it at its natural size, which may be wider than ${limit} px; add width="…"`
        : `image is sized only by CSS (${width.source}): Outlook ignores that and shows it at its natural size; add width="${width.px}"`;
    return [{ severity: 'warning', element, message: message + where }];
  }
  return [];
}

function checkContent(el: HtmlElement, limit: number, where: string): TemplateFinding[] {
  const width = declaredWidth(el);
  if (width.px === undefined || width.px <= limit) return [];
  return [
    {
      severity: 'error',
      element: describeElement(el),
      message: `content area is ${width.px} px wide (${width.source}), more than ${limit} px${where}`,
    },
  ];
}
