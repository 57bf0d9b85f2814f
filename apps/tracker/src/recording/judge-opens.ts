import type { TrackingEventInput } from '@postroom/ledger';
import type { TokenSigner } from '@postroom/tokens';
import { isAppleMppOpen } from '../machine/apple-mpp';
import { machineReason } from '../machine-detection';
import type { RawOpens } from './thread-messages';

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
 * with an invalid, tampered, expired, future-dated or non-open token becomes no event, only a
 * count. Each token is judged at the instant its open was answered (the answering thread's
 * injected clock), not when this thread gets to it.
 */
/** Mail Privacy Protection loads every message's images when it arrives, read or not. */
const APPLE_MPP = 'privacy-proxy: Apple Mail Privacy Protection';

export function judgeOpens(opens: RawOpens, signer: TokenSigner): JudgedOpens {
  const events: TrackingEventInput[] = [];
  let human = 0;
  let machine = 0;
  let invalid = 0;
  for (let i = 0; i < opens.tokens.length; i++) {
    const at = new Date(opens.at[i]);
    const verified = signer.verify(opens.tokens[i], at);
    if (!verified.ok || verified.claims.kind !== 'o') {
      invalid++;
      continue;
    }
    const userAgent = opens.userAgents[i];
    const reason =
      machineReason({
        method: opens.head[i] ? 'HEAD' : 'GET',
        headers: { purpose: opens.purposes[i], 'user-agent': userAgent },
      }) ?? (isAppleMppOpen(opens.ips[i] ?? '', userAgent) ? APPLE_MPP : undefined);
    if (reason) machine++;
    else human++;
    events.push({
      deliveryId: verified.claims.deliveryId,
      kind: 'open',
      at,
      machineReason: reason,
      userAgent,
    });
  }
  return { events, human, machine, invalid };
}
