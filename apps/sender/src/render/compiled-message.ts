import { newMessageId, verpAddress } from '@postroom/tokens';
import Handlebars from 'handlebars';
import { compileBodyEncoding, type BodyEncoding } from './body-encoding';
import { MessageLayout } from './message-layout';
import {
  addressDomain,
  assertHeaderSafe,
  RenderError,
  templateError,
  type CampaignTemplate,
  type RenderedMessage,
  type RendererSettings,
  type RenderTarget,
} from './rendered-message';
import { RUNTIME, splitTemplate } from './template-pieces';
import { withoutMarkers } from './tracked-html';
import { TrackedHtmlTemplate } from './tracked-html-pieces';
import { TrackedTextTemplate } from './tracked-text-pieces';

export interface CompiledRendererSettings extends RendererSettings {
  /** Where Message-IDs come from: 128 random bits (`newMessageId`) unless a test hands in its own. */
  readonly messageIds?: (domain: string) => string;
}

const MAX_COMPILED = 200;

/** A part of the campaign that compiled, or the error each render of it reports. */
type Compiled<T> = T | RenderError;

interface CompiledCampaign {
  /** The subject's text when no recipient changes it, else its template. */
  readonly subject: Compiled<string | ((context: object) => string)>;
  readonly html: Compiled<{ template: TrackedHtmlTemplate; encoding: BodyEncoding }>;
  readonly text?: Compiled<{ template: TrackedTextTemplate; encoding: BodyEncoding }>;
  /** The first part's error when a part failed: rendering reports that part's error before. */
  readonly layout: Compiled<MessageLayout>;
  readonly fromDomain: string;
}

/**
 * `MessageRenderer`, compiled: the same message for the same campaign and recipient (headers,
 * parts, decoded text and HTML, tokens, tracked links), with the work that is the same for
 * every recipient done once per campaign (DESIGN.md §8). Once: the templates split into static
 * text and slots, the links found, the static pieces encoded, the header block and the MIME
 * structure laid out. Per recipient: the slots rendered (strict mode, as before), the links,
 * pixel and unsubscribe link signed and filled in, only those pieces encoded, and everything
 * concatenated into one Buffer for the pool's `raw`.
 *
 * Differences from `MessageRenderer`, on purpose: the Date header comes from the injected clock;
 * line breaks in the bodies are CRLF (as the SMTP transport sends them anyway); a part whose
 * static text is all ASCII goes out quoted-printable where MailComposer might write 7bit.
 */
export class CompiledRenderer {
  private readonly compiled = new Map<string, CompiledCampaign>();
  private readonly hbs = Handlebars.create();
  private readonly messageIds: (domain: string) => string;
  private readonly base: string;

  constructor(private readonly settings: CompiledRendererSettings) {
    // Handlebars reports blocked prototype access with console.error; the access itself fails closed
    (this.hbs as unknown as { log: () => void }).log = () => undefined;
    this.messageIds = settings.messageIds ?? newMessageId;
    this.base = settings.trackingBaseUrl.replace(/\/+$/, '');
  }

  async render(campaign: CampaignTemplate, target: RenderTarget): Promise<RenderedMessage> {
    const c = this.campaign(campaign);
    const { signer } = this.settings;
    const now = this.settings.clock.now();
    const unsubscribeUrl = `${this.base}/u/${signer.sign('u', target.deliveryId, undefined, now)}`;
    const vars = withoutMarkers(target.vars ?? {});
    const context = {
      ...vars,
      vars,
      name: withoutMarkers(target.name ?? ''),
      email: target.email,
      unsubscribe_url: unsubscribeUrl,
    };
    const subject = run('subject', () => {
      const s = ok(c.subject);
      return typeof s === 'string' ? s : s(context);
    });
    const html = ok(c.html);
    const draft = run('html', () => html.template.draft(context, unsubscribeUrl));
    const text = c.text && ok(c.text);
    const textPieces = text && run('text', () => text.template.fill(context, unsubscribeUrl));
    const linkIds = await this.settings.links.idsFor(campaign.id, draft.urls);
    const htmlPieces = draft.fill(linkIds, {
      unsubscribeUrl,
      pixelUrl: `${this.base}/o/${signer.sign('o', target.deliveryId, undefined, now)}`,
      clickUrl: (linkId) => `${this.base}/c/${signer.sign('c', target.deliveryId, linkId, now)}`,
    });
    assertHeaderSafe('subject', subject);
    assertHeaderSafe('recipient name', target.name ?? '');
    assertHeaderSafe('recipient address', target.email);
    assertHeaderSafe('from address', campaign.from);
    const messageId = this.messageIds(this.settings.messageIdDomain ?? this.settings.bounceDomain);
    const envelopeFrom = verpAddress(
      signer.sign('b', target.deliveryId, undefined, now),
      this.settings.bounceDomain,
    );
    const raw = ok(c.layout).build({
      to: target.name ? { name: target.name, address: target.email } : target.email,
      subject: typeof c.subject === 'string' ? undefined : subject,
      messageId,
      date: now,
      unsubscribeUrl,
      html: html.encoding.encode(htmlPieces),
      text: text && textPieces && text.encoding.encode(textPieces),
    });
    return { messageId, envelopeFrom, raw, fromDomain: c.fromDomain };
  }

  forget(campaignId: string): void {
    this.compiled.delete(campaignId);
  }

  private campaign(campaign: CampaignTemplate): CompiledCampaign {
    let c = this.compiled.get(campaign.id);
    if (!c) {
      c = this.compile(campaign);
      // bounded like the campaign cache: a long-running sender sees many campaigns
      if (this.compiled.size >= MAX_COMPILED)
        this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(campaign.id, c);
    }
    return c;
  }

  private compile(campaign: CampaignTemplate): CompiledCampaign {
    const hbs = this.hbs;
    const subject = attempt('subject', () => {
      const { pieces } = splitTemplate(hbs, campaign.subject, { noEscape: true });
      if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
      const template = hbs.compile(campaign.subject, { strict: true, noEscape: true });
      return (context: object) => template(context, RUNTIME);
    });
    const html = attempt('html', () => {
      const template = TrackedHtmlTemplate.compile(hbs, campaign.html);
      return { template, encoding: compileBodyEncoding(template.statics) };
    });
    const source = campaign.text;
    const text = source
      ? attempt('text', () => {
          const template = TrackedTextTemplate.compile(hbs, source);
          return { template, encoding: compileBodyEncoding(template.statics) };
        })
      : undefined;
    const fromDomain = addressDomain(campaign.from);
    if (subject instanceof RenderError) return { subject, html, text, layout: subject, fromDomain };
    if (html instanceof RenderError) return { subject, html, text, layout: html, fromDomain };
    if (text instanceof RenderError) return { subject, html, text, layout: text, fromDomain };
    const layout = new MessageLayout({
      campaignId: campaign.id,
      from: campaign.from,
      // a subject with a line break is refused before the layout is used
      staticSubject: typeof subject === 'string' ? subject : undefined,
      htmlEncoding: html.encoding.transferEncoding,
      textEncoding: text?.encoding.transferEncoding,
    });
    return { subject, html, text, layout, fromDomain };
  }
}

function ok<T>(compiled: Compiled<T>): T {
  if (compiled instanceof RenderError) throw compiled;
  return compiled;
}

function attempt<T>(part: string, compile: () => T): Compiled<T> {
  try {
    return compile();
  } catch (err) {
    return templateError(part, err);
  }
}

function run<T>(part: string, render: () => T): T {
  try {
    return render();
  } catch (err) {
    throw err instanceof RenderError ? err : templateError(part, err);
  }
}
