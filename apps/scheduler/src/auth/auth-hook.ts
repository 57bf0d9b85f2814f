import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from './authenticator';

/**
 * Routes anyone may call: health checks and the OpenAPI documents. Matched by route, not URL text.
 * The operator console (/console) signs in with its own session cookie (console/console-auth.guard.ts).
 */
function isPublic(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route === '/console' || route?.startsWith('/console/')) return true;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return route === '/health' || route === '/docs' || (route?.startsWith('/docs/') ?? false);
}

/**
 * Checks the bearer token in `onRequest`, before Fastify reads or parses a body (Nest guards run
 * only after): an unauthenticated upload is refused with 401 at once, whatever its size, and
 * the caller's Principal rides on the request for the controllers and the rate limit. Unknown
 * routes answer 401 too, so nobody learns the API's shape without a token. The token is read
 * from the Authorization header only, never from the query string (URLs end up in logs).
 */
export function registerApiAuth(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req, reply) => {
    if (isPublic(req)) return;
    const principal = await authenticator.authenticate(req.headers.authorization);
    if (principal) {
      req.principal = principal;
      return;
    }
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ statusCode: 401, error: 'Unauthorized', message: 'missing or wrong bearer token' });
  });
}
