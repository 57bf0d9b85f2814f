/** The time source, injectable so tests can move it; the database clock decides quota days. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
