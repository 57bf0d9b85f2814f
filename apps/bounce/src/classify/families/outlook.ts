import type { Family } from './family';

/**
 * Outlook.com and Hotmail (the consumer service, not Exchange Online): its refusals carry
 * Microsoft's documented reference codes, "SC-001" … "SC-004" (the sending IP or network is
 * blocked), "DY-001"/"DY-002" (a dynamic or residential IP) and "OU-001"/"OU-002" (a policy
 * block), inside the reply the sending MTA quotes.
 */
export const outlook: Family = {
  name: 'outlook',
  matches: (report) => /\b(?:SC-00[1-4]|DY-00[12]|OU-00[12])\b/.test(report.text + diagnostics(report)),
  refine: (_report, r) =>
    /\b(?:SC-00[1-4]|DY-00[12]|OU-00[12])\b/.test(r.diagnostic) ? { reason: 'blocked' } : null,
};

function diagnostics(report: Parameters<Family['matches']>[0]): string {
  return (report.deliveryStatus?.recipients ?? []).map((r) => r.diagnosticCode ?? '').join('\n');
}
