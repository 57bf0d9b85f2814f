import { CampaignStore, EngagementStore, TrackingStore, type Ledger } from '@postroom/ledger';
import { TokenSigner } from '@postroom/tokens';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { clickRequestReason } from '../../apps/tracker/src/machine/click-request';
import { judgeOpens } from '../../apps/tracker/src/recording/judge-opens';
import { emptyRawOpens } from '../../apps/tracker/src/recording/thread-messages';
import { connectLedger } from './helpers';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const APPLE_MAIL = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const GMAIL_PROXY =
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';

/**
 * Issue 16, honest opens and clicks: the tracker's judges (the recorder thread's for opens, the
 * click route's for clicks) feed the ledger, which adds the timing sign; the campaign view's
 * `engagement` counts deliveries read and clicked by people, and with machines.
 */
describe('honest opens and clicks in the ledger', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let ids: string[];
  let campaignId: string;
  const tracking = new TrackingStore();
  const sentAt = new Date('2029-04-10T10:00:00.000Z');
  const at = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);
  const signer = TokenSigner.fromConfig('k1:0123456789abcdefghij', 365);

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    const { recipients: _r, ...header } = campaignSubmit({ account: 'honest' });
    const campaigns = new CampaignStore();
    campaignId = await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(5), sentAt);
      return campaign.id;
    });
    await ledger.query(`update deliveries set status = 'sent', sent_at = $1`, [sentAt]);
    ids = (await ledger.query<{ id: string }>(`select id::text from deliveries order by id`)).rows.map(
      (r) => r.id,
    );
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  /** Opens as the pixel route hands them to the recorder thread: token, time, agent, address. */
  function opens(...rows: [delivery: string, seconds: number, userAgent: string, ip: string][]) {
    const o = emptyRawOpens();
    for (const [delivery, seconds, userAgent, ip] of rows) {
      o.tokens.push(signer.sign('o', delivery, undefined, at(seconds)));
      o.at.push(at(seconds).getTime());
      o.head.push(false);
      o.purposes.push(undefined);
      o.userAgents.push(userAgent);
      o.ips.push(ip);
    }
    return judgeOpens(o, signer).events;
  }

  function click(delivery: string, seconds: number, method: string, userAgent: string, ip: string) {
    const when = at(seconds);
    return {
      deliveryId: delivery,
      kind: 'click' as const,
      linkId: undefined,
      at: when,
      machineReason: clickRequestReason({ method, headers: { 'user-agent': userAgent }, ip }, when),
      userAgent,
    };
  }

  it('counts MPP opens and gateway clicks as machines, Gmail’s proxy and late clicks as people', async () => {
    await tracking.record(
      ledger,
      [
        // 0: Apple MPP fetches at arrival (bare agent), and later from Apple's relay range
        ...opens([ids[0], 30, 'Mozilla/5.0', '203.0.113.5'], [ids[0], 4000, APPLE_MAIL, '17.58.63.1']),
        // 1: Gmail's proxy loads the images when the reader opens the message: a person
        ...opens([ids[1], 900, GMAIL_PROXY, '66.249.84.1']),
        // 2: Safe Links checks the link with HEAD, then from Microsoft's range, then a click 2 s in
        click(ids[2], 1, 'HEAD', CHROME, '198.51.100.1'),
        click(ids[2], 1, 'GET', CHROME, '40.92.1.1'),
        click(ids[2], 2, 'GET', CHROME, '198.51.100.1'),
        // 3: a person clicks ten minutes after delivery
        click(ids[3], 600, 'GET', CHROME, '198.51.100.2'),
        // 4: nothing
      ],
      10,
      10,
    );
    const reasons = await ledger.query<{ delivery_id: string; kind: string; machine_reason: string | null }>(
      `select delivery_id::text, kind, machine_reason from tracking_events order by id`,
    );

    expect(reasons.rows.map((r) => r.machine_reason)).toEqual([
      'privacy-proxy: Apple Mail Privacy Protection',
      'privacy-proxy: Apple Mail Privacy Protection',
      null,
      'head-request: HEAD request: a link checker, not a browser',
      expect.stringMatching(/^gateway-range: 40\.92\.1\.1 is in Microsoft Defender/),
      'too-soon: clicked within 10s of the send',
      null,
    ]);
    expect(await new EngagementStore().ofCampaign(ledger, campaignId)).toEqual({
      reads: { human: 2, withMachines: 4 },
      clicks: { human: 1, withMachines: 2 },
    });
  });

  it('keeps a gateway’s clicks out of the reads: the delivery is read only when its person clicks', async () => {
    const before = await ledger.query<{ read_at: string | null; read_machine_at: string }>(
      `select read_at, read_machine_at from deliveries where id = $1`,
      [ids[2]],
    );
    expect(before.rows[0].read_at).toBeNull();
    expect(new Date(before.rows[0].read_machine_at)).toEqual(at(1));

    await tracking.record(ledger, [click(ids[2], 3600, 'GET', CHROME, '198.51.100.9')], 10, 10);

    expect(await new EngagementStore().ofCampaign(ledger, campaignId)).toEqual({
      reads: { human: 3, withMachines: 4 },
      clicks: { human: 2, withMachines: 2 },
    });
  });
});
