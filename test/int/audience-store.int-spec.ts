import { AudienceStore, CampaignStore, type Ledger } from '@postroom/ledger';
import { campaignSubmit, createTestDatabase, smsCampaignSubmit, type TestDatabase } from '@postroom/testing';
import { connectLedger } from './helpers';

const page = (over: { after?: string; includeAll?: boolean } = {}) => ({
  after: '',
  limit: 100,
  includeAll: false,
  ...over,
});

describe(AudienceStore.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  const sut = new AudienceStore();
  const campaigns = new CampaignStore();

  /** A campaign of `emails`, the ones in `sent` given a send time, as the sender would. */
  async function campaign(account: string, emails: string[], sent: string[] = []) {
    const { recipients: _r, ...header } = campaignSubmit({ account });
    const { campaign: row } = await campaigns.create(ledger, header, 1000);
    await campaigns.insertRecipients(
      ledger,
      row,
      emails.map((email) => ({ email })),
      new Date('2031-03-14T09:00:00Z'),
    );
    await ledger.query(
      `update deliveries set status = 'sent', sent_at = '2031-03-14T09:01:00Z'
        where campaign_id = $1 and email_normalized = any($2)`,
      [row.id, sent.map((e) => e.toLowerCase())],
    );
    return row.id;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  it('lists a campaign’s recipients in submission order, leaving out blacklisted and unsubscribed ones', async () => {
    const id = await campaign('shop', ['b@x.example', 'Gone@X.example', 'a@x.example', 'unsub@x.example']);
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values
         ('shop', 'gone@x.example', 'userunknown', 'smtp'), ('shop', 'unsub@x.example', 'unsubscribed', 'unsubscribe'),
         ('other', 'a@x.example', 'manual', 'operator')`,
    );

    const rows = await sut.campaignContacts(ledger, id, page());
    const all = await sut.campaignContacts(ledger, id, page({ includeAll: true }));

    expect(rows.map((r) => r.email)).toEqual(['b@x.example', 'a@x.example']);
    expect(await sut.campaignExcluded(ledger, id)).toBe(2);
    expect(all.map((r) => r.email)).toEqual([
      'b@x.example',
      'Gone@X.example',
      'a@x.example',
      'unsub@x.example',
    ]);
    expect(await sut.campaignContacts(ledger, id, page({ after: all[1].key }))).toEqual([rows[1]]);
  });

  it('lists every contact an account has sent to once, in address order, across its campaigns', async () => {
    await campaign(
      'multi',
      ['c@y.example', 'a@y.example', 'never@y.example'],
      ['c@y.example', 'a@y.example'],
    );
    await campaign(
      'multi',
      ['A@y.example', 'b@y.example', 'listed@y.example'],
      ['A@y.example', 'b@y.example', 'listed@y.example'],
    );
    await campaign('elsewhere', ['z@y.example'], ['z@y.example']);
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values ('multi', 'listed@y.example', 'complaint', 'arf')`,
    );

    const rows = await sut.accountContacts(ledger, 'multi', page());
    const next = await sut.accountContacts(ledger, 'multi', { ...page(), after: 'a@y.example', limit: 1 });

    expect(rows.map((r) => r.email)).toEqual(['a@y.example', 'b@y.example', 'c@y.example']);
    expect(await sut.accountExcluded(ledger, 'multi')).toBe(1);
    expect(
      (await sut.accountContacts(ledger, 'multi', page({ includeAll: true }))).map((r) => r.email),
    ).toContain('listed@y.example');
    expect(next.map((r) => r.email)).toEqual(['b@y.example']);
  });

  it('gives an SMS campaign’s contacts by their E.164 phone, and an account’s across both channels', async () => {
    await campaign('both', ['mail@z.example'], ['mail@z.example']);
    const { recipients: _r, ...header } = smsCampaignSubmit({ account: 'both' });
    const { campaign: sms } = await campaigns.create(ledger, header, 1000);
    await campaigns.insertSmsRecipients(
      ledger,
      sms,
      [{ phone: '+14155552671' }, { phone: '+4915123456789' }],
      new Date('2031-03-14T09:00:00Z'),
    );
    await ledger.query(
      `update deliveries set status = 'sent', sent_at = '2031-03-14T09:01:00Z' where campaign_id = $1 and phone = '+14155552671'`,
      [sms.id],
    );
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values ('both', '+4915123456789', 'opted-out', 'sms-stop')`,
    );

    const ofCampaign = await sut.campaignContacts(ledger, sms.id, page());
    const ofAccount = await sut.accountContacts(ledger, 'both', page());

    expect(ofCampaign.map(({ email, phone }) => ({ email, phone }))).toEqual([
      { email: null, phone: '+14155552671' },
    ]);
    expect(await sut.campaignExcluded(ledger, sms.id)).toBe(1);
    expect(ofAccount.map(({ email, phone }) => ({ email, phone }))).toEqual([
      { email: null, phone: '+14155552671' },
      { email: 'mail@z.example', phone: null },
    ]);
  });

  it('tells a campaign or account that does not exist from an empty one', async () => {
    expect(await sut.campaignExcluded(ledger, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await sut.accountExcluded(ledger, 'nobody')).toBeUndefined();
    expect(await sut.accountExcluded(ledger, 'shop')).toBe(0); // none of its deliveries was sent
  });
});
