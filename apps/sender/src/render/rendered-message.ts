import type { Clock } from '@postroom/runtime';
import addressparser from 'nodemailer/lib/addressparser';
import type { TokenSigner } from '@postroom/tokens';

/** What both renderers read of a campaign (campaigns never change after submit). */
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
  /** The From address's domain, lower case: whose DKIM key signs the message. */
  readonly fromDomain: string;
}

/** A problem with one delivery's content: retrying cannot help. */
export class RenderError extends Error {}

/** Where tracked links are stored (their ids go into click tokens). */
export interface LinkRegistry {
  idsFor(campaignId: string, urls: readonly string[]): Promise<Map<string, string>>;
}

export interface RendererSettings {
  readonly bounceDomain: string;
  readonly messageIdDomain?: string;
  /** Public base URL of the tracker, e.g. https://t.example.com */
  readonly trackingBaseUrl: string;
  readonly signer: TokenSigner;
  readonly links: LinkRegistry;
  /** Tokens carry their issue day: the one clock's, like every instant a rule reads. */
  readonly clock: Clock;
}

/** No CR or LF may reach a header: that is how header injection starts. */
export function assertHeaderSafe(what: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new RenderError(`${what} contains a line break or NUL; refused`);
}

/** A template's error as a delivery's failure reason: its part and the first line of Handlebars' message. */
export function templateError(part: string, err: unknown): RenderError {
  return new RenderError(`template error in ${part}: ${(err as Error).message.split('\n')[0]}`);
}

/** The domain of the first address of a From header value (`Shop <news@Shop.example>`: shop.example). */
export function addressDomain(from: string): string {
  const [first] = addressparser(from, { flatten: true });
  const address = first?.address ?? from;
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
