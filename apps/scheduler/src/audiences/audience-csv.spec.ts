import { createHash } from 'node:crypto';
import { audienceCsv, type AudienceCsvCounts } from './audience-csv';
import type { Contact } from './audience-row';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

async function* contacts(n: number): AsyncGenerator<Contact> {
  for (let i = 0; i < n; i++)
    yield {
      email: `user${i}@example.com`,
      phone: i % 2 ? `+4915123456${String(i % 1000).padStart(3, '0')}` : null,
    };
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

describe(audienceCsv.name, () => {
  it('writes the Google Customer Match header first, then one hashed row per contact', async () => {
    const sut = await collect(
      audienceCsv(
        [{ email: 'Ada@Example.com', phone: '+1 212 565 0000' }, { email: 'b@example.com' }],
        'google',
      ),
    );

    expect(sut[0]).toBe('Email,Phone\r\n');
    expect(sut.join('')).toBe(
      `Email,Phone\r\n${sha256('ada@example.com')},${sha256('+12125650000')}\r\n${sha256('b@example.com')},\r\n`,
    );
  });

  it('writes Meta’s lower-case header and its phone rule', async () => {
    const sut = (await collect(audienceCsv([{ phone: '+1 212 565 0000' }], 'meta'))).join('');

    expect(sut).toBe(`email,phone\r\n,${sha256('12125650000')}\r\n`);
  });

  it('counts the contacts it leaves out instead of dropping them silently', async () => {
    const counts: AudienceCsvCounts = { rows: 0, skipped: 0 };
    const sut = await collect(
      audienceCsv([{ email: 'x' }, { email: 'a@example.com' }, {}], 'google', counts),
    );

    expect(sut.join('').split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(counts).toEqual({ rows: 1, skipped: 2 });
  });

  it('streams a large segment in chunks of bounded size, as it reads it', async () => {
    let read = 0;
    async function* counted(): AsyncGenerator<Contact> {
      for await (const c of contacts(5000)) {
        read++;
        yield c;
      }
    }
    const iterator = audienceCsv(counted(), 'google')[Symbol.asyncIterator]();

    await iterator.next(); // the header
    const first = await iterator.next();
    expect(read).toBeLessThan(5000); // the first chunk came before the whole segment was read
    expect((first.value as string).length).toBeLessThan(70 * 1024);

    const rest = [first.value as string];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(rest.join('').split('\r\n').filter(Boolean)).toHaveLength(5000);
  });
});
