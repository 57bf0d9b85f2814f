import Handlebars from 'handlebars';
import MailComposer from 'nodemailer/lib/mail-composer';
import { randomBytes } from 'node:crypto';

export interface CampaignTemplate {
  readonly id: string;
  readonly from: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string | null;
}

export interface RenderTarget {
  readonly deliveryId: string;
  readonly email: string;
  readonly name: string | null;
  readonly vars: Record<string, unknown> | null;
}

export interface RenderedMessage {
  readonly messageId: string;
  readonly envelopeFrom: string;
  readonly raw: Buffer;
}

/** A problem with one delivery's content: retrying cannot help. */
export class RenderError extends Error {}

type Compiled = (context: object) => string;

const RUNTIME: Handlebars.RuntimeOptions = {
  // no prototype access from templates: `{{constructor.constructor}}` and friends stay dead
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

export interface RendererSettings {
  readonly bounceDomain: string;
  readonly messageIdDomain?: string;
}

/**
 * Renders one email for one recipient: Handlebars in strict mode (a missing variable is an
 * error, not an empty string), every header value checked for CR/LF, VERP return path.
 */
export class MessageRenderer {
  private readonly compiled = new Map<string, { subject: Compiled; html: Compiled; text?: Compiled }>();
  private readonly hbs = Handlebars.create();

  constructor(private readonly settings: RendererSettings) {
    // Handlebars reports blocked prototype access with console.error; the access itself fails closed
    (this.hbs as unknown as { log: () => void }).log = () => undefined;
  }

  async render(campaign: CampaignTemplate, target: RenderTarget): Promise<RenderedMessage> {
    const t = this.templates(campaign);
    const context = {
      ...(target.vars ?? {}),
      vars: target.vars ?? {},
      name: target.name ?? '',
      email: target.email,
    };
    const subject = run(t.subject, context, 'subject');
    const html = run(t.html, context, 'html');
    const text = t.text ? run(t.text, context, 'text') : undefined;
    assertHeaderSafe('subject', subject);
    assertHeaderSafe('recipient name', target.name ?? '');
    assertHeaderSafe('recipient address', target.email);
    assertHeaderSafe('from address', campaign.from);
    const domain = this.settings.messageIdDomain ?? this.settings.bounceDomain;
    const messageId = `<${target.deliveryId}.${randomBytes(6).toString('hex')}@${domain}>`;
    const envelopeFrom = `bounces+${target.deliveryId}@${this.settings.bounceDomain}`;
    const composer = new MailComposer({
      from: campaign.from,
      to: target.name ? { name: target.name, address: target.email } : target.email,
      subject,
      html,
      text,
      messageId,
      headers: { 'X-Postroom-Delivery': target.deliveryId, 'X-Postroom-Campaign': campaign.id },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const raw = await new Promise<Buffer>((resolve, reject) =>
      composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
    );
    return { messageId, envelopeFrom, raw };
  }

  forget(campaignId: string): void {
    this.compiled.delete(campaignId);
  }

  private templates(campaign: CampaignTemplate) {
    let t = this.compiled.get(campaign.id);
    if (!t) {
      const opts = { strict: true, noEscape: false };
      t = {
        subject: this.hbs.compile(campaign.subject, { ...opts, noEscape: true }),
        html: this.hbs.compile(campaign.html, opts),
        text: campaign.text ? this.hbs.compile(campaign.text, { ...opts, noEscape: true }) : undefined,
      };
      this.compiled.set(campaign.id, t);
    }
    return t;
  }
}

function run(template: Compiled, context: object, part: string): string {
  try {
    return (template as (ctx: object, opts: Handlebars.RuntimeOptions) => string)(context, RUNTIME);
  } catch (err) {
    throw new RenderError(`template error in ${part}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** No CR or LF may reach a header: that is how header injection starts. */
export function assertHeaderSafe(what: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new RenderError(`${what} contains a line break or NUL; refused`);
}
