import type { Sql, TrackingStore } from '@postroom/ledger';
import type { TokenSigner } from '@postroom/tokens';
import type { Logger } from 'pino';
import { judgeOpens } from './judge-opens';
import type { FromRecorder, ToRecorder } from './thread-messages';
import { TrackingBuffer, type BufferSettings } from './tracking-buffer';

/**
 * The recorder thread's work, without the thread: checks the opens' tokens, flags machine-made
 * ones, buffers the events and writes them to the ledger in batches, and reports counts back
 * for the metrics. Reports are coalesced: at most one per turn of the event loop.
 */
export class EventRecorder {
  readonly buffer: TrackingBuffer;
  private humanOpens = 0;
  private machineOpens = 0;
  private invalidOpens = 0;
  private dropped = 0;
  private buffered = 0;
  private reportPending = false;

  constructor(
    sql: Sql,
    store: TrackingStore,
    private readonly signer: TokenSigner,
    logger: Logger,
    settings: BufferSettings,
    private readonly post: (message: FromRecorder) => void,
  ) {
    this.buffer = new TrackingBuffer(
      sql,
      store,
      {
        dropped: (count) => {
          this.dropped += count;
          this.scheduleReport();
        },
        buffered: (count) => {
          this.buffered = count;
          this.scheduleReport();
        },
      },
      logger,
      settings,
    );
  }

  async handle(message: ToRecorder): Promise<void> {
    if (message.type === 'stop') {
      await this.buffer.stop();
      this.report();
      this.post({ type: 'stopped' });
      return;
    }
    const judged = judgeOpens(message.opens, this.signer);
    for (const event of judged.events) this.buffer.push(event);
    for (const event of message.events) this.buffer.push(event);
    this.humanOpens += judged.human;
    this.machineOpens += judged.machine;
    this.invalidOpens += judged.invalid;
    this.scheduleReport();
  }

  private scheduleReport(): void {
    if (this.reportPending) return;
    this.reportPending = true;
    setImmediate(() => this.report());
  }

  private report(): void {
    this.reportPending = false;
    this.post({
      type: 'report',
      humanOpens: this.humanOpens,
      machineOpens: this.machineOpens,
      invalidOpens: this.invalidOpens,
      dropped: this.dropped,
      buffered: this.buffered,
    });
    this.humanOpens = this.machineOpens = this.invalidOpens = this.dropped = 0;
  }
}
