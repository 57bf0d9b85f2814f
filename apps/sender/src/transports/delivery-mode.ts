import type { ConfigOf, deliveryEnv, edgeEnv } from '@postroom/config';

/** The development mail catcher `npm start` runs when no relay is set. */
export const DEVELOPMENT_CATCHER = 'smtp://127.0.0.1:1025';

export type DeliveryMode = { readonly kind: 'relay'; readonly url: string } | { readonly kind: 'direct' };

/**
 * Pure: where the sender hands its mail (DESIGN §8, README "What sent means"). `SMTP_URL` set:
 * that relay. Unset: direct to each recipient's MX in production; the local mail catcher in
 * development and tests, where mail must never reach the world by accident. `DELIVERY_MODE`
 * forces one or the other.
 */
export function deliveryModeOf(
  c: Pick<ConfigOf<typeof deliveryEnv>, 'SMTP_URL' | 'DELIVERY_MODE'> &
    Pick<ConfigOf<typeof edgeEnv>, 'NODE_ENV'>,
): DeliveryMode {
  if (c.DELIVERY_MODE === 'direct') return { kind: 'direct' };
  if (c.SMTP_URL !== '') return { kind: 'relay', url: c.SMTP_URL };
  if (c.DELIVERY_MODE === 'auto' && c.NODE_ENV === 'production') return { kind: 'direct' };
  return { kind: 'relay', url: DEVELOPMENT_CATCHER };
}
