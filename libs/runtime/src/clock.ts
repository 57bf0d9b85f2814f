/** The time source, injectable so tests can move it (STYLE.md §5). */
export interface Clock {
  now(): Date;
  /** True for the real clock: then SQL uses the database's own now(), the time authority. */
  readonly isSystem?: boolean;
}

export const systemClock: Clock = { now: () => new Date(), isSystem: true };

/** The instant to hand to SQL: null means "the database's now()". */
export function sqlNow(clock: Clock): Date | null {
  return clock.isSystem ? null : clock.now();
}

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
