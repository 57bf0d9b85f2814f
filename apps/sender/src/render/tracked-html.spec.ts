import Handlebars from 'handlebars';
import { fillLinks, markLinks, renderedLinks, trackableLinks, withoutMarkers } from './tracked-html';

const UNSUBSCRIBE = 'https://t.example/u/tok';

/** Marks, renders with Handlebars as the renderer does, and fills every trackable link with `R(url)`. */
function track(template: string, context: object = {}): { html: string; tracked: string[] } {
  const rendered = Handlebars.compile(markLinks(template), { strict: false })(context);
  const tracked = trackableLinks(rendered, UNSUBSCRIBE);
  return { html: fillLinks(rendered, UNSUBSCRIBE, (url) => `R(${url})`), tracked };
}

describe(markLinks.name, () => {
  it.each([
    ['double-quoted', '<a href="https://a.example/x">x</a>'],
    ['single-quoted', "<a href='https://a.example/x'>x</a>"],
    ['unquoted', '<a href=https://a.example/x>x</a>'],
    ['unquoted, more attributes after', '<a href=https://a.example/x class=big>x</a>'],
    ['spaces around =', '<a href = "https://a.example/x">x</a>'],
    ['upper-case names', '<A HREF="https://a.example/x">x</A>'],
    ['an image map area', '<map><area href="https://a.example/x" alt=""></map>'],
    ['inside a <template>', '<template><a href="https://a.example/x">x</a></template>'],
  ])('tracks a %s href', (_what, html) => {
    const { html: out, tracked } = track(html);

    expect(tracked).toEqual(['https://a.example/x']);
    expect(out).toContain('"R(https://a.example/x)"');
    expect(out).not.toMatch(/[\uE000\uE001]/);
  });

  it('decodes entities in the value before deciding, and escapes what it writes', () => {
    const { html, tracked } = track('<a href="https://a.example/?a=1&amp;b=2&#x26;c=3">x</a>');

    expect(tracked).toEqual(['https://a.example/?a=1&b=2&c=3']);
    expect(html).toBe('<a href="R(https://a.example/?a=1&amp;b=2&amp;c=3)">x</a>');
  });

  it('leaves what only looks like a link alone: text, comments, other attributes, scripts', () => {
    const html =
      '<p>write href="https://text.example" in text</p>' +
      '<!-- <a href="https://comment.example">old</a> -->' +
      `<a title='href="https://title.example"' href="https://real.example">x</a>` +
      '<img src="https://img.example/a.png" width="100">' +
      '<link href="https://style.example/a.css">';

    const { html: out, tracked } = track(html);

    expect(tracked).toEqual(['https://real.example']);
    expect(out).toContain('<!-- <a href="https://comment.example">old</a> -->');
    expect(out).toContain(`title='href="https://title.example"'`);
    expect(out).toContain('href="https://style.example/a.css"');
  });

  it('keeps mailto:, tel:, anchors, relative links and the unsubscribe link as they are, quoted', () => {
    const { html, tracked } = track(
      `<a href='mailto:a@b.example'>m</a><a href=tel:+49>t</a><a href="#top">a</a>` +
        `<a href="/relative">r</a><a href="{{unsubscribe_url}}">u</a>`,
      { unsubscribe_url: UNSUBSCRIBE },
    );

    expect(tracked).toEqual([]);
    expect(html).toBe(
      '<a href="mailto:a@b.example">m</a><a href="tel:+49">t</a><a href="#top">a</a>' +
        `<a href="/relative">r</a><a href="${UNSUBSCRIBE}">u</a>`,
    );
  });

  it("follows Handlebars: a personalised href per recipient, a loop's links each with their own URL", () => {
    const template =
      '<a href="https://shop.example/{{plan}}">p</a>' +
      "{{#each items}}<a href='https://shop.example/item/{{this}}'>i</a>{{/each}}" +
      '{{#if never}}<a href="https://hidden.example">h</a>{{/if}}';

    const { tracked } = track(template, { plan: 'pro&max', items: ['1', '2'] });

    expect(tracked).toEqual([
      'https://shop.example/pro&max',
      'https://shop.example/item/1',
      'https://shop.example/item/2',
    ]);
  });

  it("drops marker characters from the template, and from a recipient's data so it cannot pose as a link", () => {
    const data = { v: '\uE000https://fake.example\uE001' };
    const rendered = Handlebars.compile(markLinks('<p>\uE000x\uE001</p><p>{{v}}</p>'))(withoutMarkers(data));

    expect(renderedLinks(rendered)).toEqual([]);
    expect(fillLinks(rendered, UNSUBSCRIBE, () => 'R')).toBe('<p>x</p><p>https://fake.example</p>');
    expect(data.v).toContain('\uE000');
  });
});
