/**
 * The DNS questions the compliance checks ask, shaped like `dns.promises.Resolver`: production
 * passes `dns.promises` (the system resolver) or a `Resolver`; tests pass one pointed at a
 * loopback server. `resolve(name, type)` is the form mailauth's SPF evaluator calls.
 */
export interface ComplianceDns {
  resolveTxt(hostname: string): Promise<string[][]>;
  resolvePtr(hostname: string): Promise<string[]>;
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
  resolve(hostname: string, rrtype: string): Promise<unknown>;
}

/** A DNS answer, or the code of the failure (ENOTFOUND, ENODATA: nothing there; others: could not ask). */
export type Lookup<T> = { ok: true; value: T } | { ok: false; code: string };

/** Codes that mean "no such record", as opposed to "could not find out". */
export const NO_RECORD: ReadonlySet<string> = new Set(['ENOTFOUND', 'ENODATA']);

export async function lookup<T>(query: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await query() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' ? code : 'EUNKNOWN' };
  }
}

/** TXT records of a name, each record's strings joined (RFC 7208 §3.3), none when there are none. */
export async function txtRecords(dns: ComplianceDns, name: string): Promise<Lookup<string[]>> {
  const answer = await lookup(() => dns.resolveTxt(name));
  if (answer.ok) return { ok: true, value: answer.value.map((parts) => parts.join('')) };
  return NO_RECORD.has(answer.code) ? { ok: true, value: [] } : answer;
}
