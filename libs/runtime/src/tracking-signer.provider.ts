import type { Provider } from '@nestjs/common';
import { TokenSigner } from '@postroom/tokens';
import { CONFIG } from './tokens';

/** The tracking token signer from the app's TRACKING_KEYS, injected by class (sender, tracker, bounce). */
export const TRACKING_SIGNER: Provider = {
  provide: TokenSigner,
  inject: [CONFIG],
  useFactory: (config: { TRACKING_KEYS: string; TRACKING_TOKEN_TTL_DAYS: number }) =>
    TokenSigner.fromConfig(config.TRACKING_KEYS, config.TRACKING_TOKEN_TTL_DAYS),
};
