import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sameSecret, SESSION_COOKIE } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { cookieOptions } from './console-http';
import { ConsoleSessions } from './console-sessions.service';
import { ConsoleViews, VIEWS_DIR } from './console-views';

/** The sign-in form's CSRF token lives in a cookie of its own until a session exists (double submit). */
const SIGN_IN_COOKIE = 'postroom_console_signin';

const ASSETS: Record<string, { file: string; type: string }> = {
  'htmx.min.js': {
    file: require.resolve('htmx.org/dist/htmx.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'console.css': { file: path.join(VIEWS_DIR, 'console.css'), type: 'text/css; charset=utf-8' },
  'favicon.svg': { file: path.join(VIEWS_DIR, 'favicon.svg'), type: 'image/svg+xml' },
};

/** Sign in with an API token, sign out, and the console's own script (vendored htmx) and style. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleAuthController {
  private readonly assets = new Map(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: fs.readFileSync(a.file), type: a.type }]),
  );

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  home(@Res() reply: FastifyReply) {
    return reply.code(303).header('location', '/console/campaigns').send();
  }

  @Get('sign-in')
  signInPage(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.signInForm(req, reply, 200);
  }

  @Post('sign-in')
  async signIn(
    @Req() req: FastifyRequest,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const expected = req.cookies[SIGN_IN_COOKIE];
    if (!expected || !sameSecret(body?._csrf, expected))
      return this.signInForm(req, reply, 403, 'The form is out of date: sign in again.');
    const token = typeof body?.token === 'string' ? body.token : '';
    const opened = await this.sessions.signIn(token);
    if (!opened) return this.signInForm(req, reply, 401, 'That token is not a live API token.');
    return reply
      .clearCookie(SIGN_IN_COOKIE, cookieOptions(req))
      .setCookie(SESSION_COOKIE, opened.id, cookieOptions(req))
      .code(303)
      .header('location', '/console/campaigns')
      .send();
  }

  @Post('sign-out')
  async signOut(
    @Req() req: FastifyRequest,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const session = await this.sessions.resolve(req.cookies[SESSION_COOKIE]);
    // a sign-out without the session's CSRF token ends nothing (another site cannot sign anyone out)
    if (session && sameSecret(body?._csrf, session.csrf)) await this.sessions.signOut(session.id);
    return reply
      .clearCookie(SESSION_COOKIE, cookieOptions(req))
      .code(303)
      .header('location', '/console/sign-in')
      .send();
  }

  @Get('assets/:name')
  asset(@Req() req: FastifyRequest<{ Params: { name: string } }>, @Res() reply: FastifyReply) {
    const asset = this.assets.get(req.params.name);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  }

  private signInForm(req: FastifyRequest, reply: FastifyReply, status: number, error?: string) {
    const csrf = randomBytes(24).toString('base64url');
    return reply
      .setCookie(SIGN_IN_COOKIE, csrf, cookieOptions(req))
      .code(status)
      .type('text/html; charset=utf-8')
      .send(this.views.render('sign-in', { title: 'Sign in', csrf, error }));
  }
}
