import { backoffDelay } from '@postroom/backoff';
import type { DeliveryOutcome, SubmittedSms } from '@postroom/ledger';
import type { RetrySettings } from '../outcome/decide-outcome';
import type { SmsResult } from './sms-transport';

/** What one SMS attempt comes to: taken by the SMS centre (awaiting its receipt), or an outcome to record now. */
export type SmsAttempt =
  | { readonly kind: 'submitted'; readonly submitted: SubmittedSms }
  | { readonly kind: 'settled'; readonly outcome: DeliveryOutcome };

/**
 * Pure rule, the SMS twin of decideOutcome: accepted → stays `sending` with the SMS centre's
 * message id until the delivery receipt says `sent` or `failed`; a permanent refusal → failed
 * with the command_status; a temporary one, a throttle that outlasted the in-process back-off,
 * or no bind → retrying until the attempts are spent; submitted without an answer → unknown
 * (never resent: the SMS centre may have it). A refusal after some segments went is final:
 * sending again would repeat them on the phone. Nothing that left gives its quota back.
 */
export function decideSmsOutcome(
  id: string,
  attempt: number,
  result: SmsResult,
  retry: RetrySettings,
  now: Date,
): SmsAttempt {
  const settled = (outcome: DeliveryOutcome): SmsAttempt => ({ kind: 'settled', outcome });
  switch (result.kind) {
    case 'accepted':
      return {
        kind: 'submitted',
        submitted: {
          id,
          messageId: result.messageId,
          detail: `submit_sm_resp ESME_ROK: ${result.segments} segment${result.segments === 1 ? '' : 's'}, message id ${result.messageIds.join(' ')}`,
        },
      };
    case 'refused': {
      const reply = `submit_sm_resp ${result.status}`;
      if (result.segmentsSent > 0)
        return settled({
          id,
          status: 'failed',
          smtpReply: reply,
          reason: `refused by the SMS centre after ${result.segmentsSent} segments: ${result.status}`,
        });
      if (result.permanent)
        return settled({
          id,
          status: 'failed',
          smtpReply: reply,
          reason: `refused by the SMS centre: ${result.status}`,
          quotaReturned: true,
        });
      return settled({ ...temporary(id, attempt, reply, retry, now), quotaReturned: true });
    }
    case 'throttled':
      return settled({
        ...temporary(id, attempt, `submit_sm_resp ${result.status}`, retry, now),
        quotaReturned: true,
      });
    case 'not-sent':
      return settled({ ...temporary(id, attempt, result.reason, retry, now), quotaReturned: true });
    case 'unknown':
      return settled({ id, status: 'unknown', smtpReply: '', reason: result.reason });
  }
}

function temporary(
  id: string,
  attempt: number,
  reply: string,
  retry: RetrySettings,
  now: Date,
): DeliveryOutcome {
  if (attempt >= retry.maxAttempts)
    return { id, status: 'failed', smtpReply: reply, reason: `temporary failure, ${attempt} attempts spent` };
  const delay = backoffDelay(attempt, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs, jitter: 0.2 });
  return { id, status: 'retrying', smtpReply: reply, retryAt: new Date(now.getTime() + delay) };
}
