import type { CampaignRow, SampleRecipient } from '@postroom/ledger';
import type { Clock } from '@postroom/runtime';
import { TokenSigner } from '@postroom/tokens';
import { randomBytes } from 'node:crypto';
import { CompiledRenderer } from '../../../sender/src/render/compiled-message';
import type { LinkRegistry } from '../../../sender/src/render/rendered-message';

/** Link ids for the sample only: numbered, never stored (the sender stores the real ones). */
const sampleLinks: LinkRegistry = {
  idsFor: async (_campaign, urls) => new Map([...new Set(urls)].map((u, i) => [u, String(i + 1)])),
};

/**
 * The campaign's message as its first recipient would get it, rendered by the sender's own
 * renderer (headers, List-Unsubscribe, tracked links and pixel on TRACKING_BASE_URL), signed with
 * a key of its own: the sample is scored, never sent, and its tokens open nothing.
 */
export class SpamSample {
  private readonly renderer: CompiledRenderer;

  constructor(settings: { bounceDomain: string; trackingBaseUrl: string; clock: Clock }) {
    this.renderer = new CompiledRenderer({
      bounceDomain: settings.bounceDomain,
      trackingBaseUrl: settings.trackingBaseUrl,
      signer: TokenSigner.fromConfig(`sample:${randomBytes(24).toString('hex')}`, 1),
      links: sampleLinks,
      clock: settings.clock,
    });
  }

  async render(campaign: CampaignRow, to: SampleRecipient): Promise<Buffer> {
    const rendered = await this.renderer.render(
      {
        id: campaign.id,
        from: campaign.from_address,
        subject: campaign.subject,
        html: campaign.html,
        text: campaign.text,
      },
      { deliveryId: to.id, email: to.email, name: to.name, vars: to.vars },
    );
    return rendered.raw;
  }
}
