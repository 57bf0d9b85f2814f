import { loadConfig, schedulerEnv } from '@postroom/config';
import { CampaignStore, type Ledger } from '@postroom/ledger';
import { FakeClock } from '@postroom/runtime';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { CampaignContent } from '../../apps/scheduler/src/campaigns/campaign-content';
import { ContentThread } from '../../apps/scheduler/src/campaigns/content-thread';
import { ContentRefused } from '../../apps/scheduler/src/campaigns/content-refused';
import { SubmitCampaignService } from '../../apps/scheduler/src/campaigns/submit-campaign.service';
import { connectLedger, testMetrics } from './helpers';

const WIDE_HTML = `<html><head><style>p { color: #333333; } @media (max-width: 620px) { p { font-size: 18px !important; } }</style></head>
<body><table width="600"><tr><td><img src="https://cdn.example/hero.png" width="900" alt=""><p>Hi {{name}}</p></td></tr></table></body></html>`;

describe('templates on submit (SubmitCampaignService with CampaignContent)', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  const campaigns = new CampaignStore();

  const service = (env: Record<string, string> = {}) => {
    const config = loadConfig('scheduler', schedulerEnv, {
      DATABASE_URL: db.url,
      POSTROOM_API_TOKEN: 'int-test-token-0123456789abcdef',
      ...env,
    });
    return new SubmitCampaignService(
      ledger,
      campaigns,
      config,
      testMetrics(),
      new FakeClock(new Date('2031-03-14T09:00:00Z')),
      new CampaignContent(config, new ContentThread()),
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  it('stores the prepared HTML, the made text part and the template report with the campaign', async () => {
    const { recipients: list, ...header } = campaignSubmit({
      account: 'inline',
      html: WIDE_HTML,
      text: undefined,
    });

    const outcome = await service().submit(header, list, 'api');

    const stored = await campaigns.findById(ledger, outcome.campaign.id);
    expect(stored?.html).toContain('<p style="color: #333333;">Hi {{name}}</p>');
    expect(stored?.html).toMatch(/<style>\s*@media \(max-width: 620px\)/);
    expect(stored?.text).toBe('Hi {{name}}');
    expect(stored?.template_report).toEqual([
      {
        severity: 'error',
        element: '<img src="https://cdn.example/hero.png" width="900">',
        message: 'image is 900 px wide (width="900"), more than 640 px',
      },
    ]);
  });

  it('stores an MJML campaign as its compiled HTML', async () => {
    const { recipients: list, ...header } = campaignSubmit({
      account: 'mjml',
      html: undefined,
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{name}}</mj-text></mj-column></mj-section></mj-body></mjml>',
    });

    const outcome = await service().submit(header, list, 'broker');

    const stored = await campaigns.findById(ledger, outcome.campaign.id);
    expect(stored?.html).toMatch(/^<!doctype html>/i);
    expect(stored?.html).toContain('Hi {{name}}');
    expect(stored?.template_report).toEqual([]);
  });

  it.each([
    ['TEMPLATE_STRICT=true and errors in the report', { TEMPLATE_STRICT: 'true' }, WIDE_HTML, 'strict'],
    ['a script', {}, '<p>Hi</p><script>alert(1)</script>', 'template'],
    [
      'HTML over TEMPLATE_MAX_BYTES',
      { TEMPLATE_MAX_BYTES: '2048' },
      `<p>${'x'.repeat(3000)}</p>`,
      'template',
    ],
  ])(
    'refuses a campaign with %s and stores nothing, not even its account',
    async (_what, env, html, kind) => {
      const account = `refused-${kind}-${Object.keys(env).length}`;
      const { recipients: _r, ...header } = campaignSubmit({ account, html });

      const refused = await service(env)
        .submit(header, recipients(5), 'api')
        .catch((err: unknown) => err);

      expect(refused).toBeInstanceOf(ContentRefused);
      expect((refused as ContentRefused).kind).toBe(kind);
      const rows = await ledger.query(
        `select (select count(*) from campaigns where account_id = $1)::int as campaigns,
              (select count(*) from deliveries where account_id = $1)::int as deliveries,
              (select count(*) from accounts where id = $1)::int as accounts`,
        [account],
      );
      expect(rows.rows[0]).toEqual({ campaigns: 0, deliveries: 0, accounts: 0 });
    },
  );
});
