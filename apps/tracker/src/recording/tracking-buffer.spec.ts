import { TrackingStore, type Sql } from '@postroom/ledger';
import pino from 'pino';
import { TrackingBuffer } from './tracking-buffer';

/** A ledger that is down until `up` is set, and remembers what each write carried. */
class FlakyLedger {
  up = false;
  readonly written: string[][] = [];
  async query(_sql: string, params: unknown[]) {
    if (!this.up) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const ids = params[0] as string[];
    this.written.push(ids);
    return { rows: [{ stored: String(ids.length), machine: '0' }], rowCount: 1 };
  }
}

const event = (id: number) => ({ deliveryId: String(id), kind: 'open' as const, at: new Date() });

describe(TrackingBuffer.name, () => {
  let ledger: FlakyLedger;
  let observed: { dropped: number; buffered: number };
  let sut: TrackingBuffer;

  beforeEach(() => {
    ledger = new FlakyLedger();
    observed = { dropped: 0, buffered: 0 };
    const observer = {
      dropped: (n: number) => (observed.dropped += n),
      buffered: (n: number) => (observed.buffered = n),
    };
    sut = new TrackingBuffer(
      ledger as unknown as Sql,
      new TrackingStore(),
      observer,
      pino({ level: 'silent' }),
      {
        flushMs: 5,
        flushMax: 3,
        capacity: 5,
        machineWindowS: 10,
      },
    );
  });

  afterEach(async () => {
    ledger.up = true;
    await sut.stop();
  });

  it('holds events while the ledger is down, drops the oldest beyond its capacity (counted), and catches up', async () => {
    for (let i = 1; i <= 8; i++) sut.push(event(i));
    await sut.flush();

    expect(sut.size).toBe(5);
    expect(observed).toEqual({ dropped: 3, buffered: 5 });

    ledger.up = true;
    await sut.flush();

    expect(sut.size).toBe(0);
    expect(ledger.written.flat()).toEqual(['4', '5', '6', '7', '8']);
    expect(ledger.written.map((w) => w.length)).toEqual([3, 2]);
  });

  it('never writes an event twice nor loses one when flushes overlap', async () => {
    ledger.up = true;
    for (let i = 1; i <= 5; i++) sut.push(event(i));

    await Promise.all([sut.flush(), sut.flush(), sut.flush()]);

    expect(ledger.written.flat()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('writes in batches of at most flushMax, in arrival order', async () => {
    ledger.up = true;
    for (let i = 1; i <= 5; i++) sut.push(event(i));
    await sut.flush();

    expect(ledger.written).toEqual([
      ['1', '2', '3'],
      ['4', '5'],
    ]);
  });
});
