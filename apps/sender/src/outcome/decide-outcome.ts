import type { DeliveryOutcome } from '@postroom/ledger';
import type { TransportResult } from '../transports/mail-transport';
import { backoffDelay } from '@postroom/backoff';

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Pure rule: 250 → sent; 5xx → bounced (hard, handed to bounce); 4xx or never sent → retry
 * with backoff until the attempts are spent, then failed; body sent without reply → unknown.
 * An email refused or failed before its body left gives its quota back (`quotaReturned`).
 */
export function decideOutcome(
  id: string,
  attempt: number,
  messageId: string,
  result: TransportResult,
  retry: RetrySettings,
  now: Date,
): DeliveryOutcome {
  switch (result.kind) {
    case 'accepted':
      return { id, status: 'sent', smtpReply: result.reply, messageId };
    case 'refused': {
      const quotaReturned = !result.bodySent;
      if (result.code >= 500)
        return { id, status: 'bounced', smtpReply: result.reply, messageId, quotaReturned };
      return { ...temporary(id, attempt, result.reply, retry, now), quotaReturned };
    }
    case 'not-sent':
      // turned away by its paused provider group: nothing reached a server, no attempt is spent
      if (result.retryAt)
        return {
          id,
          status: 'retrying',
          smtpReply: result.reason,
          retryAt: new Date(Math.max(result.retryAt.getTime(), now.getTime())),
          attemptReturned: true,
          quotaReturned: true,
        };
      return { ...temporary(id, attempt, result.reason, retry, now), quotaReturned: true };
    case 'unknown':
      return { id, status: 'unknown', smtpReply: '', reason: result.reason };
  }
}

function temporary(
  id: string,
  attempt: number,
  reply: string,
  retry: RetrySettings,
  now: Date,
): DeliveryOutcome {
  if (attempt >= retry.maxAttempts) {
    return { id, status: 'failed', smtpReply: reply, reason: `temporary failure, ${attempt} attempts spent` };
  }
  // ±20% jitter: deliveries that failed together do not all come back in the same second
  const delay = backoffDelay(attempt, { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs, jitter: 0.2 });
  return { id, status: 'retrying', smtpReply: reply, retryAt: new Date(now.getTime() + delay) };
}
