import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER } from '@postroom/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { SignInRequired } from './console-auth.guard';
import { ConsoleViews, nav } from './console-views';

/** Console errors as pages: sign-in when there is no session, else the status and the message. */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly views: ConsoleViews,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    if (err instanceof SignInRequired) {
      void reply.code(303).header('location', '/console/sign-in').send();
      return;
    }
    const status = err instanceof HttpException ? err.getStatus() : 500;
    if (status >= 500) this.logger.error({ err, url: req.url }, 'console page failed');
    const message =
      err instanceof HttpException
        ? messageOf(err)
        : 'Something went wrong on our side; the log has the details.';
    void reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        this.views.render('error', {
          title: `Error ${status}`,
          status,
          message,
          session: req.consoleSession && nav(req.consoleSession),
        }),
      );
  }
}

function messageOf(err: HttpException): string {
  const body = err.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? err.message);
}
