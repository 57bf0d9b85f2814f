/** One rule that matched, as SpamAssassin names and scores it. */
export interface SpamRule {
  readonly name: string;
  /** Absent when the checker reports names only (SPAMC SYMBOLS). */
  readonly score?: number;
  readonly description?: string;
}

export interface SpamVerdict {
  readonly score: number;
  /** The score from which the checker calls a message spam (SpamAssassin's required_score). */
  readonly threshold: number;
  readonly isSpam: boolean;
  readonly rules: readonly SpamRule[];
}

/** An optional pre-send check of a rendered message (the port; SpamdClient is the real one). */
export interface SpamChecker {
  check(raw: Buffer): Promise<SpamVerdict>;
}

export type SpamCheckErrorCode = 'refused' | 'timeout' | 'network' | 'protocol' | 'spamd' | 'too-large';

/** A check that could not be made; `retryable` says whether asking again later can help. */
export class SpamCheckError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: SpamCheckErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SpamCheckError';
    this.retryable = code === 'refused' || code === 'timeout' || code === 'network';
  }
}
