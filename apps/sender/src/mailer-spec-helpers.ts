import type { ConfigOf, senderEnv } from '@postroom/config';
import type { MailTransport } from '@postroom/messaging';
import type { Metrics } from '@postroom/metrics';
import type { Clock } from '@postroom/runtime';
import { TokenSigner } from '@postroom/tokens';
import pino from 'pino';
import type { CampaignCache } from './campaign-cache';
import { DeliveryMailer } from './delivery-mailer';
import { OutcomeRecorder } from './outcome/outcome-recorder';
import type { OutcomeWriter } from './outcome/outcome-writer';
import { CampaignMessages } from './render/campaign-messages';
import { CompiledRenderer } from './render/compiled-message';
import type { CampaignTemplate } from './render/rendered-message';

/** What a unit spec of the send path hands in: the fakes it watches, and the fixed parts. */
export interface MailerParts {
  readonly config: ConfigOf<typeof senderEnv>;
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** the one campaign every delivery belongs to */
  readonly campaign: CampaignTemplate;
  readonly transport: MailTransport;
  /** where outcomes land: only `write` (and `claimAndSettle` for the claims) is called */
  readonly writer: Pick<OutcomeWriter, 'write'>;
}

/**
 * The real DeliveryMailer of the unit specs, over the real compiled renderer and outcome
 * recorder (flushing after 1 ms), with no I/O: links without ids, the campaign from memory.
 */
export function mailerForSpec(parts: MailerParts): { mailer: DeliveryMailer; recorder: OutcomeRecorder } {
  const { config, clock, metrics } = parts;
  const renderer = new CompiledRenderer({
    bounceDomain: 'bounces.postroom.test',
    trackingBaseUrl: 'https://t.postroom.test',
    signer: TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS),
    links: { idsFor: async () => new Map() },
    clock,
  });
  const campaigns = { get: async () => parts.campaign } as unknown as CampaignCache;
  const recorder = new OutcomeRecorder(
    parts.writer as OutcomeWriter,
    metrics,
    pino({ level: 'silent' }),
    clock,
    1,
  );
  const mailer = new DeliveryMailer(
    new CampaignMessages(campaigns, renderer),
    parts.transport,
    recorder,
    config,
    metrics,
    clock,
  );
  return { mailer, recorder };
}
