import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { TrackingStore } from '@postroom/ledger';
import { TokenSigner } from '@postroom/tokens';
import { Pool, type QueryResultRow } from 'pg';
import pino from 'pino';
import { EventRecorder } from './event-recorder';
import type { ToRecorder } from './thread-messages';
import type { RecorderSettings } from './recording-thread';

/**
 * The recorder thread (started by RecordingThread): its own small connection pool, token checks
 * and batched ledger writes, off the thread that answers the requests.
 */
const settings = workerData as RecorderSettings;
const logger = pino({
  name: 'tracker',
  level: settings.logLevel,
  base: { service: 'tracker', component: 'recorder' },
});
const pool = new Pool({
  connectionString: settings.databaseUrl,
  max: 2,
  // writes come every few milliseconds under load, and now and then otherwise: keep the connection
  idleTimeoutMillis: 0,
  application_name: 'postroom-tracker-recorder',
});
// an idle connection that breaks must not end the thread: the next write reconnects
pool.on('error', (err) => logger.warn({ err: err.message }, 'ledger connection lost'));

lowerPriority(settings.nice);

const port = parentPort!;
// this thread runs without Nest: its entry is the composition root, so it builds its store and
// signer by hand here (the SQL itself stays in TrackingStore)
const recorder = new EventRecorder(
  { query: <R extends QueryResultRow>(text: string, values?: unknown[]) => pool.query<R>(text, values) },
  new TrackingStore(),
  TokenSigner.fromConfig(settings.trackingKeys, settings.tokenTtlDays),
  logger,
  settings.buffer,
  (message) => port.postMessage(message),
);

port.on('message', (message: ToRecorder) => {
  recorder.handle(message).then(
    async () => {
      if (message.type !== 'stop') return;
      await pool.end().catch(() => undefined);
      port.close();
    },
    (err: unknown) => logger.error({ err: (err as Error).message }, 'recording failed'),
  );
});

/**
 * Recording is background work: this thread gets a higher niceness than the answering thread,
 * so that when every core is busy the answers go first and the buffer absorbs the difference.
 * Linux only (a thread's id from /proc/thread-self); elsewhere, or if refused, it runs as is.
 */
function lowerPriority(nice: number): void {
  if (nice === 0) return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, nice);
  } catch (err) {
    logger.info({ err: (err as Error).message }, 'recorder thread priority left as is');
  }
}
