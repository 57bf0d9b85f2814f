import type { Reason } from '../reasons';
import { verdictIn, type Verdicts } from './family';

/**
 * The fixed codes Exchange writes in its own NDRs, each with the cause Microsoft documents for
 * it. They are Exchange's verdict, whatever enhanced status code stands beside them (Exchange
 * writes 5.4.4 both for a domain that does not exist and for MX records that loop).
 */

/**
 * Exchange 2007+ NDR codes, "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" (Microsoft
 * "NDRs in Exchange Server", Exchange 2007 "Enhanced status codes").
 */
const NDR_CODES: Verdicts = [
  [/\bSMTPSEND\.DNS\.NonExistentDomain\b/i, 'hostunknown'],
  [/\bSMTPSEND\.DNS\.MxLoopback\b/i, 'networkerror'],
  [/\bRESOLVER\.ADR\.(?:Ex)?Recip(?:ient)?NotFound\b/i, 'userunknown'],
  [/\bRESOLVER\.ADR\.(?:BadPrimary|InvalidInSmtp|Ambiguous)\b/i, 'systemerror'],
  [/\bRESOLVER\.ADR\.RecipLimit\b/i, 'ratelimited'],
  [/\bRESOLVER\.RST\.AuthRequired\b/i, 'securityerror'],
  [/\bRESOLVER\.RST\.NotAuthorized\b/i, 'rejected'],
  [/\bRESOLVER\.RST\.RecipSizeLimit\b/i, 'emailtoolarge'],
  [/\bQUEUE\.Expired\b/i, 'expired'],
];

/**
 * Exchange 5.5-2003's X.400 diagnostic codes, "MSEXCH:IMS:org:site:server 0 (000C05A6) Unknown
 * Recipient" (KB 251152, 246881). The codes for "host unknown", "unable to relay" and the
 * remote MTA's own reply (000B099C, 000B09AA, 000B09B6) cover several causes: the text says which.
 */
const MSEXCH_CODES: Readonly<Record<string, Reason>> = {
  '000C05A6': 'userunknown', // Unknown Recipient
  '000C0595': 'filtered', // Ambiguous Recipient
  '00010256': 'systemerror', // Too many recipients
  '000D06B5': 'systemerror', // No proxy for recipient
  '00120270': 'networkerror', // Too Many Hops
  '00050311': 'contenterror', // Conversion to Internet format failed
  '000502CC': 'contenterror', // Conversion to Internet format failed
  '000B0981': 'securityerror', // 502 Server does not support AUTH
};

/** The cause one of Exchange's fixed codes in `text` names, or null. */
export function exchangeCodeReason(text: string): Reason | null {
  const msexch = /\bMSEXCH:[^\n]*?\(([0-9A-F]{8})\)/i.exec(text)?.[1]?.toUpperCase();
  if (msexch && MSEXCH_CODES[msexch]) return MSEXCH_CODES[msexch];
  return verdictIn(NDR_CODES, text);
}
