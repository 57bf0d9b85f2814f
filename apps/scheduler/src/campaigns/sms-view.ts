import type { CampaignRow } from '@postroom/ledger';
import { smsEncoding } from '@postroom/phones';

/**
 * What the campaign view adds for an SMS campaign: the encoding its text needs (GSM-7, or UCS-2
 * for any character outside the GSM alphabet) and what it costs in segments, counted on the
 * text as submitted (a recipient's {{vars}} may add to it; each was checked against the limit).
 */
export function smsView(c: Pick<CampaignRow, 'channel' | 'text' | 'sms_from'>) {
  if (c.channel !== 'sms') return { channel: c.channel ?? 'email' };
  const { encoding, segments, units } = smsEncoding(c.text ?? '');
  return { channel: 'sms' as const, sms: { text: c.text, from: c.sms_from, encoding, segments, units } };
}
