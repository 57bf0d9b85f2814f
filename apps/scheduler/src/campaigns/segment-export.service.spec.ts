import { csvField } from './segment-export.service';

describe('csvField', () => {
  it('writes null as an empty cell', () => {
    expect(csvField(null)).toBe('');
  });

  it('writes a plain value as it is', () => {
    expect(csvField('ada@example.com')).toBe('ada@example.com');
  });

  it('writes the empty string as an empty cell', () => {
    expect(csvField('')).toBe('');
  });

  it.each([
    ['a comma', 'Lovelace, Ada', '"Lovelace, Ada"'],
    ['a double quote', 'Ada "the Countess"', '"Ada ""the Countess"""'],
    ['a line feed', '550 mailbox\nunavailable', '"550 mailbox\nunavailable"'],
    ['a CRLF', '550 mailbox\r\nunavailable', '"550 mailbox\r\nunavailable"'],
    ['an apostrophe', "O'Brien", `"O'Brien"`],
  ])('quotes a value containing %s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+', '+1+1', `"'+1+1"`],
    ['-', '-2+3', `"'-2+3"`],
    ['@', '@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['a tab', '\t=1+1', `"'\t=1+1"`],
    ['a carriage return', '\r=1+1', `"'\r=1+1"`],
  ])('defuses a formula starting with %s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(csvField('ada=lovelace@example.com')).toBe('ada=lovelace@example.com');
    expect(csvField('2026-11-28T09:00:00.000Z')).toBe('2026-11-28T09:00:00.000Z');
  });

  it('yields exactly one cell when read back by an RFC 4180 parser', () => {
    const values = ['a,b', 'say "hi"', 'line\r\nbreak', '=cmd', ''];

    const line = values.map(csvField).join(',');

    expect(parseCsvLine(line)).toEqual(['a,b', 'say "hi"', 'line\r\nbreak', "'=cmd", '']);
  });
});

/** A minimal RFC 4180 reader for one record, to check the quoting round-trips. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          cell += line[i++];
        }
      }
    } else {
      while (i < line.length && line[i] !== ',') cell += line[i++];
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // the comma
  }
}
