import Handlebars from 'handlebars';
import { RUNTIME, splitTemplate, type TemplatePiece } from './template-pieces';

const hbs = Handlebars.create();
const context = {
  name: 'Ada & <Bob>',
  plan: 'pro',
  vars: { plan: 'pro' },
  items: ['one', 'two'],
  empty: [],
  yes: true,
  no: false,
  nested: { deep: 'down' },
};

function rendered(pieces: readonly TemplatePiece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : p.render(context))).join('');
}

function whole(source: string, noEscape: boolean): string {
  return hbs.compile(source, { strict: true, noEscape })(context, RUNTIME);
}

describe(splitTemplate.name, () => {
  it('keeps text static and makes a slot of each mustache', () => {
    const sut = splitTemplate(hbs, 'Hi {{name}}, plan {{{vars.plan}}}.', { noEscape: false });

    expect(sut.split).toBe(true);
    expect(sut.pieces.map((p) => (typeof p === 'string' ? p : 'SLOT'))).toEqual([
      'Hi ',
      'SLOT',
      ', plan ',
      'SLOT',
      '.',
    ]);
    expect(rendered(sut.pieces)).toBe('Hi Ada &amp; &lt;Bob&gt;, plan pro.');
  });

  it.each([
    ['escaped and raw mustaches', '<p>{{name}} {{{name}}} {{nested.deep}}</p>'],
    ['a standalone block on its own lines', 'a\n{{#if yes}}\n  yes\n{{/if}}\nb'],
    ['a block that is not standalone', 'a {{#if yes}}\n  yes\n{{/if}} b'],
    ['a standalone block followed by a blank line', '{{#if yes}}\n\nyes\n{{/if}}\n\nb'],
    ['an else chain, standalone', 'x\n{{#if no}}\nno\n{{else if yes}}\nyes\n{{else}}\nelse\n{{/if}}\ny'],
    [
      'each over a list, with @index and @root',
      '{{#each items}}\n<li>{{@index}} {{this}} {{@root.plan}}</li>\n{{/each}}',
    ],
    ['each with block params and ../', '{{#each items as |item i|}}{{item}}-{{i}}-{{../plan}};{{/each}}'],
    ['an empty list with an else', '{{#each empty}}x{{else}}\nnone\n{{/each}}'],
    ['tilde stripping on both sides', 'a   {{~name~}}   b {{~#if yes~}}  c  {{~/if~}}  d'],
    ['tilde inside a block and an else', '{{#if no~}} x {{~else~}} y {{~/if}}'],
    ['a standalone comment', 'a\n{{! a comment }}\nb {{!-- another --}} c'],
    [
      'with, lookup and a sub-expression',
      '{{#with nested}}{{deep}}{{/with}} {{lookup vars "plan"}} {{#if (lookup vars "plan")}}p{{/if}}',
    ],
    ['windows line breaks around standalone tags', 'a\r\n{{#if yes}}\r\nyes\r\n{{/if}}\r\nb'],
    ['a mustache at the start and end', '{{name}} middle {{plan}}'],
  ])('renders exactly as the whole template: %s', (_what, source) => {
    for (const noEscape of [false, true]) {
      const sut = splitTemplate(hbs, source, { noEscape });

      expect(sut.split).toBe(true);
      expect(rendered(sut.pieces)).toBe(whole(source, noEscape));
    }
  });

  it('keeps a template with a partial or an inline partial whole', () => {
    const source = '{{#*inline "p"}}[{{name}}]{{/inline}}a {{> p}} b';

    const sut = splitTemplate(hbs, source, { noEscape: false });

    expect(sut.split).toBe(false);
    expect(sut.pieces).toHaveLength(1);
    expect(rendered(sut.pieces)).toBe(whole(source, false));
  });

  it("throws strict mode's error for a missing variable, with the whole template's location", () => {
    const source = 'line one\nHello {{vars.missing}}';
    const sut = splitTemplate(hbs, source, { noEscape: false });

    expect(() => rendered(sut.pieces)).toThrow(
      (() => {
        try {
          whole(source, false);
        } catch (err) {
          return (err as Error).message;
        }
        throw new Error('the whole template rendered');
      })(),
    );
  });

  it('throws the parse error of a template that does not parse', () => {
    expect(() => splitTemplate(hbs, 'Hi {{#if}}', { noEscape: false })).toThrow(/Parse error/);
  });
});
