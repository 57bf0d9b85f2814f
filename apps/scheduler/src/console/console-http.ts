import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Strict CSP: scripts, styles and images only from the console itself (no inline script, no
 * inline style, no CDN), forms post only to it, nobody frames it.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const isConsole = (url: string) =>
  url === '/console' || url.startsWith('/console/') || url.startsWith('/console?');

/** Cookies for the console's session, and its security headers on every console answer. */
export async function registerConsole(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isConsole(req.url)) return payload;
    reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('cross-origin-opener-policy', 'same-origin');
    if (!req.url.startsWith('/console/assets/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** Secure when the console is reached over HTTPS (directly, or through a trusted proxy). */
export function cookieOptions(req: FastifyRequest) {
  return { path: '/console', httpOnly: true, sameSite: 'strict' as const, secure: req.protocol === 'https' };
}
