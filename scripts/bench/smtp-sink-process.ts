import { SmtpCapture } from '@postroom/testing';

/**
 * A Node SMTP sink in a process of its own, for `npm run bench` where Postfix's smtp-sink is not
 * installed: accepts every message and keeps none (only the count), so it measures the client.
 * Forked with an IPC channel: sends `{ type: 'ready', port }`, answers `{ type: 'count' }` with
 * `{ type: 'count', count }`, stops on SIGTERM or when the parent goes away. Run by hand, it
 * prints its URL instead.
 */

interface SinkRequest {
  type?: string;
}

async function main(): Promise<void> {
  const cap = await SmtpCapture.start({
    port: Number(process.env.SINK_PORT ?? 0),
    host: process.env.SINK_HOST ?? '127.0.0.1',
    maxKept: 0,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cap.stop();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop());
  if (!process.send) {
    console.log(`SMTP sink listening on ${cap.url}; Ctrl-C stops it`);
    return;
  }
  process.on('message', (message: SinkRequest) => {
    if (message?.type === 'count') process.send?.({ type: 'count', count: cap.acceptedCount });
  });
  // the bench died without stopping us: do not outlive it
  process.once('disconnect', () => void stop());
  process.send({ type: 'ready', port: cap.port });
}

main().catch((err: unknown) => {
  console.error(`smtp sink: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
