import * as path from 'node:path';
import { Metrics } from '@postroom/metrics';
import { waitFor } from '@postroom/testing';
import pino from 'pino';
import { RecordingThread } from './recording-thread';

const standIn = path.join(__dirname, 'fixtures', 'stand-in-recording-worker.js');
const settings = {
  databaseUrl: 'postgres://unused',
  trackingKeys: 'k1:unused-in-the-stand-in',
  tokenTtlDays: 30,
  logLevel: 'silent',
  nice: 0,
  buffer: { flushMs: 100, flushMax: 1000, capacity: 1000, machineWindowS: 10 },
};

describe(RecordingThread.name, () => {
  let metrics: Metrics;
  let sut: RecordingThread;

  beforeEach(() => {
    metrics = new Metrics('test');
    sut = new RecordingThread(settings, metrics, pino({ level: 'silent' }), standIn);
  });

  afterEach(() => sut.stop());

  const humanOpens = async () =>
    (await metrics.opens.get()).values.find((v) => v.labels.kind === 'human')?.value ?? 0;

  it('hands the noted opens over in one batch and turns the report of the thread into metrics', async () => {
    for (let i = 0; i < 3; i++) sut.open(`t${i}`, Date.now(), false, undefined, 'Mail/1.0');

    await waitFor(async () => (await humanOpens()) === 3, { message: 'three opens reported' });
  });

  it('starts another thread when the recorder thread ends, and goes on recording', async () => {
    sut.open('crash', Date.now(), false, undefined, undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await humanOpens()).toBe(0); // the thread ended with that batch, unreported
    sut.open('after', Date.now(), false, undefined, undefined);

    await waitFor(async () => (await humanOpens()) === 1, { message: 'the open after the crash reported' });
  });

  it('stops once the thread has written what it held, and twice is the same as once', async () => {
    sut.open('last', Date.now(), false, undefined, undefined);

    await Promise.all([sut.stop(), sut.stop()]);

    expect(await humanOpens()).toBe(1);
  });
});
