/** Statuses after which nothing more happens to a delivery. */
export const TERMINAL = ['sent', 'bounced', 'failed', 'unknown', 'suppressed'];

export interface FaultTally {
  /** Recipients the SMTP server got more than once (accepted or dropped after the body). */
  duplicates: number;
  /** `sent` in the ledger, never received by the server. */
  lost: number;
  /** Received by the server, but recorded neither `sent` nor `unknown`. */
  unaccounted: number;
  /** Not in a final status when the run gave up waiting. */
  stuck: number;
  unknown: number;
  sent: number;
}

/**
 * The verdict of one fault run, pure: the ledger's rows against what the server received
 * (`received`: per recipient, the messages accepted plus those dropped after their body).
 */
export function tallyFault(
  rows: ReadonlyArray<{ email: string; status: string }>,
  received: ReadonlyMap<string, number>,
): FaultTally {
  let lost = 0;
  let unaccounted = 0;
  let stuck = 0;
  let unknown = 0;
  let sent = 0;
  for (const r of rows) {
    const got = received.get(r.email) ?? 0;
    if (r.status === 'sent') sent++;
    if (r.status === 'unknown') unknown++;
    if (r.status === 'sent' && got === 0) lost++;
    if (got > 0 && r.status !== 'sent' && r.status !== 'unknown') unaccounted++;
    if (!TERMINAL.includes(r.status)) stuck++;
  }
  const duplicates = [...received.values()].filter((n) => n > 1).length;
  return { duplicates, lost, unaccounted, stuck, unknown, sent };
}

/** Whether the run failed: any duplicate, lost or stuck delivery. */
export function faultFailed(t: FaultTally): boolean {
  return t.duplicates > 0 || t.lost > 0 || t.stuck > 0;
}
