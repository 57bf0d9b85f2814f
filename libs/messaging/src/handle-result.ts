/** What a consumer's handler decided about one message. Throwing means a fault: retried later. */
export type HandleResult =
  { kind: 'ack' } | { kind: 'retry'; reason: string } | { kind: 'dead-letter'; reason: string };

export const ack: HandleResult = { kind: 'ack' };
export const retry = (reason: string): HandleResult => ({ kind: 'retry', reason });
export const deadLetter = (reason: string): HandleResult => ({ kind: 'dead-letter', reason });

export interface MessageMeta {
  readonly attempt: number;
  readonly redelivered: boolean;
  readonly messageId?: string;
}

export const HEADER = {
  attempt: 'x-postroom-attempt',
  reason: 'x-postroom-reason',
  queue: 'x-postroom-queue',
  failedAt: 'x-postroom-failed-at',
} as const;
