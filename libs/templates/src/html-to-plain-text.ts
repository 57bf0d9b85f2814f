import { convert } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * The text/plain part from the HTML. No word wrap: the template still has its placeholders, so
 * line lengths are unknown until each recipient's values are in, and a wrapped `{{#each items}}`
 * would break across lines. Headings keep their case (upper-casing would turn `{{name}}` into
 * `{{NAME}}`), images are left out (an alt text and a URL are noise in a text mail), and layout
 * tables read as blocks.
 */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      ...HEADINGS.map((selector) => ({ selector, options: { uppercase: false } })),
      ...['table', 'tr', 'td', 'th'].map((selector) => ({ selector, format: 'block' })),
    ],
  });
}
