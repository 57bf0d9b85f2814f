import type { Reason } from '../reasons';
import { PROVIDERS, type Provider } from './providers';

export { PROVIDERS } from './providers';
export type { Provider, ProviderCode, ProviderPhrase } from './providers';

/**
 * Big receiving providers answer with error codes and phrases of their own, documented on their
 * postmaster pages: Cox's "AUP#CXBL", Orange's "OFR_506", Spectrum's "AUP#I-1310", GoDaddy's
 * "IB212", i.ua's "mail.i.ua/err/3/". Such a code names the cause more exactly than the RFC 3463
 * code beside it (Cox and Spectrum write 5.1.0 "sender rejected" whatever the cause) or the
 * generic words around it. A phrase that means one thing at one provider can mean another
 * elsewhere ("recipient rejected" is Cox's "no such account"), so a provider's table is read only
 * when the reply is that provider's: its own code format says so by itself (`codesAlone`), or a
 * host that answered or the recipient's domain is one of the provider's.
 *
 * The tables, one file per provider in patterns/providers/, follow each provider's documentation,
 * mapped to the taxonomy of test/fixtures/bounces/README.md the way Sisimai's v5 rhost tables
 * (sisimai/go-sisimai `rhost/`) map them; none is taken from a corpus sample. This module finds
 * whose reply it is and reads that provider's table.
 */

/** What the named provider's own table gives for a reply known to be its own (a family's layout says so). */
export function documentedReason(name: string, text: string, status: string | null): Reason | null {
  const provider = PROVIDERS.find((p) => p.name === name);
  return provider ? (verdictIn(provider, text, status)?.reason ?? null) : null;
}

/** Whether `host` is one of the named provider's mail hosts. */
export function isProviderHost(name: string, host: string): boolean {
  return PROVIDERS.some((p) => p.name === name && p.domains.some((d) => isWithin(host, d)));
}

/** The reason the answering provider's own table gives, or null when no provider or rule claims it. */
export function providerReason(text: string, hosts: readonly string[], status: string | null): Reason | null {
  return providerVerdict(text, hosts, status)?.reason ?? null;
}

export interface ProviderVerdict {
  readonly reason: Reason;
  /**
   * The verdict is tied to the reply's exact code: one of the provider's own codes, or a phrase it
   * documents with the enhanced status code given (`ProviderPhrase.status`). A phrase without
   * that tie is read as the provider's words only, which a decisive RFC 3463 code outranks.
   */
  readonly byCode: boolean;
}

/** The answering provider's verdict on a reply, and whether a code of the reply backs it. */
export function providerVerdict(
  text: string,
  hosts: readonly string[],
  status: string | null,
): ProviderVerdict | null {
  const provider = providerOf(text, hosts);
  return provider ? verdictIn(provider, text, status) : null;
}

/**
 * Whose reply this is: a provider whose code format or signature is its alone and appears in the
 * text, else the first of `hosts` (most trusted first) that is a provider's, else a host the text names.
 */
export function providerOf(text: string, hosts: readonly string[]): Provider | null {
  for (const p of PROVIDERS) {
    if ((p.codesAlone && p.codeMark?.test(text)) || p.signature?.test(text)) return p;
  }
  for (const host of [...hosts, ...namedHosts(text)]) {
    const p = PROVIDERS.find((q) => q.domains.some((d) => isWithin(host, d)));
    if (p) return p;
  }
  return null;
}

function verdictIn(p: Provider, text: string, status: string | null): ProviderVerdict | null {
  const code = p.codeMark?.exec(text)?.[1];
  const entry = code ? p.codes?.find((c) => codeMatches(c.code, code)) : undefined;
  if (entry) return { reason: entry.reason, byCode: true };
  for (const phrase of p.phrases ?? []) {
    if (phrase.status && !phrase.status.test(status ?? '')) continue;
    if (!phrase.pattern.test(text)) continue;
    return { reason: phrase.reason, byCode: !!phrase.status || !!phrase.documentedWith?.test(status ?? '') };
  }
  return null;
}

function codeMatches(entry: string, code: string): boolean {
  const range = /^(\d+)-(\d+)$/.exec(entry);
  if (!range) return entry.toLowerCase() === code.toLowerCase();
  const n = Number(code);
  return /^\d+$/.test(code) && n >= Number(range[1]) && n <= Number(range[2]);
}

function isWithin(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

/**
 * The hosts the text says answered ("host mx.b.com[1.2.3.4] said", "host: smtp-in.b.fr", "while
 * talking to mx.b.jp."): not every domain-like word, since a returned message's Received lines
 * and the addresses name the sender's hosts too.
 */
export function namedHosts(text: string): string[] {
  return [...text.matchAll(/\b(?:host|talking to|server)\s*:?\s+\[?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/gi)].map(
    (m) => m[1],
  );
}
