import Handlebars from 'handlebars';
import { TrackedHtmlTemplate } from './tracked-html-pieces';

const hbs = Handlebars.create();
const UNSUBSCRIBE = 'https://t.example/u/tok';
const tracking = {
  unsubscribeUrl: UNSUBSCRIBE,
  pixelUrl: 'https://t.example/o/px',
  clickUrl: (id: string) => `https://t.example/c/${id}`,
};

/** One recipient's HTML, every trackable link stored as its position in the list. */
function rendered(sut: TrackedHtmlTemplate, context: object): { html: string; urls: readonly string[] } {
  const draft = sut.draft({ unsubscribe_url: UNSUBSCRIBE, ...context }, UNSUBSCRIBE);
  const ids = new Map(draft.urls.map((u, i) => [u, String(i + 1)]));
  const html = draft
    .fill(ids, tracking)
    .map((p) => (typeof p === 'number' ? sut.statics[p] : p))
    .join('');
  return { html, urls: draft.urls };
}

describe(TrackedHtmlTemplate.name, () => {
  it.each([
    ['plain text and mustaches', '<p>Hi {{name}}</p>'],
    [
      'static and personalised links',
      '<a href="https://a.example">a</a><a href=\'https://b.example/{{name}}\'>b</a>',
    ],
    ['blocks with links inside', '{{#each items}}<a href="https://a.example/{{this}}">x</a>{{/each}}'],
    [
      'an href built by a block',
      '<a href="{{#if vip}}https://a.example{{else}}https://b.example{{/if}}">x</a>',
    ],
  ])('takes the fast path for %s', (_what, html) => {
    expect(TrackedHtmlTemplate.compile(hbs, html).split).toBe(true);
  });

  it.each([
    ['a partial', '{{#*inline "p"}}x{{/inline}}{{> p}}'],
    ['a block that opens an href it does not close', '{{#if vip}}<a href="https://a.example/{{/if}}x">x</a>'],
    [
      'an href that one branch opens and the other closes',
      '{{#if vip}}<a href="https://a.example/{{else}}b">x{{/if}}',
    ],
  ])('keeps %s whole', (_what, html) => {
    expect(TrackedHtmlTemplate.compile(hbs, html).split).toBe(false);
  });

  it('compiles static links that are not tracked into the static text', () => {
    const sut = TrackedHtmlTemplate.compile(hbs, '<a href="mailto:a@b.example">m</a> <a href=#top>t</a>');

    expect(sut.statics).toEqual(['<a href="mailto:a@b.example">m</a> <a href="#top">t</a>']);
  });

  it('lists the trackable links in document order and fills each with its redirect', () => {
    const sut = TrackedHtmlTemplate.compile(
      hbs,
      '<body><a href="https://a.example/?x=1&amp;y=2">a</a>{{#each items}}<a href="https://b.example/{{this}}">b</a>{{/each}}' +
        '<a href="https://c.example/{{name}}">c</a><a href="{{unsubscribe_url}}">u</a></body>',
    );

    const { html, urls } = rendered(sut, { name: 'n', items: ['1', '2'] });

    expect(urls).toEqual([
      'https://a.example/?x=1&y=2',
      'https://b.example/1',
      'https://b.example/2',
      'https://c.example/n',
    ]);
    expect(html).toBe(
      '<body><a href="https://t.example/c/1">a</a><a href="https://t.example/c/2">b</a>' +
        '<a href="https://t.example/c/3">b</a><a href="https://t.example/c/4">c</a>' +
        `<a href="${UNSUBSCRIBE}">u</a><img src="https://t.example/o/px" width="1" height="1" alt="" ` +
        'style="display:block;width:1px;height:1px;border:0" /></body>',
    );
  });

  it('puts the footer and pixel before the first </body> a block renders', () => {
    const sut = TrackedHtmlTemplate.compile(hbs, '<p>x</p>{{#if early}}</body>{{/if}}<p>y</p></body>');

    const early = rendered(sut, { early: true }).html;
    const late = rendered(sut, { early: false }).html;

    expect(early.indexOf('<img')).toBeLessThan(early.indexOf('<p>y</p>'));
    expect(late.indexOf('<img')).toBeGreaterThan(late.indexOf('<p>y</p>'));
    expect(early.match(/Unsubscribe/g)).toHaveLength(1);
  });
});
