import rules from './data/machine-user-agents.json';

export interface UserAgentRule {
  readonly name: string;
  readonly kind: 'privacy-proxy' | 'security-scanner' | 'prefetch';
  readonly pattern: string;
  readonly example: string;
}

export const USER_AGENT_RULES: readonly UserAgentRule[] = rules as UserAgentRule[];
const compiled = USER_AGENT_RULES.map((r) => ({ rule: r, re: new RegExp(r.pattern, 'i') }));
/** Every pattern at once: most user agents match none, and one test tells. */
const anyRule = new RegExp(USER_AGENT_RULES.map((r) => `(?:${r.pattern})`).join('|'), 'i');
const PREFETCH = /prefetch|preview|prerender/i;
/** Headers that say why a request was made (prefetch, preview), first one present wins. */
export const PURPOSE_HEADERS: readonly string[] = ['purpose', 'sec-purpose', 'x-moz', 'x-purpose'];

export interface RequestFacts {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * Pure: why a tracking request looks machine-made, from the request alone (undefined: it
 * looks like a person). Timing rules (too soon after the send, bursts) are applied elsewhere.
 */
export function machineReason(req: RequestFacts): string | undefined {
  if (req.method === 'HEAD') return 'head-request';
  let purpose: string | undefined;
  for (const name of PURPOSE_HEADERS) purpose ??= headerOf(req, name);
  if (purpose && PREFETCH.test(purpose)) return 'prefetch';
  const ua = (headerOf(req, 'user-agent') ?? '').slice(0, 512);
  const hit = userAgentRule(ua);
  return hit ? `${hit.kind}: ${hit.name}` : undefined;
}

/**
 * Mail traffic comes from few distinct user agents (webmail image proxies, a handful of client
 * versions), and testing one against every rule costs microseconds: answers are remembered, for
 * at most `USER_AGENT_MEMORY` agents at a time.
 */
const USER_AGENT_MEMORY = 10_000;
const remembered = new Map<string, UserAgentRule | null>();

export function userAgentRule(userAgent: string): UserAgentRule | undefined {
  const known = remembered.get(userAgent);
  if (known !== undefined) return known ?? undefined;
  const rule = anyRule.test(userAgent) ? compiled.find((c) => c.re.test(userAgent))?.rule : undefined;
  if (remembered.size >= USER_AGENT_MEMORY) remembered.clear();
  remembered.set(userAgent, rule ?? null);
  return rule;
}

function headerOf(req: RequestFacts, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Remembers the last second of events per delivery: opens and clicks on several links within
 * one second are a scanner walking the email, not a reader.
 */
export class BurstDetector {
  private readonly recent = new Map<string, { at: number; linkId?: string }[]>();

  constructor(
    private readonly windowMs = 1000,
    private readonly maxTracked = 100_000,
  ) {}

  /** Records an event; true when it makes a burst (two or more distinct links within the window). */
  observe(deliveryId: string, at: number, linkId?: string): boolean {
    const events = (this.recent.get(deliveryId) ?? []).filter((e) => at - e.at < this.windowMs);
    events.push({ at, linkId });
    if (this.recent.size >= this.maxTracked && !this.recent.has(deliveryId)) this.recent.clear();
    this.recent.set(deliveryId, events);
    const links = new Set(events.filter((e) => e.linkId).map((e) => e.linkId));
    return links.size >= 2;
  }
}
