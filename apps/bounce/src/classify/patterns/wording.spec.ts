import { wordingReason } from '../decide-reason';
import { REASONS } from '../reasons';
import { REASON_PRIORITY, rulesMatching, WORDING } from './wording';

describe('WORDING', () => {
  const examples = WORDING.flatMap((rule) =>
    rule.examples.map((example) => [rule.id, example, rule] as const),
  );

  it.each(examples)('%s matches its example %j', (_, example, rule) => {
    expect(rule.pattern.test(example)).toBe(true);
  });

  it.each(examples)('%s: %j reads as its reason', (_, example, rule) => {
    expect(wordingReason(example)).toBe(rule.reason);
  });

  const mustNot = WORDING.flatMap((rule) =>
    (rule.mustNot ?? []).map((text) => [rule.id, text, rule] as const),
  );

  it.each(mustNot)("%s: another reason's %j does not read as its reason", (_, text, rule) => {
    expect(wordingReason(text)).not.toBe(rule.reason);
  });

  it('guards the broad rules with texts of other reasons', () => {
    const broad = [
      'userunknown/box-unknown',
      'ratelimited/too-many',
      'emailtoolarge/size',
      ...WORDING.map((r) => r.id).filter((id) => /^(?:mailboxfull|suspend|rejected|blocked)\//.test(id)),
    ];
    expect(broad.filter((id) => !WORDING.find((r) => r.id === id)?.mustNot?.length)).toEqual([]);
  });

  it('gives every rule a unique id named after its reason, and at least one example', () => {
    expect(new Set(WORDING.map((r) => r.id)).size).toBe(WORDING.length);
    expect(WORDING.filter((r) => !r.id.startsWith(`${r.reason}/`) || r.examples.length === 0)).toEqual([]);
  });

  it('ranks every reason it uses', () => {
    const unranked = WORDING.filter((r) => !REASON_PRIORITY.includes(r.reason)).map((r) => r.reason);
    expect(unranked).toEqual([]);
  });

  it('ranks only reasons of the taxonomy, each once', () => {
    expect(REASON_PRIORITY.filter((r) => !REASONS.includes(r))).toEqual([]);
    expect(new Set(REASON_PRIORITY).size).toBe(REASON_PRIORITY.length);
  });

  it('has no pattern that keeps state between matches', () => {
    expect(WORDING.filter((r) => r.pattern.global || r.pattern.sticky)).toEqual([]);
  });

  it.each([
    ['a reply that only says the message was sent', 'Thanks, I got your message and will answer tomorrow.'],
    ['a bounce preamble', 'This is the mail system at host mx.example.org.'],
    ['an exim preamble', 'A message that you sent could not be delivered to one or more of its recipients.'],
  ])('finds no reason in %s', (_, text) => {
    expect(wordingReason(text)).toBeNull();
  });
});

describe('the address between a box word and its verdict', () => {
  it.each([
    ['a named mailbox', '550 5.1.1 mailbox kijitora does not exist', 'userunknown'],
    ['a bracketed address', '550 rcpt <a@example.org> does not exist', 'userunknown'],
    ['a mailbox busy for now', '450 Mailbox temporarily unavailable', null],
    ['the message, not the address', '554 Email not accepted for policy reasons', 'policyviolation'],
    ['the domain, not the mailbox', '550 Recipient domain unknown', 'hostunknown'],
    [
      'a computer, not a mailbox',
      'The DNS records for the destination computer could not be found',
      'networkerror',
    ],
    ['a format, not a mailbox', '550 Email address format invalid', null],
  ])('%s: %j reads as %s', (_, text, reason) => {
    expect(wordingReason(text)).toBe(reason);
  });

  it('reads a pipe address that names procmail as no mailer failure', () => {
    expect(rulesMatching('554 "|exec /usr/bin/procmail || exit 75 #a"... Service unavailable')).not.toContain(
      'mailererror/program',
    );
  });
});

describe('whose size limit', () => {
  it.each([
    ["a message's", '552 Mail size limit exceeded', 'emailtoolarge'],
    ["a mailbox's", '552 Mailbox size limit exceeded', 'mailboxfull'],
  ])('%s: %j reads as %s', (_, text, reason) => {
    expect(wordingReason(text)).toBe(reason);
  });
});

describe(rulesMatching.name, () => {
  it('names every rule a text triggers', () => {
    expect(rulesMatching('550 5.1.1 <a@example.org>: Recipient address rejected: User unknown')).toEqual(
      expect.arrayContaining(['userunknown/box-unknown', 'userunknown/lookup-table']),
    );
  });
});
