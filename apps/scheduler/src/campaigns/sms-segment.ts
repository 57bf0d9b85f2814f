import type { SmsCampaignSubmit, SmsRecipient } from '@postroom/contracts';
import type { SmsRecipientRow } from '@postroom/ledger';
import {
  checkSmsText,
  MAX_SMS_SEGMENTS,
  normalizePhone,
  SmsTemplate,
  SmsTemplateError,
  type PhoneRejection,
} from '@postroom/phones';
import { CampaignRejected } from './campaign-rejected';

/** Where a recipient sits in the request: `/recipients/3` in JSON, `line 5` in NDJSON. */
export type RecipientPlace = (index: number) => string;

export const jsonPlace: RecipientPlace = (index) => `/recipients/${index}`;

const PHONE_WORDS: Record<PhoneRejection, string> = {
  empty: 'is empty',
  'not-a-number': 'is not a phone number',
  'unknown-country': 'has no +country code (write it as +49 151 23456789)',
  'too-short': 'is too short for its country',
  'too-long': 'is too long for its country',
  invalid: "is not a number in its country's plan",
  'not-mobile': 'is not a mobile number (a landline cannot take an SMS)',
};

/** The campaign's text as a template, checked on its own: 400 if it does not parse, 422 if it is already too long. */
export function smsTemplateOf(header: Pick<SmsCampaignSubmit, 'text'>): SmsTemplate {
  let template: SmsTemplate;
  try {
    template = new SmsTemplate(header.text);
  } catch (err) {
    if (err instanceof SmsTemplateError) throw new CampaignRejected(400, [`/text: ${err.message}`]);
    throw err;
  }
  const check = checkSmsText(header.text);
  if (!check.ok)
    throw new CampaignRejected(check.reason === 'empty' ? 400 : 422, [`/text: ${check.message}`]);
  return template;
}

/**
 * Each recipient checked as it is read: the phone normalised to E.164 (mobile numbers only) and
 * the text personalised for it and counted, since {{vars}} can push a text past the segment
 * limit. The first bad recipient stops the submission (the transaction then stores nothing),
 * named by its place.
 */
export async function* checkedSmsRecipients(
  recipients: AsyncIterable<SmsRecipient> | Iterable<SmsRecipient>,
  template: SmsTemplate,
  place: RecipientPlace,
): AsyncGenerator<SmsRecipientRow> {
  let index = 0;
  for await (const r of recipients) {
    yield checkSmsRecipient(r, template, place(index));
    index++;
  }
}

export function checkSmsRecipient(r: SmsRecipient, template: SmsTemplate, at: string): SmsRecipientRow {
  const phone = normalizePhone(r.phone, undefined, { mobileOnly: true });
  if (!phone.ok) {
    throw new CampaignRejected(400, [`${at}/phone ${JSON.stringify(r.phone)} ${PHONE_WORDS[phone.reason]}`]);
  }
  let text: string;
  try {
    text = template.render({ phone: phone.e164, name: r.name, vars: r.vars });
  } catch (err) {
    if (err instanceof SmsTemplateError) throw new CampaignRejected(400, [`${at}: ${err.message}`]);
    throw err;
  }
  const check = checkSmsText(text);
  if (!check.ok) {
    const why = check.reason === 'empty' ? 'the personalised SMS is empty' : check.message;
    throw new CampaignRejected(check.reason === 'empty' ? 400 : 422, [
      `${at}: ${why} (the limit is ${MAX_SMS_SEGMENTS} segments)`,
    ]);
  }
  return { phone: phone.e164, name: r.name ?? null, vars: r.vars ?? null };
}
