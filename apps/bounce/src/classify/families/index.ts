import { ABLATION } from '../ablation';
import type { Report } from '../parse-report';
import { amazonses } from './amazonses';
import { apachejames } from './apachejames';
import { au } from './au';
import { courier } from './courier';
import { docomo } from './docomo';
import { einsundeins } from './einsundeins';
import { exchange } from './exchange';
import { exim } from './exim';
import { facebook } from './facebook';
import type { Family } from './family';
import { fml } from './fml';
import { gmail } from './gmail';
import { googlegroups } from './googlegroups';
import { imailserver } from './imailserver';
import { interscanmss } from './interscanmss';
import { mailmarshal } from './mailmarshal';
import { messagelabs } from './messagelabs';
import { messagingserver } from './messagingserver';
import { mfilter } from './mfilter';
import { mimecast } from './mimecast';
import { notes } from './notes';
import { opensmtpd } from './opensmtpd';
import { outlook } from './outlook';
import { postfix } from './postfix';
import { qmail } from './qmail';
import { sendmail } from './sendmail';
import { softbank } from './softbank';
import { x3 } from './x3';
import { x6 } from './x6';
import { yahoo } from './yahoo';
import { zoho } from './zoho';

export type { Family, FamilyRecipient, Reading, Refinement } from './family';

/**
 * The server families with a layout of their own, most particular first: a provider that
 * relays through a known MTA (Google Groups through Gmail, a carrier through Postfix) is named
 * before the MTA, so its conventions apply.
 */
export const FAMILIES: readonly Family[] = [
  googlegroups,
  fml,
  facebook,
  mailmarshal,
  interscanmss,
  mfilter,
  apachejames,
  zoho,
  x6,
  docomo,
  au,
  softbank,
  outlook,
  mimecast,
  messagelabs,
  amazonses,
  exchange,
  x3,
  gmail,
  yahoo,
  notes,
  imailserver,
  messagingserver,
  postfix,
  einsundeins,
  exim,
  sendmail,
  qmail,
  courier,
  opensmtpd,
];

/** Every family whose layout the report is in, most particular first. */
export function familiesOf(report: Report): Family[] {
  return FAMILIES.filter((f) => !ABLATION.families.has(f.name) && f.matches(report));
}
