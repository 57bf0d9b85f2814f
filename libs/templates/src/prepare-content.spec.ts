import { prepareContent } from './prepare-content';
import { TemplateRejected } from './template-rejected';

const OUTLOOK_HTML = `<!DOCTYPE html>
<html>
<head>
  <style>
    .container { width: 600px; }
    .hero { width: 600px; display: block; }
    p { font-family: Arial, sans-serif; color: #333333; }
    @media only screen and (max-width: 620px) { .container { width: 100% !important; } }
  </style>
</head>
<body>
  <table role="presentation" class="container" align="center">
    <tr><td><img class="hero" src="{{heroUrl}}" alt="{{heroAlt}}"></td></tr>
    <tr><td><h1>Hello {{name}}</h1><p>Your plan: {{{planHtml}}}</p></td></tr>
    {{#each items}}<tr><td><p><a href="{{url}}">{{title}}</a> {{#if sale}}now {{price}}{{else}}{{price}}{{/if}}</p></td></tr>{{/each}}
    <tr><td><p>{{> footer}} <a href="{{unsubscribeUrl}}">Unsubscribe</a></p></td></tr>
  </table>
</body>
</html>`;

const MJML = `<mjml>
  <mj-body width="600px">
    <mj-section>
      <mj-column>
        <mj-image src="{{heroUrl}}" alt="{{heroAlt}}" width="600px" />
        <mj-text>Hello {{name}}</mj-text>
        <mj-raw>{{#each items}}</mj-raw>
        <mj-text><a href="{{url}}">{{title}}</a></mj-text>
        <mj-raw>{{/each}}</mj-raw>
        <mj-button href="{{unsubscribeUrl}}">Unsubscribe</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

async function rejection(promise: Promise<unknown>): Promise<TemplateRejected> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TemplateRejected) return err;
    throw err;
  }
  throw new Error('expected TemplateRejected');
}

describe(prepareContent.name, () => {
  describe('HTML', () => {
    it('inlines the CSS of <style> blocks and keeps the media queries in the head', async () => {
      const sut = await prepareContent({ html: OUTLOOK_HTML });

      expect(sut.html).toContain('<p style="font-family: Arial, sans-serif; color: #333333;">Your plan');
      expect(sut.html).toContain('class="container" align="center" style="width: 600px;" width="600"');
      expect(sut.html).toMatch(
        /<head>\s*<style>\s*@media only screen and \(max-width: 620px\) \{\s*\.container \{\s*width: 100% !important;/,
      );
      expect(sut.html).not.toContain('.hero {');
    });

    it('gives a CSS-sized image the width attribute Outlook reads, so it is not reported', async () => {
      const sut = await prepareContent({ html: OUTLOOK_HTML });

      expect(sut.html).toContain('width="600"');
      expect(sut.findings).toEqual([]);
    });

    it('leaves every Handlebars placeholder exactly as written, in the HTML and in the text', async () => {
      const sut = await prepareContent({ html: OUTLOOK_HTML });

      for (const p of [
        '{{heroUrl}}',
        '{{heroAlt}}',
        '{{name}}',
        '{{{planHtml}}}',
        '{{#each items}}',
        '{{/each}}',
        '{{url}}',
        '{{title}}',
        '{{#if sale}}',
        '{{else}}',
        '{{/if}}',
        '{{> footer}}',
        '{{unsubscribeUrl}}',
      ]) {
        expect(sut.html).toContain(p);
      }
      expect(sut.text).toContain('Hello {{name}}'); // not upper-cased as a heading
      expect(sut.text).toContain('{{#each items}}');
      expect(sut.text).toContain('{{title}} [{{url}}] {{#if sale}}now {{price}}{{else}}{{price}}{{/if}}');
      expect(sut.text).toContain('{{> footer}} Unsubscribe [{{unsubscribeUrl}}]');
      expect(sut.text).not.toContain('heroUrl'); // images are left out of the text part
    });

    it('keeps a text part that was given', async () => {
      const sut = await prepareContent({ html: OUTLOOK_HTML, text: 'Hi {{name}}' });

      expect(sut.text).toBe('Hi {{name}}');
    });

    it('returns the width findings of the HTML as it will be sent', async () => {
      const sut = await prepareContent({
        html: OUTLOOK_HTML.replace('.hero { width: 600px;', '.hero { width: 900px;'),
      });

      expect(sut.findings).toEqual([
        expect.objectContaining({ severity: 'error', message: expect.stringContaining('900 px') }),
      ]);
    });

    it('warns when the HTML is past the size at which Gmail clips it', async () => {
      const filler = `<p>${'x'.repeat(1000)}</p>\n`.repeat(110);
      const sut = await prepareContent({ html: OUTLOOK_HTML.replace('</table>', `</table>${filler}`) });

      expect(sut.findings).toEqual([
        { severity: 'warning', element: '<html>', message: expect.stringContaining('Gmail clips') },
      ]);
    });
  });

  describe('MJML', () => {
    it('compiles it, keeping placeholders and block helpers in <mj-raw>', async () => {
      const sut = await prepareContent({ mjml: MJML });

      expect(sut.html).toMatch(/^<!doctype html>/i);
      for (const p of [
        '{{heroUrl}}',
        '{{name}}',
        '{{#each items}}',
        '{{url}}',
        '{{/each}}',
        '{{unsubscribeUrl}}',
      ]) {
        expect(sut.html).toContain(p);
      }
      expect(sut.text).toContain('Hello {{name}}');
      expect(sut.findings).toEqual([]);
    });

    it('reports a body wider than the limit, as MJML renders it for every client', async () => {
      const sut = await prepareContent({ mjml: MJML.replace('width="600px"', 'width="760px"') });

      expect(sut.findings.length).toBeGreaterThan(0);
      expect(sut.findings.every((f) => f.severity === 'error' && /760 px/.test(f.message))).toBe(true);
    });

    it('refuses MJML that does not validate, with MJML’s messages and lines', async () => {
      const bad = `<mjml>
  <mj-body>
    <mj-section>
      <mj-text color="red">Not in a column</mj-text>
      <mj-column><mj-image src="a.png" widht="3px" /></mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
      const sut = await rejection(prepareContent({ mjml: bad }));

      expect(sut.problems).toEqual([
        {
          line: 4,
          message: expect.stringMatching(/^MJML: mj-text: mj-text cannot be used inside mj-section/),
        },
        { line: 5, message: 'MJML: mj-image: Attribute widht is illegal' },
      ]);
    });

    it('refuses a block helper that MJML would drop between components', async () => {
      const sut = await rejection(
        prepareContent({ mjml: MJML.replace('<mj-raw>{{#each items}}</mj-raw>', '{{#each items}}') }),
      );

      expect(sut.problems).toEqual([
        { line: 7, message: expect.stringMatching(/^\{\{#each items\}\} is lost in MJML: .*<mj-raw>/) },
      ]);
    });

    it('refuses mj-include: a template must not read the server’s files', async () => {
      const sut = await rejection(
        prepareContent({
          mjml: MJML.replace('<mj-section>', '<mj-include path="/etc/passwd" />\n    <mj-section>'),
        }),
      );

      expect(sut.problems).toEqual([
        { line: 3, message: 'mj-include is not supported: submit the whole template' },
      ]);
    });

    it('refuses a script in mj-raw or a script URL on a button', async () => {
      const sut = await rejection(
        prepareContent({
          mjml: MJML.replace(
            '<mj-raw>{{/each}}</mj-raw>',
            '<mj-raw>{{/each}}<script>x()</script></mj-raw>',
          ).replace('href="{{unsubscribeUrl}}"', 'href="javascript:alert(1)"'),
        }),
      );

      expect(sut.problems.map((p) => p.message)).toEqual([
        'a <script> element is not allowed in an email',
        'a script URL in href= on <mj-button> is not allowed',
      ]);
    });
  });

  describe('refusals', () => {
    it.each([
      [
        '<script>',
        '<p>Hi</p>\n<script src="https://x.example/t.js"></script>',
        'a <script> element is not allowed in an email',
        2,
      ],
      [
        'an onclick handler',
        '<p>\n<a href="#" onclick="steal()">Hi</a></p>',
        'event handler onclick= on <a> is not allowed',
        2,
      ],
      [
        'an onerror handler on an image',
        '<img src="x" width="1" onerror="steal()">',
        'event handler onerror= on <img src="x" width="1"> is not allowed',
        1,
      ],
      [
        'a javascript: link',
        '<a href="javascript:steal()">Hi</a>',
        'a script URL in href= on <a> is not allowed',
        1,
      ],
      [
        'an entity-encoded, spaced javascript: link',
        '<a href=" jav&#x61;&#10;script:steal()">Hi</a>',
        'a script URL in href= on <a> is not allowed',
        1,
      ],
      [
        'a vbscript: image',
        '<img width="1" src="VBScript:x">',
        'a script URL in src= on <img src="VBScript:x" width="1"> is not allowed',
        1,
      ],
      [
        'an iframe',
        '<p>Hi</p>\n<iframe src="https://x.example/"></iframe>',
        'an <iframe> element (active content) is not allowed in an email',
        2,
      ],
      [
        'an embedded object',
        '<object data="https://x.example/a.swf"></object>',
        'an <object> element (active content) is not allowed in an email',
        1,
      ],
    ])('refuses %s', async (_what, html, message, line) => {
      const sut = await rejection(prepareContent({ html }));

      expect(sut.problems).toEqual([{ message, line }]);
    });

    it('lists every problem, not only the first', async () => {
      const sut = await rejection(
        prepareContent({ html: '<script></script>\n<a onclick="x" href="javascript:y">z</a>' }),
      );

      expect(sut.problems).toHaveLength(3);
      expect(sut.message).toMatch(/^template refused: line 1: a <script> element/);
    });

    it.each([
      ['cut off inside a tag', '<table><tr><td><img src="hero.png" width="6', 'the HTML ends inside a tag'],
      [
        'cut off inside a comment',
        '<p>Hi</p><!--[if mso]><table>',
        'the HTML ends inside a comment (<!-- is never closed)',
      ],
      [
        'a <style> never closed',
        '<style>p { color: red }\n<p>Hi</p>',
        'a <style>, <title> or <textarea> is never closed and swallows the rest',
      ],
    ])('refuses broken HTML: %s', async (_what, html, message) => {
      const sut = await rejection(prepareContent({ html }));

      expect(sut.problems).toContainEqual(expect.objectContaining({ message }));
    });

    it('refuses a table, div or link that is never closed, with its line', async () => {
      const html = `<table width="600">\n<tr><td>\n<div class="inner">\n<a href="https://shop.example">Shop</td></tr>\n`;
      const sut = await rejection(prepareContent({ html }));

      expect(sut.problems).toEqual([
        { message: '<table width="600"> is never closed', line: 1 },
        { message: '<div class="inner"> is never closed', line: 3 },
        { message: '<a> is never closed', line: 4 },
      ]);
    });

    it('accepts the sloppiness every client copes with (no doctype, <br/>, omitted </td> and </p>)', async () => {
      const sut = await prepareContent({ html: '<table width="600"><tr><td><p>Hi<br/>there<td>x</table>' });

      expect(sut.html).toContain('Hi<br>there');
    });

    it('refuses a template over the size limit before parsing it', async () => {
      const sut = await rejection(prepareContent({ html: 'x'.repeat(2049) }, { maxBytes: 2048 }));

      expect(sut.problems).toEqual([{ message: 'html is 2049 bytes, more than the 2048 accepted' }]);
    });

    it('counts the size in UTF-8 bytes, and checks the text part too', async () => {
      const sut = await rejection(
        prepareContent({ html: '<p>ok</p>', text: 'ü'.repeat(1025) }, { maxBytes: 2048 }),
      );

      expect(sut.problems).toEqual([{ message: 'text is 2050 bytes, more than the 2048 accepted' }]);
    });

    it('refuses an empty template, and html together with mjml', async () => {
      expect((await rejection(prepareContent({ html: ' ' }))).problems).toEqual([
        { message: 'the template is empty' },
      ]);
      expect((await rejection(prepareContent({}))).problems).toEqual([{ message: 'the template is empty' }]);
      expect((await rejection(prepareContent({ html: '<p>a</p>', mjml: MJML }))).problems).toEqual([
        { message: 'give html or mjml, not both' },
      ]);
    });
  });
});
