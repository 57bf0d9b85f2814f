import { TrackingStore, type Sql } from '@postroom/ledger';
import { TokenSigner } from '@postroom/tokens';
import pino from 'pino';
import { EventRecorder } from './event-recorder';
import { HANDOFF_MS, recorderFlushMs } from './recording-thread';
import { emptyRawOpens, type FromRecorder } from './thread-messages';

/** Remembers each batch written: the delivery ids, kinds and machine reasons. */
class RecordingSql {
  readonly batches: { ids: string[]; kinds: string[]; reasons: (string | null)[] }[] = [];
  async query(_text: string, params: unknown[]) {
    const ids = params[0] as string[];
    this.batches.push({ ids, kinds: params[1] as string[], reasons: params[4] as (string | null)[] });
    return { rows: [{ stored: String(ids.length), machine: '0' }], rowCount: 1 };
  }
}

const signer = new TokenSigner([{ kid: 'k1', secret: 'a-secret-of-enough-length' }], 30);

describe(EventRecorder.name, () => {
  let sql: RecordingSql;
  let posted: FromRecorder[];
  let sut: EventRecorder;

  beforeEach(() => {
    sql = new RecordingSql();
    posted = [];
    sut = new EventRecorder(
      sql as unknown as Sql,
      new TrackingStore(),
      signer,
      pino({ level: 'silent' }),
      { flushMs: 5, flushMax: 100, capacity: 1000, machineWindowS: 10 },
      (m) => posted.push(m),
    );
  });

  it('writes the valid opens and the clicks handed over, and reports the counts once for the metrics', async () => {
    const opens = emptyRawOpens();
    const now = new Date('2026-11-28T12:00:00Z');
    for (const token of [
      signer.sign('o', '1', undefined, now),
      'junk',
      signer.sign('o', '2', undefined, now),
    ]) {
      opens.tokens.push(token);
      opens.at.push(now.getTime());
      opens.head.push(false);
      opens.purposes.push(undefined);
      opens.userAgents.push('Mail/1.0');
    }
    const click = { deliveryId: '3', kind: 'click' as const, linkId: '9', at: now };

    await sut.handle({ type: 'record', opens, events: [click] });
    await sut.handle({ type: 'stop' });

    expect(sql.batches).toEqual([
      { ids: ['1', '2', '3'], kinds: ['open', 'open', 'click'], reasons: [null, null, null] },
    ]);
    const reports = posted.filter((m) => m.type === 'report');
    const total = (key: 'humanOpens' | 'machineOpens' | 'invalidOpens') =>
      reports.reduce((n, r) => n + (r.type === 'report' ? r[key] : 0), 0);
    expect([total('humanOpens'), total('machineOpens'), total('invalidOpens')]).toEqual([2, 0, 1]);
    expect(posted.at(-1)).toEqual({ type: 'stopped' });
    expect(posted.at(-2)).toMatchObject({ type: 'report', buffered: 0 });
  });
});

describe(recorderFlushMs.name, () => {
  it('leaves the recorder what remains of the flush interval after the hand-over, at least 5 ms', () => {
    expect(recorderFlushMs(100)).toBe(100 - HANDOFF_MS);
    expect(recorderFlushMs(HANDOFF_MS)).toBe(5);
  });
});
