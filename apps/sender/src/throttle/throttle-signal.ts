import type { TransportResult } from '../transports/mail-transport';
import type { ThrottleOutcome } from './provider-throttle';

/**
 * Words receiving servers use when they defer for volume rather than for this recipient:
 * Gmail 421-4.7.0 / 4.7.28 "rate limited", Yahoo 421 4.7.0 [TSS04] "Messages from … temporarily
 * deferred", Microsoft 451 4.7.650 "temporarily rate limited", Postfix/anvil "too many connections".
 */
const VOLUME_WORDS =
  /rate[ -]?limit|too many (connections|messages|recipients|sessions)|try (again )?later|throttl|temporarily (deferred|rate)|\bTSS?\d\d\b|exceeded|slow down|too fast/i;
/** RFC 3463 X.7.X is security or policy; 4.7.x answers are the providers' way of saying "not now". */
const POLICY_TEMPORARY = /\b4\.7\.\d{1,3}\b/;

/**
 * Pure: what one transport result tells the throttle. A 421 (the server closes the channel) or a
 * 4xx that is policy (4.7.x) or worded as volume slows the group; any other answer is about the
 * recipient or the message (452 4.2.2 mailbox full, 550 5.1.1) and leaves the group's speed alone,
 * and so do connection failures, which the retry policy handles per delivery.
 */
export function throttleSignalOf(result: TransportResult): ThrottleOutcome {
  if (result.kind === 'accepted') return 'accepted';
  if (result.kind !== 'refused') return 'neutral';
  if (result.code === 421) return 'deferred';
  if (
    result.code >= 400 &&
    result.code < 500 &&
    (POLICY_TEMPORARY.test(result.reply) || VOLUME_WORDS.test(result.reply))
  )
    return 'deferred';
  return 'neutral';
}
