import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * Requests per token and window (429 with Retry-After beyond), counted in `onRequest` right
 * after authentication, so a token over its limit is refused before its body is read. The
 * console carries no bearer token (its session is a cookie, and its sign-in form takes a token
 * from anyone): its requests count per client address, so nobody can try tokens there faster
 * than the API would let them make requests. Other public routes (health, docs) are not counted.
 * The counts are this process's: with several schedulers, a token may make `max` requests on each.
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
    keyGenerator: (req) => (req.principal ? `token:${req.principal.name}` : `client:${req.ip}`),
    allowList: (req) => req.principal === undefined && !isConsole(req.url),
  });
}

function isConsole(url: string): boolean {
  return url === '/console' || url.startsWith('/console/') || url.startsWith('/console?');
}
