import fc from 'fast-check';
import { compileBodyEncoding, crlf, prefersBase64 } from './body-encoding';
import type { FilledPieces } from './template-pieces';

/** Quoted-printable undone by the book (RFC 2045 6.7): soft breaks dropped, `=XX` to bytes. */
function decodeQp(encoded: string): string {
  expect(encoded).not.toMatch(/=(?![0-9A-F]{2}|\r\n)/);
  const bytes = Buffer.from(encoded.replace(/=\r\n/g, ''), 'latin1');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x3d) {
      out.push(parseInt(bytes.toString('latin1', i + 1, i + 3), 16));
      i += 2;
    } else out.push(bytes[i]);
  }
  return Buffer.from(out).toString('utf8');
}

function lines(encoded: string): string[] {
  expect(encoded).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  return encoded.split('\r\n');
}

/** Statics as pieces 0..n-1 and the rest rendered, in the order given. */
function encoded(pieces: ReadonlyArray<{ text: string; isStatic: boolean }>) {
  const statics = pieces.filter((p) => p.isStatic).map((p) => p.text);
  let next = 0;
  const filled: FilledPieces = pieces.map((p) => (p.isStatic ? next++ : p.text));
  const sut = compileBodyEncoding(statics);
  return { sut, text: sut.encode(filled).join('') };
}

const piece = fc.record({
  text: fc.string({
    unit: fc.oneof(
      fc.constantFrom(' ', '\t', '\r', '\n', '\r\n', '=', '.', '-', 'é', '€', '🎉', '<a href="x">'),
      fc.string({ minLength: 1, maxLength: 90, unit: fc.constantFrom('a', 'b', 'Z', ' ', '0') }),
    ),
    maxLength: 30,
  }),
  isStatic: fc.boolean(),
});

describe(compileBodyEncoding.name, () => {
  it('encodes static and rendered pieces so that they decode to the whole text, CRLF line breaks', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const whole = pieces.map((p) => p.text).join('');
        fc.pre(
          !prefersBase64(
            pieces
              .filter((p) => p.isStatic)
              .map((p) => p.text)
              .join(''),
          ),
        );

        const { sut, text } = encoded(pieces);

        expect(sut.transferEncoding).toBe('quoted-printable');
        expect(decodeQp(text)).toBe(crlf(whole));
        for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(76);
        expect(text).not.toContain('=_');
        expect(text.endsWith('=\r\n')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('closes a line with a soft break where the next piece would make it longer than 76', () => {
    const { text } = encoded([
      { text: 'x'.repeat(70), isStatic: true },
      { text: 'Ada Lovelace', isStatic: false },
      { text: '!', isStatic: true },
    ]);

    expect(text).toBe(`${'x'.repeat(70)}=\r\nAda Lovelace!`);
  });

  it.each([74, 75, 76, 77, 150, 151, 152])('keeps lines within 76 after a piece of %i characters', (n) => {
    const { text } = encoded([
      { text: 'x'.repeat(n), isStatic: true },
      { text: 'y'.repeat(10), isStatic: false },
      { text: 'z'.repeat(n), isStatic: false },
    ]);

    expect(decodeQp(text)).toBe('x'.repeat(n) + 'y'.repeat(10) + 'z'.repeat(n));
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('reads a CR ending one piece and an LF starting the next as one line break', () => {
    const { text } = encoded([
      { text: 'one\r', isStatic: true },
      { text: '\ntwo\r', isStatic: false },
      { text: '\nthree', isStatic: true },
    ]);

    expect(decodeQp(text)).toBe('one\r\ntwo\r\nthree');
  });

  it('joins short pieces on one line, keeping white space at their ends (encoded, so no transport strips it)', () => {
    const { text } = encoded([
      { text: 'Hello ', isStatic: true },
      { text: 'Ada', isStatic: false },
      { text: ' \n', isStatic: true },
    ]);

    expect(text).toBe('Hello=20Ada=20\r\n');
    expect(decodeQp(text)).toBe('Hello Ada \r\n');
  });

  it('encodes a mostly non-Latin part whole in base64, lines of 76', () => {
    const pieces = [
      { text: 'Здравствуйте, ', isStatic: true },
      { text: 'Ада', isStatic: false },
      { text: '!\nВаш тариф: '.repeat(20), isStatic: true },
    ];

    const { sut, text } = encoded(pieces);

    expect(sut.transferEncoding).toBe('base64');
    expect(Buffer.from(text, 'base64').toString('utf8')).toBe(crlf(pieces.map((p) => p.text).join('')));
    const all = lines(text);
    for (const line of all.slice(0, -1)) expect(line).toHaveLength(76);
    expect(all[all.length - 1].length).toBeLessThanOrEqual(76);
  });
});

describe(prefersBase64.name, () => {
  it.each([
    ['English', 'Hello Ada, your plan is pro.', false],
    ['German with umlauts', 'Grüße aus Köln, Ihr Tarif ist günstig.', false],
    ['Russian', 'Здравствуйте, ваш тариф', true],
    ['nothing static', '', false],
  ])('%s: base64 is %s', (_what, text, expected) => {
    expect(prefersBase64(text)).toBe(expected);
  });
});
