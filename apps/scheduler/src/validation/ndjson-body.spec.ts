import { campaignSubmit } from '@postroom/testing';
import { PassThrough, Readable } from 'node:stream';
import { NdjsonBody } from './ndjson-body';
import { InvalidRequest } from './request-validator';

const schemas = { header: 'CampaignHeader', line: 'Recipient' } as const;
const { recipients: _r, ...header } = campaignSubmit({ idempotencyKey: 'k' });

function segment(...lines: string[]): NdjsonBody<'CampaignHeader', 'Recipient'> {
  return new NdjsonBody(Readable.from([lines.join('\n')]), schemas);
}

async function problemsOf(work: Promise<unknown>): Promise<readonly string[]> {
  try {
    await work;
  } catch (err) {
    if (err instanceof InvalidRequest) return err.problems;
    throw err;
  }
  throw new Error('no problem found');
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of items) seen.push(item);
  return seen;
}

describe(NdjsonBody.name, () => {
  it('gives the header, then each recipient, every line checked against its contract schema', async () => {
    const sut = segment(JSON.stringify(header), '{"email":"a@x.io"}', '', '{"email":"b@x.io","name":"B"}');

    expect(await sut.header()).toEqual(header);
    expect(await all(sut.items())).toEqual([{ email: 'a@x.io' }, { email: 'b@x.io', name: 'B' }]);
  });

  it('refuses a header with recipients or a missing field, naming line 1', async () => {
    const sut = segment(JSON.stringify({ ...header, from: undefined, recipients: [] }));

    expect(await problemsOf(sut.header())).toEqual([
      'line 1: /from is required',
      'line 1: /recipients is not a known field (known: idempotencyKey, account, from, channel, subject, html, mjml, text, sendAt, priority)',
    ]);
  });

  it('refuses a bad recipient with its line number, after the good ones before it', async () => {
    const sut = segment(JSON.stringify(header), '{"email":"a@x.io"}', '', '{"email":"nope","vars":[]}');
    await sut.header();
    const seen: unknown[] = [];

    const problems = await problemsOf(
      (async () => {
        for await (const r of sut.items()) seen.push(r);
      })(),
    );

    expect(seen).toEqual([{ email: 'a@x.io' }]);
    expect(problems).toEqual([
      'line 4: /email must be an email address',
      'line 4: /vars must be a JSON object',
    ]);
  });

  it.each([
    ['a line that is not JSON', ['{"email":"broken'], 'line 2: not JSON'],
    ['a line that is not an object', ['"a@x.io"'], 'line 2 must be a JSON object'],
  ])('refuses %s', async (_what, lines, problem) => {
    const sut = segment(JSON.stringify(header), ...lines);
    await sut.header();

    expect(await problemsOf(all(sut.items()))).toEqual([problem]);
  });

  it('refuses an empty body and a line too long to hold', async () => {
    expect(await problemsOf(segment('').header())).toEqual([
      'empty body: the first line must be a CampaignHeader',
    ]);
    const long = new NdjsonBody(Readable.from([`{"email":"${'a'.repeat(1024 * 1024)}`]), schemas);
    expect(await problemsOf(long.header())).toEqual(['line 1 is longer than 1048576 characters']);
  });

  it('streams: gives each line as it arrives, before the body ends', async () => {
    const socket = new PassThrough();
    const sut = new NdjsonBody(socket, schemas);
    socket.write(`${JSON.stringify(header)}\n{"email":"a@x.io"}\n`);

    expect(await sut.header()).toEqual(header);
    const items = sut.items();
    expect(await items.next()).toEqual({ done: false, value: { email: 'a@x.io' } });
    socket.end('{"email":"b@x.io"}\n');
    expect(await all(items)).toEqual([{ email: 'b@x.io' }]);
  });
});
