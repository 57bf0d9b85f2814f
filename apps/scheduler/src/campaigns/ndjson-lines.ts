import type { Readable } from 'node:stream';

const MAX_LINE = 1024 * 1024; // characters

/** Splits a byte stream into lines without holding more than one line (and one chunk) in memory. */
export async function* ndjsonLines(stream: Readable): AsyncGenerator<{ line: string; number: number }> {
  let rest = '';
  let number = 0;
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
      number++;
      if (line.length > MAX_LINE) throw new LineTooLong(number);
      if (line.trim() !== '') yield { line, number };
    }
    if (rest.length > MAX_LINE) throw new LineTooLong(number + 1);
  }
  if (rest.trim() !== '') yield { line: rest.replace(/\r$/, ''), number: number + 1 };
}

export class LineTooLong extends Error {
  constructor(readonly lineNumber: number) {
    super(`line ${lineNumber} is longer than ${MAX_LINE} characters`);
  }
}
