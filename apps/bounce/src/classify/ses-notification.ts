/**
 * Amazon SES event notifications (bounce, complaint, delivery) delivered as JSON, directly or
 * wrapped in an SNS envelope whose "Message" field holds the JSON as a string.
 */

export interface SesRecipient {
  readonly emailAddress: string;
  readonly action?: string;
  readonly status?: string;
  readonly diagnosticCode?: string;
}

export interface SesNotification {
  readonly type: 'bounce' | 'complaint' | 'delivery';
  /** Permanent / Transient / Undetermined, and the sub-type SES gives (General, NoEmail, MailboxFull, …). */
  readonly bounceType: string | null;
  readonly bounceSubType: string | null;
  readonly complaintFeedbackType: string | null;
  readonly recipients: SesRecipient[];
  readonly smtpResponse: string | null;
  /** Headers of the original message as SES reports them. */
  readonly originalHeaders: Array<readonly [string, string]>;
  readonly originalMessageId: string | null;
}

const MAX_JSON_CHARS = 1024 * 1024;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseJson(text: string): Json | null {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Finds and reads an SES notification in a text body; null when there is none. */
export function sesNotification(text: string): SesNotification | null {
  if (!text.includes('notificationType')) return null;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start || end - start > MAX_JSON_CHARS) return null;
  // mail transports fold long lines: a line break can land inside a JSON string
  let doc = parseJson(text.slice(start, end + 1).replace(/\r?\n/g, ''));
  if (doc && typeof doc.Message === 'string') doc = parseJson(doc.Message);
  if (!doc) return null;
  const kind = asString(doc.notificationType ?? doc.eventType)?.toLowerCase();
  if (kind !== 'bounce' && kind !== 'complaint' && kind !== 'delivery') return null;
  const mail = asObject(doc.mail);
  const headers: Array<readonly [string, string]> = [];
  if (mail && Array.isArray(mail.headers)) {
    for (const h of mail.headers.slice(0, 500)) {
      const o = asObject(h);
      const name = asString(o?.name);
      const value = asString(o?.value);
      if (name && value !== null) headers.push([name.toLowerCase(), value]);
    }
  }
  const common = asObject(mail?.commonHeaders);
  const section = asObject(doc[kind]);
  const list =
    kind === 'bounce'
      ? section?.bouncedRecipients
      : kind === 'complaint'
        ? section?.complainedRecipients
        : section?.recipients;
  const recipients: SesRecipient[] = [];
  if (Array.isArray(list)) {
    for (const item of list.slice(0, 1000)) {
      const o = asObject(item);
      const emailAddress = typeof item === 'string' ? item : asString(o?.emailAddress);
      if (!emailAddress) continue;
      recipients.push({
        emailAddress,
        action: asString(o?.action) ?? undefined,
        status: asString(o?.status) ?? undefined,
        diagnosticCode: asString(o?.diagnosticCode) ?? undefined,
      });
    }
  }
  return {
    type: kind,
    bounceType: asString(section?.bounceType),
    bounceSubType: asString(section?.bounceSubType),
    complaintFeedbackType: asString(section?.complaintFeedbackType),
    recipients,
    smtpResponse: asString(section?.smtpResponse),
    originalHeaders: headers,
    originalMessageId: asString(common?.messageId) ?? headers.find(([n]) => n === 'message-id')?.[1] ?? null,
  };
}
