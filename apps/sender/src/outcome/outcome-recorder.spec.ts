import { backoffDelay } from '@postroom/backoff';
import type { DeliveryOutcome } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import pino from 'pino';
import { OutcomeRecorder } from './outcome-recorder';
import type { OutcomeWrite, OutcomeWriter } from './outcome-writer';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');
const FLUSH_MS = 20;
/** The recorder's write policy: 12 tries, 200 ms doubling to 5 s. */
const WRITE_BACKOFF = { baseMs: 200, maxMs: 5000 };

/** Fails its first `failures` writes, then keeps every batch; reports the chosen ids as changed. */
class FlakyWriter {
  readonly batches: { ids: string[]; now: Date }[] = [];
  /** When (fake timer time) each write was tried, failed or not. */
  readonly triedAt: number[] = [];
  unchanged = new Set<string>();
  private gate?: Promise<void>;

  constructor(private failures = 0) {}

  /** Holds every write until the returned function is called. */
  hold(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((r) => (open = r));
    return open;
  }

  async write(batch: readonly OutcomeWrite[], now: Date): Promise<Set<string>> {
    this.triedAt.push(Date.now());
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connection terminated unexpectedly');
    }
    const ids = batch.map((b) => b.outcome.id);
    this.batches.push({ ids, now });
    return new Set(ids.filter((id) => !this.unchanged.has(id)));
  }
}

const sent = (id: string): OutcomeWrite => ({
  outcome: { id, status: 'sent', smtpReply: '250 ok', messageId: `<${id}@m.example>` },
});

/** Tracks a promise's fate without awaiting it. */
function watch(p: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: Error } {
  const w: { state: 'pending' | 'resolved' | 'rejected'; error?: Error } = { state: 'pending' };
  p.then(
    () => (w.state = 'resolved'),
    (err: Error) => {
      w.state = 'rejected';
      w.error = err;
    },
  );
  return w;
}

describe(OutcomeRecorder.name, () => {
  let metrics: Metrics;

  function build(writer: FlakyWriter, maxBatch?: number): OutcomeRecorder {
    metrics = new Metrics('test');
    return new OutcomeRecorder(
      writer as unknown as OutcomeWriter,
      metrics,
      pino({ level: 'silent' }),
      new FakeClock(NOW),
      FLUSH_MS,
      maxBatch,
    );
  }

  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('writes outcomes that arrive within flushMs as one batch, with the clock instant', async () => {
    const writer = new FlakyWriter();
    const sut = build(writer);

    const acks = ['1', '2', '3'].map((id) => watch(sut.record(sent(id))));
    await jest.advanceTimersByTimeAsync(FLUSH_MS - 1);
    expect(writer.batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);

    expect(writer.batches).toEqual([{ ids: ['1', '2', '3'], now: NOW }]);
    expect(acks.map((a) => a.state)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('writes at once when maxBatch outcomes are pending; a later one waits for flushMs', async () => {
    const writer = new FlakyWriter();
    const sut = build(writer, 2);

    ['1', '2'].forEach((id) => void sut.record(sent(id)));
    await jest.advanceTimersByTimeAsync(0);
    expect(writer.batches.map((b) => b.ids)).toEqual([['1', '2']]);
    void sut.record(sent('3'));
    await jest.advanceTimersByTimeAsync(FLUSH_MS - 1);
    expect(writer.batches).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);

    expect(writer.batches.map((b) => b.ids)).toEqual([['1', '2'], ['3']]);
  });

  it("resolves a caller's promise (its ack) only after the write committed", async () => {
    const writer = new FlakyWriter();
    const commit = writer.hold();
    const sut = build(writer);

    const ack = watch(sut.record(sent('1')));
    await jest.advanceTimersByTimeAsync(FLUSH_MS * 10);
    expect(writer.triedAt).toHaveLength(1);
    expect(ack.state).toBe('pending');

    commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(ack.state).toBe('resolved');
  });

  it('retries a failed write after the backoff helper’s delays, then acks', async () => {
    const writer = new FlakyWriter(2);
    const sut = build(writer);

    const ack = watch(sut.record(sent('1')));
    await jest.advanceTimersByTimeAsync(FLUSH_MS);
    const first = writer.triedAt[0];
    await jest.advanceTimersByTimeAsync(backoffDelay(1, WRITE_BACKOFF) - 1);
    expect(writer.triedAt).toHaveLength(1);
    expect(ack.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(1 + backoffDelay(2, WRITE_BACKOFF));

    expect(writer.triedAt.map((t) => t - first)).toEqual([0, 200, 600]);
    expect(writer.batches).toEqual([{ ids: ['1'], now: NOW }]);
    expect(ack.state).toBe('resolved');
  });

  it('acks nothing while a write keeps failing, and rejects every caller once it gives up', async () => {
    const writer = new FlakyWriter(Number.POSITIVE_INFINITY);
    const sut = build(writer);

    const acks = ['1', '2'].map((id) => watch(sut.record(sent(id))));
    await jest.advanceTimersByTimeAsync(FLUSH_MS + 10_000);
    expect(acks.map((a) => a.state)).toEqual(['pending', 'pending']);
    await jest.advanceTimersByTimeAsync(60_000);

    const waits = writer.triedAt.slice(1).map((t, i) => t - writer.triedAt[i]);
    expect(waits).toEqual(Array.from({ length: 11 }, (_, i) => backoffDelay(i + 1, WRITE_BACKOFF)));
    expect(writer.batches).toEqual([]);
    expect(acks.map((a) => [a.state, a.error?.message])).toEqual([
      ['rejected', 'connection terminated unexpectedly'],
      ['rejected', 'connection terminated unexpectedly'],
    ]);
  });

  it('keeps writing later batches after one gave up', async () => {
    const writer = new FlakyWriter(12);
    const sut = build(writer);

    const lost = watch(sut.record(sent('1')));
    await jest.advanceTimersByTimeAsync(FLUSH_MS + 60_000);
    const later = watch(sut.record(sent('2')));
    await jest.advanceTimersByTimeAsync(FLUSH_MS);

    expect([lost.state, later.state]).toEqual(['rejected', 'resolved']);
    expect(writer.batches.map((b) => b.ids)).toEqual([['2']]);
  });

  it('counts in the metrics only the deliveries whose row changed', async () => {
    const writer = new FlakyWriter();
    writer.unchanged = new Set(['2']);
    const sut = build(writer);
    const suppressed: DeliveryOutcome = { id: '3', status: 'suppressed', reason: 'blacklisted: x' };

    const done = Promise.all([
      sut.record(sent('1')),
      sut.record(sent('2')),
      sut.record({ outcome: suppressed }),
    ]);
    await jest.advanceTimersByTimeAsync(FLUSH_MS);
    await done;

    const counted = (await metrics.deliveries.get()).values.map((v) => [v.labels.status, v.value]);
    expect(counted.sort()).toEqual([
      ['sent', 1],
      ['suppressed', 1],
    ]);
  });

  it('flush() writes what is pending without waiting for the timer', async () => {
    const writer = new FlakyWriter();
    const sut = build(writer);

    const ack = watch(sut.record(sent('1')));
    await sut.flush();
    await Promise.resolve();

    expect(writer.batches.map((b) => b.ids)).toEqual([['1']]);
    expect(ack.state).toBe('resolved');
  });
});
