/**
 * The one time source (STYLE.md §5). Every instant a rule reads comes from here, also the ones
 * SQL compares with (`$now` parameters, never the database's `now()`), so a test that moves the
 * clock moves every rule with it, whatever day it runs on.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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
