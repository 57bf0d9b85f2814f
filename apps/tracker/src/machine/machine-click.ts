import data from './security-gateways.json';
import { IpRangeSet } from './ip-ranges';

export interface GatewayEntry {
  readonly name: string;
  /** A case-insensitive regular expression on the user agent. */
  readonly userAgent: string;
  readonly examples: readonly string[];
  readonly ranges: readonly { readonly cidr: string; readonly source: string }[];
}

export const SECURITY_GATEWAYS: readonly GatewayEntry[] = data.gateways;

export interface ClickFacts {
  readonly at: Date;
  /** When the receiving server accepted the message. */
  readonly sentAt: Date;
  readonly method: string;
  readonly userAgent: string | undefined;
  readonly ip: string;
  /** This click's link, when known (for the link sweep). */
  readonly link?: string;
  /** How many tracked links the message has, when known. */
  readonly linksInMessage?: number;
  readonly otherClicksOfMessage: readonly { readonly at: Date; readonly link: string }[];
}

export type MachineSign = 'head-request' | 'gateway-agent' | 'gateway-range' | 'too-soon' | 'link-sweep';

export interface MachineClickReason {
  readonly sign: MachineSign;
  readonly detail: string;
  readonly gateway?: string;
}

export interface MachineClickSettings {
  /** A click this soon after delivery is a gateway scanning the message on arrival. */
  readonly tooSoonMs: number;
  /** Clicks on every link (at least two) within this window are a scanner walking the message. */
  readonly sweepWindowMs: number;
}

/**
 * 10 s: gateways follow links while the message is being delivered, within a second or two; a
 * person has to notice the message, open it and read to the link first.
 */
export const DEFAULT_MACHINE_CLICK_SETTINGS: MachineClickSettings = {
  tooSoonMs: 10_000,
  sweepWindowMs: 1_000,
};

/**
 * Security gateways (Safe Links, Mimecast, Proofpoint, …) follow every link of a message to judge
 * it, and each of those requests looks like a click. Pure over the gateway table: the first sign
 * found, or null for a click a person made.
 *
 * Gmail's image proxy (GoogleImageProxy) is on purpose not a sign, here or for opens: Gmail
 * fetches images through it when the person opens the message (then caches them), so its request
 * is the reader's own open, only from Google's address.
 */
export class MachineClickJudge {
  private readonly agents: { entry: GatewayEntry; re: RegExp }[];
  private readonly ranges: { entry: GatewayEntry; set: IpRangeSet }[];

  constructor(
    gateways: readonly GatewayEntry[] = SECURITY_GATEWAYS,
    private readonly settings: MachineClickSettings = DEFAULT_MACHINE_CLICK_SETTINGS,
  ) {
    this.agents = gateways.map((entry) => ({ entry, re: new RegExp(entry.userAgent, 'i') }));
    this.ranges = gateways
      .filter((g) => g.ranges.length > 0)
      .map((entry) => ({ entry, set: new IpRangeSet(entry.ranges.map((r) => r.cidr)) }));
  }

  reason(click: ClickFacts): MachineClickReason | null {
    if (click.method.toUpperCase() === 'HEAD')
      return { sign: 'head-request', detail: 'HEAD request: a link checker, not a browser' };
    const ua = (click.userAgent ?? '').slice(0, 512);
    const agent = this.agents.find((a) => a.re.test(ua));
    if (agent)
      return {
        sign: 'gateway-agent',
        gateway: agent.entry.name,
        detail: `user agent of ${agent.entry.name}`,
      };
    const range = this.ranges.find((r) => r.set.has(click.ip));
    if (range)
      return {
        sign: 'gateway-range',
        gateway: range.entry.name,
        detail: `${click.ip} is in ${range.entry.name}'s published ranges`,
      };
    const sinceDelivery = click.at.getTime() - click.sentAt.getTime();
    if (sinceDelivery >= 0 && sinceDelivery < this.settings.tooSoonMs)
      return { sign: 'too-soon', detail: `clicked ${(sinceDelivery / 1000).toFixed(1)} s after delivery` };
    const sweep = this.sweep(click);
    if (sweep) return sweep;
    return null;
  }

  private sweep(click: ClickFacts): MachineClickReason | null {
    const window = this.settings.sweepWindowMs;
    const near = click.otherClicksOfMessage.filter(
      (c) => Math.abs(c.at.getTime() - click.at.getTime()) < window,
    );
    const links = new Set(near.map((c) => c.link));
    if (click.link) links.add(click.link);
    const needed = Math.max(2, click.linksInMessage ?? 2);
    if (links.size < needed) return null;
    const all = click.linksInMessage ? `all ${click.linksInMessage} links` : `${links.size} different links`;
    return { sign: 'link-sweep', detail: `${all} of the message clicked within ${window / 1000} s` };
  }
}

const judge = new MachineClickJudge();

/** `MachineClickJudge` over the shipped gateway table and default settings. */
export function machineClickReason(click: ClickFacts): MachineClickReason | null {
  return judge.reason(click);
}
