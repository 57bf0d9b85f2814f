import { flattenDiagnostic, htmlToText, MAX_DIAGNOSTIC_CHARS } from './plain-text';

describe(flattenDiagnostic.name, () => {
  it('keeps a server reply as it is, angle-bracketed addresses included', () => {
    expect(flattenDiagnostic('550 5.1.1 <kijitora@example.jp>... User Unknown')).toBe(
      '550 5.1.1 <kijitora@example.jp>... User Unknown',
    );
  });

  it('flattens lines and runs of blanks into one line', () => {
    expect(flattenDiagnostic('550-5.7.26 Unauthenticated email\n550-5.7.26   is not\r\n\taccepted')).toBe(
      '550-5.7.26 Unauthenticated email 550-5.7.26 is not accepted',
    );
  });

  it.each([
    ['a script element', '550 <script>alert(1)</script>User unknown', '550 User unknown'],
    ['an event handler', '550 <img src=x onerror="alert(1)">blocked', '550 blocked'],
    ['a style element', '<style>body{}</style>550 full', '550 full'],
    ['an unclosed script', '550 bad <script>alert(1)', '550 bad'],
    ['entity-encoded markup', '550 &lt;script&gt;alert(1)&lt;/script&gt; no', '550 no'],
    ['a comment', '550 <!-- <script>x</script> --> rejected', '550 rejected'],
    ['links', '550 see <a href="javascript:alert(1)">here</a>', '550 see here'],
  ])('removes %s', (_, input, expected) => {
    const flat = flattenDiagnostic(input);
    expect(flat).toBe(expected);
    expect(flat).not.toMatch(/<\/?[a-z]/i);
  });

  it('drops control and invisible characters', () => {
    expect(flattenDiagnostic('550\u0000 user\u0007 unknown\u200b\u2028!')).toBe('550 user unknown !');
  });

  it(`caps the text at ${MAX_DIAGNOSTIC_CHARS} characters`, () => {
    const flat = flattenDiagnostic('550 ' + 'x'.repeat(5000));
    expect(flat.length).toBe(MAX_DIAGNOSTIC_CHARS);
    expect(flat.endsWith('…')).toBe(true);
  });

  it.each([
    ['closed tags', '<div><script>'],
    ['tags that never close', '<script '],
    ['attributes that never close', '<div x='],
    ['comments that never close', '<!--'],
  ])('handles a huge input of %s quickly', (_, unit) => {
    const started = Date.now();
    flattenDiagnostic(unit.repeat(100_000));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe(htmlToText.name, () => {
  it('handles a hostile HTML part of the size the parser reads quickly', () => {
    const started = Date.now();
    htmlToText('<div x=<script '.repeat(9000));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps the line structure of an HTML bounce', () => {
    expect(htmlToText('<p>Delivery has failed to:</p><p>a@example.net</p><br>Mailbox&nbsp;full')).toBe(
      'Delivery has failed to:\na@example.net\nMailbox full',
    );
  });
});
