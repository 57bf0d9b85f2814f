import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrackingEventInput } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { Logger } from 'pino';
import { emptyRawOpens, type FromRecorder, type RawOpens, type ToRecorder } from './thread-messages';
import type { BufferSettings } from './tracking-buffer';

export interface RecorderSettings {
  readonly databaseUrl: string;
  readonly trackingKeys: string;
  readonly tokenTtlDays: number;
  readonly logLevel: string;
  /** Niceness of the recorder thread (0: as the answering thread). */
  readonly nice: number;
  readonly buffer: BufferSettings;
}

/**
 * Opens wait at most this long on the answering thread before they are handed over (fewer,
 * larger hand-overs wake the recorder less often); the recorder's flush interval is shortened by
 * as much, so an event still reaches the ledger within TRACKING_FLUSH_MS of its answer.
 */
export const HANDOFF_MS = 20;
const HANDOFF_MAX = 1000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The answering thread's side of recording: the pixel route only notes each open (token and
 * request facts, well under a microsecond), and every few milliseconds the notes go to the
 * recorder thread, which checks the tokens and writes the ledger. Checking a token and
 * building the ledger's statement cost more than answering the request; on their own thread
 * they no longer slow the answers. The thread's counts come back as metrics.
 */
export class RecordingThread {
  private opens: RawOpens = emptyRawOpens();
  private events: TrackingEventInput[] = [];
  private timer?: NodeJS.Timeout;
  private worker!: Worker;
  private stopping = false;
  private stopped?: Promise<void>;
  private readonly humanOpens: ReturnType<Metrics['opens']['labels']>;
  private readonly machineOpens: ReturnType<Metrics['opens']['labels']>;
  private readonly invalidOpens: ReturnType<Metrics['invalidTokens']['labels']>;

  constructor(
    private readonly settings: RecorderSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** The thread's script (compiled JavaScript); tests give a stand-in. */
    private readonly workerFile = path.join(__dirname, 'recording-worker.js'),
  ) {
    this.humanOpens = metrics.opens.labels({ kind: 'human' });
    this.machineOpens = metrics.opens.labels({ kind: 'machine' });
    this.invalidOpens = metrics.invalidTokens.labels({ route: 'open' });
    this.start();
  }

  /** Notes one answered open; `purpose` is the request's prefetch header, if any. */
  open(
    token: string,
    at: number,
    head: boolean,
    purpose: string | undefined,
    userAgent: string | undefined,
    ip?: string,
  ): void {
    const o = this.opens;
    o.tokens.push(token);
    o.at.push(at);
    o.head.push(head);
    o.purposes.push(purpose);
    o.userAgents.push(userAgent);
    o.ips.push(ip);
    this.schedule(o.tokens.length);
  }

  /** An event already checked on this thread (a click). */
  event(event: TrackingEventInput): void {
    this.events.push(event);
    this.schedule(this.events.length);
  }

  /** Hands over what is noted, lets the thread write everything, and waits for it to end. */
  stop(): Promise<void> {
    this.stopped ??= this.stopNow();
    return this.stopped;
  }

  private async stopNow(): Promise<void> {
    this.stopping = true;
    this.handOff();
    const worker = this.worker;
    const done = new Promise<void>((resolve) => {
      worker.on('message', (m: FromRecorder) => m.type === 'stopped' && resolve());
      worker.once('exit', () => resolve());
    });
    this.post({ type: 'stop' });
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref(),
    );
    if ((await Promise.race([done, timeout])) === 'timeout') {
      this.logger.error('the recorder thread did not finish writing in time; stopping it');
    }
    await worker.terminate();
  }

  private schedule(noted: number): void {
    if (noted >= HANDOFF_MAX) this.handOff();
    else this.timer ??= setTimeout(() => this.handOff(), HANDOFF_MS);
  }

  private handOff(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.opens.tokens.length === 0 && this.events.length === 0) return;
    this.post({ type: 'record', opens: this.opens, events: this.events });
    this.opens = emptyRawOpens();
    this.events = [];
  }

  private post(message: ToRecorder): void {
    this.worker.postMessage(message);
  }

  private start(): void {
    const buffer = { ...this.settings.buffer, flushMs: recorderFlushMs(this.settings.buffer.flushMs) };
    const worker = new Worker(this.workerFile, {
      workerData: { ...this.settings, buffer },
    });
    this.worker = worker;
    worker.on('message', (m: FromRecorder) => {
      if (m.type === 'report') this.apply(m);
    });
    worker.on('error', (err) => this.logger.error({ err: err.message }, 'recorder thread failed'));
    worker.once('exit', (code) => {
      if (this.stopping) return;
      // what it held is lost; the next thread queues what is handed over while it starts
      this.logger.error({ code }, 'recorder thread ended; starting another');
      this.start();
    });
  }

  private apply(m: Extract<FromRecorder, { type: 'report' }>): void {
    if (m.humanOpens) this.humanOpens.inc(m.humanOpens);
    if (m.machineOpens) this.machineOpens.inc(m.machineOpens);
    if (m.invalidOpens) this.invalidOpens.inc(m.invalidOpens);
    if (m.dropped) this.metrics.trackingDropped.inc(m.dropped);
    this.metrics.trackingBuffered.set(m.buffered);
  }
}

/** The recorder's own flush interval: what is left of TRACKING_FLUSH_MS after the hand-over. */
export function recorderFlushMs(flushMs: number): number {
  return Math.max(5, flushMs - HANDOFF_MS);
}
