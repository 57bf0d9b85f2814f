import { fail, pass, warn, type ComplianceCheck } from './check';

export interface ComplaintFigures {
  readonly complaints: number;
  readonly delivered: number;
}

/**
 * Gmail's and Yahoo's rules for bulk senders (more than 5,000 messages a day to their users,
 * in force since February 2024): keep the spam-complaint rate below 0.1%, never reach 0.3%.
 */
export const COMPLAINT_WARN_RATE = 0.001;
export const COMPLAINT_FAIL_RATE = 0.003;

/** Pure: the complaint rate of one window against the two lines. */
export function complaintRateCheck(window: '7d' | '30d', figures: ComplaintFigures): ComplianceCheck {
  const check = window === '7d' ? 'complaint-rate-7d' : 'complaint-rate-30d';
  const days = window === '7d' ? 7 : 30;
  if (figures.delivered <= 0) return pass(check, `no mail delivered in the last ${days} days`);
  const rate = figures.complaints / figures.delivered;
  const detail = `${figures.complaints} complaints over ${figures.delivered} delivered in ${days} days: ${percent(rate)} (warn at 0.1%, fail at 0.3%)`;
  const fix =
    'send only to people who asked for this mail, drop recipients who have not opened or clicked for months, make unsubscribing one click, and slow down until the rate falls';
  if (rate >= COMPLAINT_FAIL_RATE) return fail(check, detail, fix);
  if (rate >= COMPLAINT_WARN_RATE) return warn(check, detail, fix);
  return pass(check, detail);
}

/** Pure: RFC 8058 one-click unsubscribe (List-Unsubscribe with an https URI, List-Unsubscribe-Post). */
export function oneClickCheck(present: boolean): ComplianceCheck {
  return present
    ? pass(
        'one-click-unsubscribe',
        'List-Unsubscribe and List-Unsubscribe-Post: List-Unsubscribe=One-Click are sent (RFC 8058)',
      )
    : fail(
        'one-click-unsubscribe',
        'messages carry no RFC 8058 one-click unsubscribe, which Gmail and Yahoo require of bulk senders',
        'send List-Unsubscribe: <https://…/u/TOKEN> and List-Unsubscribe-Post: List-Unsubscribe=One-Click, and honour the POST within two days',
      );
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.0001 ? 4 : 3).replace(/\.?0+$/, '')}%`;
}
