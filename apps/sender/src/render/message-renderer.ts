import { newMessageId, verpAddress } from '@postroom/tokens';
import Handlebars from 'handlebars';
import MailComposer from 'nodemailer/lib/mail-composer';
import {
  addressDomain,
  assertHeaderSafe,
  templateError,
  type CampaignTemplate,
  type RenderedMessage,
  type RendererSettings,
  type RenderTarget,
} from './rendered-message';
import { RUNTIME } from './template-pieces';
import {
  addPixel,
  ensureUnsubscribeLink,
  ensureUnsubscribeText,
  fillLinks,
  markLinks,
  trackableLinks,
  withoutMarkers,
} from './tracked-html';

type Compiled = (context: object) => string;

/**
 * The reference renderer, off the send path since `CompiledRenderer` took its place: MailComposer
 * builds the whole message for every recipient. The equivalence spec of `CompiledRenderer` and
 * `npm run bench:render` compare against it; nothing else uses it.
 *
 * Renders one email for one recipient: Handlebars in strict mode (a missing variable is an
 * error, not an empty string), every header value checked for CR/LF; tracked links, an open
 * pixel and an unsubscribe link (plus RFC 8058 one-click headers), each with a token signed
 * for this one delivery; a VERP return path with a signed token. Nothing in the message names
 * the delivery in the clear: only the signed return path and an unguessable Message-ID lead to it.
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
    const { signer, trackingBaseUrl } = this.settings;
    const now = this.settings.clock.now();
    const base = trackingBaseUrl.replace(/\/+$/, '');
    const unsubscribeUrl = `${base}/u/${signer.sign('u', target.deliveryId, undefined, now)}`;
    const vars = withoutMarkers(target.vars ?? {});
    const context = {
      ...vars,
      vars,
      name: withoutMarkers(target.name ?? ''),
      email: target.email,
      unsubscribe_url: unsubscribeUrl,
    };
    const subject = run(t.subject, context, 'subject');
    let html = run(t.html, context, 'html');
    const renderedText = t.text ? run(t.text, context, 'text') : undefined;
    const linkIds = await this.settings.links.idsFor(campaign.id, trackableLinks(html, unsubscribeUrl));
    html = fillLinks(html, unsubscribeUrl, (url) => {
      const linkId = linkIds.get(url);
      return linkId ? `${base}/c/${signer.sign('c', target.deliveryId, linkId, now)}` : undefined;
    });
    html = addPixel(
      ensureUnsubscribeLink(html, unsubscribeUrl),
      `${base}/o/${signer.sign('o', target.deliveryId, undefined, now)}`,
    );
    const text = renderedText === undefined ? undefined : ensureUnsubscribeText(renderedText, unsubscribeUrl);
    assertHeaderSafe('subject', subject);
    assertHeaderSafe('recipient name', target.name ?? '');
    assertHeaderSafe('recipient address', target.email);
    assertHeaderSafe('from address', campaign.from);
    const domain = this.settings.messageIdDomain ?? this.settings.bounceDomain;
    const messageId = newMessageId(domain);
    const envelopeFrom = verpAddress(
      signer.sign('b', target.deliveryId, undefined, now),
      this.settings.bounceDomain,
    );
    const composer = new MailComposer({
      from: campaign.from,
      to: target.name ? { name: target.name, address: target.email } : target.email,
      subject,
      html,
      text,
      messageId,
      // the one clock, not the host's: nodemailer would stamp its own Date otherwise
      date: now,
      headers: {
        'X-Postroom-Campaign': campaign.id,
        // RFC 8058: mailbox providers show an unsubscribe button that POSTs here
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const raw = await new Promise<Buffer>((resolve, reject) =>
      composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
    );
    return { messageId, envelopeFrom, raw, fromDomain: addressDomain(campaign.from) };
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
        // links are found by an HTML parser once per campaign, not per email
        html: this.hbs.compile(markLinks(campaign.html), opts),
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
    throw templateError(part, err);
  }
}
