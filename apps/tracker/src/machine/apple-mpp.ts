import data from './apple-mpp-ranges.json';
import { IpRangeSet } from './ip-ranges';

export interface RangeEntry {
  readonly cidr: string;
  readonly evidence: string;
}

/** The shipped ranges, with their source and date (see the file's `how`). */
export const APPLE_MPP_RANGES: {
  readonly source: string;
  readonly date: string;
  readonly ranges: readonly RangeEntry[];
} = data;

/**
 * MPP's fetcher sends the bare product token and nothing else. No browser or mail client does:
 * Apple Mail loading images itself says `Mozilla/5.0 (Macintosh; …) AppleWebKit/605.1.15 (KHTML, like Gecko)`.
 */
const MPP_USER_AGENT = /^Mozilla\/5\.0$/;
/** Apple's WebKit without a browser's name: Mail (or its proxy), not Safari or another browser. */
const APPLE_MAIL_WEBKIT =
  /AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)(?!.*\b(Safari|Chrome|CriOS|Firefox|FxiOS|Edg|OPR)\b)/;

/**
 * Pure, over a range set: whether a pixel load is Apple Mail Privacy Protection fetching the
 * message in the background (when the mail arrives, read or not), rather than a person opening it.
 *
 * Two signs. The user agent alone: MPP's bare `Mozilla/5.0`. Or an address in Apple's relay
 * egress ranges with a user agent that is Mail's or none: Private Relay also carries Safari, so a
 * Safari page load from those ranges (a person in webmail) stays human.
 */
export class AppleMppDetector {
  constructor(private readonly ranges: IpRangeSet) {}

  static fromShippedRanges(): AppleMppDetector {
    return new AppleMppDetector(new IpRangeSet(APPLE_MPP_RANGES.ranges.map((r) => r.cidr)));
  }

  isMppOpen(ip: string, userAgent: string | undefined): boolean {
    const ua = (userAgent ?? '').trim();
    if (MPP_USER_AGENT.test(ua)) return true;
    if (!this.ranges.has(ip)) return false;
    return ua === '' || APPLE_MAIL_WEBKIT.test(ua);
  }
}

const shipped = AppleMppDetector.fromShippedRanges();

/** `AppleMppDetector` over the shipped ranges. */
export function isAppleMppOpen(ip: string, userAgent: string | undefined): boolean {
  return shipped.isMppOpen(ip, userAgent);
}
