import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConsoleSession } from './console-sessions.service';

/** Where the .hbs files are: beside this file, in the sources and in dist/ (npm run build copies them). */
export const VIEWS_DIR = path.join(__dirname, 'views');

/**
 * The console's Handlebars templates, compiled once at start. Every value is written with
 * `{{ }}`, which escapes HTML: names, subjects and diagnostics from the ledger or from mail show
 * as text. No template uses `{{{ }}}`; the layout takes the page through a partial block.
 */
@Injectable()
export class ConsoleViews {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.hbs.registerHelper('json', (v: unknown) => JSON.stringify(v ?? null, null, 2));
    this.hbs.registerHelper('time', (v: unknown) =>
      v ? new Date(v as string).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '',
    );
    this.hbs.registerHelper('uri', (v: unknown) => encodeURIComponent(String(v ?? '')));
    for (const file of fs.readdirSync(VIEWS_DIR)) {
      if (!file.endsWith('.hbs')) continue;
      const source = fs.readFileSync(path.join(VIEWS_DIR, file), 'utf8');
      const name = file.slice(0, -'.hbs'.length);
      if (name.startsWith('_')) this.hbs.registerPartial(name.slice(1), source);
      else this.pages.set(name, this.hbs.compile(source, { strict: false }));
    }
  }

  /** Answers with a whole page, the layout told who is signed in (and given the CSRF token for its forms). */
  send(reply: FastifyReply, page: string, session: ConsoleSession, data: object): FastifyReply {
    return reply.type('text/html; charset=utf-8').send(this.render(page, { ...data, session: nav(session) }));
  }

  render(page: string, data: object): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no console view ${page}`);
    return template(data, { allowProtoPropertiesByDefault: false });
  }
}

/** What the layout needs of the session: who is signed in, the CSRF token for its forms. */
export function nav(session: ConsoleSession) {
  const p = session.principal;
  return {
    name: p.name,
    scope: p.scope,
    account: p.scope === 'account' ? p.account : undefined,
    operator: p.scope === 'operator',
    csrf: session.csrf,
  };
}
