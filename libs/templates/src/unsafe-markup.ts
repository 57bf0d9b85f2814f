import { describeElement, lineOf, walkElements, type HtmlDocument } from './html-tree';
import type { TemplateProblem } from './template-rejected';

// Attributes that a client follows or loads as a URL.
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'background',
  'poster',
  'xlink:href',
  'srcset',
]);

// Elements that load and run another document or a plug-in: scripts by another name.
const ACTIVE_CONTENT = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet']);

/**
 * Scripts in a marketing email: mail clients strip them, spam filters score them, and a template
 * that carries one was most likely pasted from a web page or tampered with. Refused, never cleaned:
 * a silently changed template is worse than a clear no.
 */
export function findUnsafeMarkup(doc: HtmlDocument): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const el of walkElements(doc)) {
    const line = lineOf(el);
    if (el.tagName === 'script') {
      problems.push({ message: 'a <script> element is not allowed in an email', line });
    } else if (ACTIVE_CONTENT.has(el.tagName)) {
      problems.push({
        message: `an <${el.tagName}> element (active content) is not allowed in an email`,
        line,
      });
    }
    for (const { name, value } of el.attrs) {
      if (/^on/i.test(name)) {
        problems.push({ message: `event handler ${name}= on ${describeElement(el)} is not allowed`, line });
      } else if (URL_ATTRIBUTES.has(name.toLowerCase()) && isScriptUrl(value)) {
        problems.push({ message: `a script URL in ${name}= on ${describeElement(el)} is not allowed`, line });
      }
    }
  }
  return problems;
}

// parse5 has already decoded entities (jav&#x61;script:); browsers also ignore tabs, newlines and
// leading control characters and spaces inside the scheme.
function isScriptUrl(value: string): boolean {
  const scheme = Array.from(value)
    .filter((ch) => ch.charCodeAt(0) > 0x20)
    .join('')
    .toLowerCase();
  return scheme.startsWith('javascript:') || scheme.startsWith('vbscript:');
}
