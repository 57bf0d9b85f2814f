import { machineReason, type RequestFacts } from '../machine-detection';
import { MachineClickJudge } from './machine-click';

/**
 * The judge for what one click request shows by itself: HEAD, a gateway's agent or published
 * range. The timing signs need more than the request: "too soon after delivery" is applied where
 * the send time is (the ledger, MACHINE_CLICK_WINDOW_S), "several links within a second" by the
 * tracker's BurstDetector, which remembers each message's recent clicks.
 */
const requestOnly = new MachineClickJudge(undefined, { tooSoonMs: 0, sweepWindowMs: 1000 });

/** Pure: why a click request looks machine-made, or undefined for a person's click. */
export function clickRequestReason(
  req: RequestFacts & { readonly ip: string },
  at: Date,
): string | undefined {
  const ua = req.headers['user-agent'];
  const sign = requestOnly.reason({
    at,
    sentAt: at,
    method: req.method,
    userAgent: Array.isArray(ua) ? ua[0] : ua,
    ip: req.ip,
    otherClicksOfMessage: [],
  });
  if (sign) return `${sign.sign}: ${sign.detail}`;
  // the scanners, prefetchers and libraries the open rules know click too
  return machineReason(req);
}
