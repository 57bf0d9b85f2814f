import { Readable } from 'node:stream';
import { LineTooLong, ndjsonLines } from './ndjson-lines';

const MAX_LINE = 1024 * 1024;

/** A byte stream delivering exactly these chunks, the way a socket might cut them. */
function streamOf(...chunks: (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
}

async function collect(stream: Readable): Promise<{ line: string; number: number }[]> {
  const lines: { line: string; number: number }[] = [];
  for await (const l of ndjsonLines(stream)) lines.push(l);
  return lines;
}

describe('ndjsonLines', () => {
  it('yields each line with its 1-based number', async () => {
    const lines = await collect(streamOf('{"email":"a@x.io"}\n{"email":"b@x.io"}\n'));

    expect(lines).toEqual([
      { line: '{"email":"a@x.io"}', number: 1 },
      { line: '{"email":"b@x.io"}', number: 2 },
    ]);
  });

  it('joins lines that chunks split in odd places', async () => {
    const lines = await collect(streamOf('{"em', 'ail":"a@x.io"}', '\n{"email"', ':"b@x.io"}\n{', '}\n'));

    expect(lines).toEqual([
      { line: '{"email":"a@x.io"}', number: 1 },
      { line: '{"email":"b@x.io"}', number: 2 },
      { line: '{}', number: 3 },
    ]);
  });

  it('yields the same lines however the input is cut into chunks', async () => {
    const text = '{"a":1}\r\n\n{"b":2}\n  \n{"c":3}';
    const whole = await collect(streamOf(text));

    for (let size = 1; size <= 4; size++) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
        text.slice(i * size, (i + 1) * size),
      );
      expect(await collect(streamOf(...chunks))).toEqual(whole);
    }
    expect(whole.map((l) => l.line)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('strips the CR of CRLF line endings, even when CR and LF arrive in different chunks', async () => {
    const lines = await collect(streamOf('{"a":1}\r', '\n{"b":2}\r\n'));

    expect(lines).toEqual([
      { line: '{"a":1}', number: 1 },
      { line: '{"b":2}', number: 2 },
    ]);
  });

  it('skips blank lines but still counts them', async () => {
    const lines = await collect(streamOf('\n{"a":1}\n\n   \n\r\n{"b":2}\n\n'));

    expect(lines).toEqual([
      { line: '{"a":1}', number: 2 },
      { line: '{"b":2}', number: 6 },
    ]);
  });

  it('yields a final line that has no newline', async () => {
    const lines = await collect(streamOf('{"a":1}\n{"b"', ':2}'));

    expect(lines).toEqual([
      { line: '{"a":1}', number: 1 },
      { line: '{"b":2}', number: 2 },
    ]);
  });

  it('yields nothing for an empty or blank stream', async () => {
    expect(await collect(streamOf())).toEqual([]);
    expect(await collect(streamOf('\n', ' \r\n', '\t'))).toEqual([]);
  });

  it('decodes a UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('{"name":"Zoë ✉"}\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('✉', 'utf8')) + 1;

    const lines = await collect(streamOf(bytes.subarray(0, cut), bytes.subarray(cut)));

    expect(lines).toEqual([{ line: '{"name":"Zoë ✉"}', number: 1 }]);
  });

  it('throws LineTooLong with the line number when a line outgrows the limit', async () => {
    const long = 'x'.repeat(64 * 1024);
    const chunks = [
      '{"a":1}\n',
      '{"b":2}\n',
      ...Array.from({ length: MAX_LINE / long.length + 1 }, () => long),
    ];

    const err = await collect(streamOf(...chunks)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(LineTooLong);
    expect((err as LineTooLong).lineNumber).toBe(3);
    expect((err as LineTooLong).message).toBe(`line 3 is longer than ${MAX_LINE} characters`);
  });

  it('accepts a line of exactly the limit', async () => {
    const line = 'x'.repeat(MAX_LINE);

    const lines = await collect(streamOf(line.slice(0, MAX_LINE / 2), line.slice(MAX_LINE / 2), '\n'));

    expect(lines).toEqual([{ line, number: 1 }]);
  });

  it('stops reading once the consumer stops', async () => {
    const stream = streamOf('{"a":1}\n{"b":2}\n{"c":3}\n');
    const seen: string[] = [];

    for await (const { line } of ndjsonLines(stream)) {
      seen.push(line);
      break;
    }

    expect(seen).toEqual(['{"a":1}']);
    expect(stream.destroyed).toBe(true);
  });
});
