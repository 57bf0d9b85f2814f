import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * Requests per token and window (429 with Retry-After beyond), counted in `onRequest` right
 * after authentication, so a token over its limit is refused before its body is read. Public
 * routes (no principal) are not counted. The counts are this process's: with several
 * schedulers, a token may make `max` requests on each.
 */
export async function registerApiRateLimit(
  app: FastifyInstance,
  limit: { max: number; windowMs: number },
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (req) => `token:${req.principal?.name ?? ''}`,
    allowList: (req) => req.principal === undefined,
  });
}
