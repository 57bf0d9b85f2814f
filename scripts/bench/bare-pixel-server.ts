import { fastify, type FastifyReply } from 'fastify';
import { PIXEL } from '../../apps/tracker/src/pages';

/**
 * The ceiling `npm run bench:tracker` compares the tracker with: a bare Fastify server in a
 * process of its own answering `GET /o/:token` with the tracker's 43-byte GIF and the same
 * no-cache headers, and doing nothing else (no token, no metric, no buffer, no Nest).
 * Forked with an IPC channel: sends `{ type: 'ready', port }` once it listens, stops on SIGTERM
 * or when the parent goes away. Run by hand, it prints its URL instead.
 */

/** The tracker's headers for the pixel (apps/tracker/src/tracking.controller.ts); the bench compares both answers. */
export const BARE_PIXEL_HEADERS = {
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  pragma: 'no-cache',
  expires: '0',
  'content-type': 'image/gif',
  'content-length': PIXEL.length,
};

async function main(): Promise<void> {
  // as the tracker's FastifyAdapter: no request logging
  const app = fastify({ logger: false });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/o/:token',
    handler: (_req, reply: FastifyReply) => reply.code(200).headers(BARE_PIXEL_HEADERS).send(PIXEL),
  });
  await app.listen({ port: Number(process.env.BARE_PORT ?? 0), host: process.env.BARE_HOST ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop());
  if (!process.send) {
    console.log(`bare pixel server on http://127.0.0.1:${port}/o/:token; Ctrl-C stops it`);
    return;
  }
  // the bench died without stopping us: do not outlive it
  process.once('disconnect', () => void stop());
  process.send({ type: 'ready', port });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`bare pixel server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
