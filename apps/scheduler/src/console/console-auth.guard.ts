import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ConsoleSessions, type ConsoleSession } from './console-sessions.service';

export const SESSION_COOKIE = 'postroom_console';

/** Thrown when a console page is asked for without a live session: answered with the sign-in page. */
export class SignInRequired extends Error {}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: ConsoleSession;
  }
}

/** Whether two secrets are equal, in constant time. */
export function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every console page but sign-in: a live session from the cookie, and on each POST the
 * session's CSRF token in the form (`_csrf`). SameSite=Strict already keeps other sites'
 * forms from carrying the cookie; the token holds when a browser does not honour it.
 */
@Injectable()
export class ConsoleAuthGuard implements CanActivate {
  constructor(private readonly sessions: ConsoleSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const session = await this.sessions.resolve(req.cookies[SESSION_COOKIE]);
    if (!session) throw new SignInRequired();
    if (
      req.method === 'POST' &&
      !sameSecret((req.body as Record<string, unknown> | undefined)?._csrf, session.csrf)
    )
      throw new ForbiddenException(
        'the form is out of date or did not come from this console: load the page again',
      );
    req.consoleSession = session;
    return true;
  }
}

/** The signed-in session of this request. */
export const Session = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<FastifyRequest>().consoleSession!,
);
