import type { AudienceContactRow, AudiencePage, AudienceStore, Ledger } from '@postroom/ledger';
import { createHash } from 'node:crypto';
import { AudienceExportService } from './audience-export.service';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The store's contract over an in-memory list: keyset pages, listed contacts left out unless includeAll. */
class FakeAudienceStore {
  readonly pages: AudiencePage[] = [];
  constructor(
    private readonly contacts: { email?: string; phone?: string; listed: boolean }[],
    private readonly known = true,
  ) {}

  async campaignExcluded(): Promise<number | undefined> {
    return this.known ? this.contacts.filter((c) => c.listed).length : undefined;
  }

  async campaignContacts(_sql: unknown, _id: string, page: AudiencePage): Promise<AudienceContactRow[]> {
    this.pages.push(page);
    const start = page.after === '' ? 0 : Number(page.after);
    return this.contacts
      .map((c, i) => ({ ...c, key: String(i + 1) }))
      .filter((c) => Number(c.key) > start && (page.includeAll || !c.listed))
      .slice(0, page.limit)
      .map(({ key, email, phone }) => ({ key, email: email ?? null, phone: phone ?? null }));
  }
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

function sutWith(store: FakeAudienceStore) {
  return new AudienceExportService({} as Ledger, store as unknown as AudienceStore);
}

describe(AudienceExportService.name, () => {
  it('streams every page, hashes each address, and counts the ones left out before the body', async () => {
    const contacts = Array.from({ length: 12_001 }, (_, i) => ({
      email: `user${i}@example.com`,
      listed: i % 1000 === 0,
    }));
    const store = new FakeAudienceStore(contacts);

    const sut = await sutWith(store).campaign('c1', 'google', false);

    expect(sut?.excluded).toBe(13);
    const lines = (await text(sut!.csv)).split('\r\n');
    expect(lines[0]).toBe('Email,Phone');
    expect(lines.slice(1, -1)).toHaveLength(12_001 - 13);
    expect(lines[1]).toBe(`${sha256('user1@example.com')},`);
    expect(lines).not.toContain(`${sha256('user1000@example.com')},`);
    expect(store.pages.map((p) => p.after)).toEqual(['', '5006', '10011']); // the last key of each page of 5000;
  });

  it('puts the left-out contacts back with includeAll, and then reports none left out', async () => {
    const store = new FakeAudienceStore([
      { email: 'Test@Example.com', listed: true },
      { email: 'ada@example.com', listed: false },
    ]);

    const sut = await sutWith(store).campaign('c1', 'meta', true);

    expect(sut?.excluded).toBe(0);
    expect(await text(sut!.csv)).toBe(
      'email,phone\r\n' +
        // sha256('test@example.com'), as published by every hashing guide
        '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b,\r\n' +
        `${sha256('ada@example.com')},\r\n`,
    );
  });

  it('hashes an SMS contact’s E.164 phone, with the plus for Google and without it for Meta', async () => {
    const contacts = [{ phone: '+14155552671', listed: false }];

    const google = await sutWith(new FakeAudienceStore(contacts)).campaign('c1', 'google', false);
    const meta = await sutWith(new FakeAudienceStore(contacts)).campaign('c1', 'meta', false);

    // printf '+14155552671' | sha256sum, and printf '14155552671' | sha256sum
    expect(await text(google!.csv)).toBe(
      'Email,Phone\r\n,cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928\r\n',
    );
    expect(await text(meta!.csv)).toBe(
      'email,phone\r\n,758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0\r\n',
    );
  });

  it('answers undefined for a campaign that does not exist', async () => {
    expect(await sutWith(new FakeAudienceStore([], false)).campaign('nope', 'google', false)).toBeUndefined();
  });
});
