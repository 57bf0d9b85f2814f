/**
 * The one retry and back-off policy of the codebase (STYLE.md §12): the broker's publishes, the
 * sender's outcome writes, the tracker's buffered events and the deliveries' own retries all
 * wait `base × 2^(attempt-1)`, capped, with optional jitter.
 */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  /** ± this fraction of the delay at random (0.2: ±20%), so many waiters do not retry in step. */
  readonly jitter?: number;
}

/** The wait before try `attempt + 1` after `attempt` failed (attempt counts from 1). */
export function backoffDelay(attempt: number, policy: Backoff, random: () => number = Math.random): number {
  const exponent = Math.min(60, Math.max(0, attempt - 1));
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jitter = policy.jitter ? 1 + (random() * 2 - 1) * policy.jitter : 1;
  return Math.max(1, Math.round(Math.min(policy.maxMs, exp * jitter)));
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly backoff: Backoff;
  /** False stops at once with the error (default: every error is worth another try). */
  readonly retryIf?: (err: unknown, attempt: number) => boolean;
  /** Told before each wait, e.g. to log. */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs `fn` until it resolves or the attempts are spent; then throws the last error. */
export async function retrying<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.attempts || options.retryIf?.(err, attempt) === false) throw err;
      const delay = backoffDelay(attempt, options.backoff);
      options.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
