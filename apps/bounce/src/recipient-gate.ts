import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { CLOCK, CONFIG, type Clock } from '@postroom/runtime';
import { TokenSigner, verpTokenIn } from '@postroom/tokens';

/** Who an inbound message was addressed to, as far as we take mail for it at all. */
export type EnvelopeRecipient =
  /** A signed return path: the only thing that binds a bounce to a delivery. */
  | { kind: 'verp'; deliveryId: string }
  /** The feedback-loop address: complaints there bind through an unguessable Message-ID only. */
  | { kind: 'fbl' }
  | { kind: 'stranger'; why: string };

export interface GateSettings {
  readonly bounceDomain: string;
  readonly fblAddress: string;
  readonly signer: TokenSigner;
}

/**
 * Pure: judges an envelope recipient. A VERP address must be ours (BOUNCE_DOMAIN), carry a
 * token of kind 'b' (an open or click token from a mail body never acts as a return path), signed
 * by one of our keys and not expired at `now`.
 */
export function judgeRecipient(address: string | undefined, s: GateSettings, now: Date): EnvelopeRecipient {
  const bare = /^<(.*)>$/.exec(address?.trim() ?? '')?.[1] ?? address?.trim() ?? '';
  if (bare === '') return { kind: 'stranger', why: 'no envelope recipient' };
  if (bare.toLowerCase() === s.fblAddress.toLowerCase()) return { kind: 'fbl' };
  const token = verpTokenIn(bare, s.bounceDomain);
  if (!token)
    return { kind: 'stranger', why: `neither bounces+<token>@${s.bounceDomain} nor ${s.fblAddress}` };
  const verified = s.signer.verify(token, now);
  if (!verified.ok) return { kind: 'stranger', why: `VERP token refused: ${verified.reason}` };
  if (verified.claims.kind !== 'b')
    return {
      kind: 'stranger',
      why: `VERP token refused: a '${verified.claims.kind}' token, not a return path`,
    };
  return { kind: 'verp', deliveryId: verified.claims.deliveryId };
}

/** The recipient rule the SMTP listener applies at RCPT and the inbound service again on every message. */
@Injectable()
export class RecipientGate {
  private readonly settings: GateSettings;

  constructor(
    @Inject(CONFIG) config: ConfigOf<typeof bounceEnv>,
    signer: TokenSigner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = {
      bounceDomain: config.BOUNCE_DOMAIN,
      fblAddress: config.FBL_ADDRESS.trim(),
      signer,
    };
  }

  judge(address: string | undefined): EnvelopeRecipient {
    return judgeRecipient(address, this.settings, this.clock.now());
  }
}
