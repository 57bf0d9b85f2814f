/** Injection tokens shared by every app. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const LEDGER = Symbol('LEDGER');
export const BROKER = Symbol('BROKER');
export const METRICS = Symbol('METRICS');
export const CLOCK = Symbol('CLOCK');
