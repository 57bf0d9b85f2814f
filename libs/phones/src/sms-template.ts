import Handlebars from 'handlebars';

/** One recipient's part of an SMS: the same fields an email template sees, with `phone` for `email`. */
export interface SmsRecipientFields {
  readonly phone: string;
  readonly name?: string | null;
  readonly vars?: Record<string, unknown> | null;
}

export class SmsTemplateError extends Error {}

const hbs = Handlebars.create();
// Handlebars reports blocked prototype access with console.error; the access itself fails closed
(hbs as unknown as { log: () => void }).log = () => undefined;

/**
 * An SMS campaign's text as a Handlebars template, personalised as email is ({{name}},
 * {{vars.x}} or {{x}}), in strict mode: a variable the recipient lacks is an error, never an
 * empty gap in a paid message. No HTML escaping: an SMS is plain text. The scheduler renders it
 * on submit to count each recipient's segments; the sender renders it again to send.
 */
export class SmsTemplate {
  private readonly template: HandlebarsTemplateDelegate;

  constructor(readonly source: string) {
    this.template = hbs.compile(source, { strict: true, noEscape: true });
    try {
      this.template({}); // compiles now: a syntax error is the campaign's, not a recipient's
    } catch (err) {
      if (!isMissingField(err)) throw new SmsTemplateError(firstLine(err));
    }
  }

  render(r: SmsRecipientFields): string {
    const vars = r.vars ?? {};
    try {
      return this.template({ ...vars, vars, name: r.name ?? '', phone: r.phone });
    } catch (err) {
      throw new SmsTemplateError(firstLine(err));
    }
  }
}

function isMissingField(err: unknown): boolean {
  return err instanceof Error && / not defined in /.test(err.message);
}

/** Handlebars' words, made readable: `"code" not defined in [object Object] - 1:20` names the field. */
function firstLine(err: unknown): string {
  const message = (err as Error).message;
  const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)/.exec(message);
  if (missing)
    return `the text uses "${missing[1]}" (at ${missing[2]}:${missing[3]}), which this recipient does not have`;
  return message.replace(/\s*\n\s*/g, ' ').slice(0, 300);
}
