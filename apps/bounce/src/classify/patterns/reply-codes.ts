import type { Reason } from '../reasons';

/** The SMTP command a reply answered, when the report says. */
export type Stage = 'connect' | 'mail' | 'rcpt' | 'data' | null;

/**
 * What a bare SMTP reply code (RFC 5321 §4.2, RFC 7504) says, read together with the command it
 * answered: a 550 to RCPT TO is the classic "mailbox unavailable" (most often, no such user),
 * while a 550 after DATA refuses the message, not the address. Used only when neither the
 * enhanced status code nor the wording names a cause.
 */
interface ReplyEntry {
  readonly reply: string;
  /** The reason by command; `any` when the command does not change it. */
  readonly reasons: Partial<Record<Exclude<Stage, null> | 'any', Reason>>;
  readonly meaning: string;
}

export const REPLY_CODES: readonly ReplyEntry[] = [
  {
    reply: '421',
    reasons: { connect: 'blocked', any: 'systemerror' },
    meaning: 'service not available, closing channel (at the greeting: this client is refused)',
  },
  { reply: '450', reasons: { rcpt: 'onhold' }, meaning: 'mailbox unavailable for now (busy, greylisted)' },
  { reply: '451', reasons: { any: 'systemerror' }, meaning: 'local error in processing' },
  { reply: '452', reasons: { any: 'systemfull' }, meaning: 'insufficient system storage' },
  { reply: '500', reasons: { any: 'syntaxerror' }, meaning: 'syntax error, command unrecognised' },
  { reply: '501', reasons: { mail: 'rejected', any: 'syntaxerror' }, meaning: 'syntax error in parameters' },
  { reply: '502', reasons: { any: 'syntaxerror' }, meaning: 'command not implemented' },
  { reply: '503', reasons: { any: 'syntaxerror' }, meaning: 'bad sequence of commands' },
  { reply: '504', reasons: { any: 'syntaxerror' }, meaning: 'parameter not implemented' },
  { reply: '521', reasons: { any: 'notaccept' }, meaning: 'host does not accept mail (RFC 7504)' },
  { reply: '530', reasons: { any: 'securityerror' }, meaning: 'authentication required (RFC 4954)' },
  { reply: '535', reasons: { any: 'securityerror' }, meaning: 'authentication credentials invalid' },
  {
    reply: '550',
    reasons: { rcpt: 'userunknown', data: 'filtered', mail: 'rejected', connect: 'blocked' },
    meaning: 'mailbox unavailable / action not taken',
  },
  { reply: '551', reasons: { any: 'hasmoved' }, meaning: 'user not local; please try <forward-path>' },
  {
    reply: '552',
    reasons: { rcpt: 'mailboxfull', data: 'emailtoolarge' },
    meaning: 'exceeded storage allocation (at RCPT: the mailbox; after DATA: the message)',
  },
  {
    reply: '553',
    reasons: { rcpt: 'userunknown', mail: 'rejected' },
    meaning: 'mailbox name not allowed',
  },
  {
    reply: '554',
    reasons: { connect: 'blocked', data: 'filtered', mail: 'rejected' },
    meaning: 'transaction failed (at the greeting: no SMTP service here for this client)',
  },
  { reply: '556', reasons: { any: 'notaccept' }, meaning: 'domain does not accept mail (RFC 7504)' },
];

const BY_CODE = new Map(REPLY_CODES.map((e) => [e.reply, e]));

/** The reason a reply code names at a stage, or null when it names none. */
export function reasonOfReply(reply: string | null, stage: Stage): Reason | null {
  const entry = reply ? BY_CODE.get(reply) : undefined;
  if (!entry) return null;
  return (stage ? entry.reasons[stage] : undefined) ?? entry.reasons.any ?? null;
}
