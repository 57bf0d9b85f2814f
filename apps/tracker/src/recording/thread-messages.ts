import type { TrackingEventInput } from '@postroom/ledger';

/**
 * Opens as the pixel route saw them, not yet checked: columns rather than objects, so that
 * handing a thousand of them to the recorder thread costs a few hundred microseconds.
 */
export interface RawOpens {
  readonly tokens: string[];
  /** ms since 1970 */
  readonly at: number[];
  /** HEAD requests */
  readonly head: boolean[];
  /** `Purpose`, `Sec-Purpose`, `X-Moz` or `X-Purpose` header, when the request had one */
  readonly purposes: (string | undefined)[];
  readonly userAgents: (string | undefined)[];
  /** The client's address (TRACKER_TRUST_PROXY applied), for the Apple MPP ranges */
  readonly ips: (string | undefined)[];
}

/** What the tracker's main thread hands the recorder thread. */
export type ToRecorder =
  | { readonly type: 'record'; readonly opens: RawOpens; readonly events: TrackingEventInput[] }
  | { readonly type: 'stop' };

/** Counts since the last report, for the main thread's metrics (the registry lives there). */
export interface RecorderReport {
  readonly type: 'report';
  readonly humanOpens: number;
  readonly machineOpens: number;
  readonly invalidOpens: number;
  readonly dropped: number;
  /** Events waiting for the ledger now. */
  readonly buffered: number;
}

export type FromRecorder = RecorderReport | { readonly type: 'stopped' };

export function emptyRawOpens(): RawOpens {
  return { tokens: [], at: [], head: [], purposes: [], userAgents: [], ips: [] };
}
