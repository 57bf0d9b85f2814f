import { campaignSubmit, recipients, waitFor } from '@postroom/testing';
// straight from the file: the testing index keeps process helpers out of the other tiers
import { SpamdProcess } from '../../libs/testing/src/spamd-process';
import { Pipeline } from './pipeline-harness';

const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

interface SpamCheckView {
  status: string;
  score: number | null;
  holdScore: number | null;
  rules: { name: string; score?: number }[];
  releasedBy: string | null;
}

/**
 * Issue 16, the optional pre-send spam check against SpamAssassin's real spamd: one sample of
 * each campaign, rendered as the sender renders it, is scored before anything sends; a clean
 * campaign goes, a spammy one (GTUBE) is held until an operator releases it.
 */
describe('the pre-send spam check (SPAMD_URL) with a real spamd', () => {
  let pipeline: Pipeline;
  let spamd: SpamdProcess;

  beforeAll(async () => {
    spamd = await SpamdProcess.start();
    pipeline = await Pipeline.start({ env: { SPAMD_URL: spamd.url, SPAM_CHECK_INTERVAL_MS: '200' } });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
    await spamd?.stop();
  });

  async function submit(html: string): Promise<string> {
    const res = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify(
        campaignSubmit({ account: 'spam', html, text: undefined, recipients: recipients(3) }),
      ),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  async function spamCheck(id: string): Promise<SpamCheckView | undefined> {
    const view = (await (await pipeline.api(`/v1/campaigns/${id}`)).json()) as { spamCheck?: SpamCheckView };
    return view.spamCheck;
  }

  it('sends a clean campaign once its sample scores under SPAM_SCORE_HOLD', async () => {
    const id = await submit('<p>Hello {{name}}, here are the minutes of Tuesday. Best regards, Ada</p>');

    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 3, {
      message: 'clean campaign sent',
    });
    const check = await spamCheck(id);
    process.stdout.write(`clean: ${JSON.stringify(check)}\n`);
    expect(check).toMatchObject({ status: 'passed', holdScore: 5 });
    expect(check!.score).toBeLessThan(5);
  });

  it('holds a GTUBE campaign with its score and rules, sends nothing, and sends it when an operator releases it', async () => {
    const id = await submit(`<p>Hello {{name}}</p><p>${GTUBE}</p>`);

    const held = await waitFor(
      async () => {
        const c = await spamCheck(id);
        return c?.status === 'held' ? c : undefined;
      },
      { message: 'held by the spam check' },
    );
    process.stdout.write(`held: ${JSON.stringify(held)}\n`);
    expect(held.score).toBeGreaterThanOrEqual(1000);
    expect(held.rules).toContainEqual(expect.objectContaining({ name: 'GTUBE', score: 1000 }));
    // a clean campaign submitted after it goes out while it stays held
    const after = await submit('<p>Hello {{name}}, the drawings are ready.</p>');
    await waitFor(async () => (await pipeline.statusCounts(after)).sent === 3, {
      message: 'later campaign sent',
    });
    expect(await pipeline.statusCounts(id)).toEqual({ queued: 3 });
    expect(pipeline.smtp.messages.filter((m) => m.raw.includes(GTUBE))).toHaveLength(0);

    const released = await pipeline.api(`/v1/campaigns/${id}/release`, { method: 'POST' });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({
      id,
      spamCheck: { status: 'released', releasedBy: 'bootstrap' },
    });
    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 3, {
      message: 'released campaign sent',
    });

    const again = await pipeline.api(`/v1/campaigns/${id}/release`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('is not held by the spam check (its check is released)');
  });
});
