import type { TrackingEventInput } from '@postroom/ledger';
import type { TokenSigner } from '@postroom/tokens';
import { machineReason } from '../machine-detection';
import type { RawOpens } from './recorder-messages';

export interface JudgedOpens {
  /** One event per open whose token is valid, in the order the opens came. */
  readonly events: TrackingEventInput[];
  readonly human: number;
  readonly machine: number;
  readonly invalid: number;
}

/**
 * Pure: checks each raw open's token and tells, from the request alone, whether it looks
 * machine-made (timing rules are applied where the send time is known, in the ledger). An open
 * with an invalid, tampered, expired or non-open token becomes no event, only a count.
 */
export function judgeOpens(opens: RawOpens, signer: TokenSigner, now: Date = new Date()): JudgedOpens {
  const events: TrackingEventInput[] = [];
  let human = 0;
  let machine = 0;
  let invalid = 0;
  for (let i = 0; i < opens.tokens.length; i++) {
    const verified = signer.verify(opens.tokens[i], now);
    if (!verified.ok || verified.claims.kind !== 'o') {
      invalid++;
      continue;
    }
    const userAgent = opens.userAgents[i];
    const reason = machineReason({
      method: opens.head[i] ? 'HEAD' : 'GET',
      headers: { purpose: opens.purposes[i], 'user-agent': userAgent },
    });
    if (reason) machine++;
    else human++;
    events.push({
      deliveryId: verified.claims.deliveryId,
      kind: 'open',
      at: new Date(opens.at[i]),
      machineReason: reason,
      userAgent,
    });
  }
  return { events, human, machine, invalid };
}
