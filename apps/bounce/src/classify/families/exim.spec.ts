import { dsn, textBounce } from '../test-messages';
import { exim as sut } from './exim';
import { reportOf, verdicts } from './spec-helpers';

// Exim's bounce layout (its default bounce_message_text and the per-address explanation)
const bounce = (explanation: string) =>
  textBounce(
    [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  reader@example.net',
      ...explanation.split('\n').map((l) => `    ${l}`),
      '',
      '------ This is a copy of the message, including all the headers. ------',
      '',
      'Subject: Our news',
    ].join('\n'),
    {
      'X-Failed-Recipients': 'reader@example.net',
      Subject: 'Mail delivery failed: returning message to sender',
    },
  );

describe(sut.name, () => {
  it.each([
    [
      'host mx.example.net [192.0.2.1]\nSMTP error from remote mail server after RCPT TO:<reader@example.net>:\n550 No such user here',
      'rcpt',
      'userunknown',
    ],
    [
      'host mx.example.net [192.0.2.1]\nSMTP error from remote mail server after end of data:\n550 Unknown user',
      'data',
      'filtered',
    ],
    ['Unknown user', 'rcpt', 'userunknown'],
    ['Unrouteable address', 'rcpt', 'hostunknown'],
    ['retry timeout exceeded', 'rcpt', 'expired'],
    ['mailbox is full: retry timeout exceeded', 'rcpt', 'mailboxfull'],
  ] as const)('reads %j as answering %s: %s', (explanation, stage, reason) => {
    const report = reportOf(bounce(explanation));
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage }),
    ]);
    expect(verdicts(bounce(explanation))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });
});

// Exim's own router, transport and parser texts (exim src), and an address that shares its line
// with the verdict
describe(`${sut.name}: its own verdicts`, () => {
  it.each([
    ['all host address lookups failed permanently', 'hostunknown'],
    ['no host found for existing SMTP connection', 'notaccept'],
    ['Too many "Received" headers - suspected mail loop', 'contenterror'],
    ['retry time not reached for any host after a long failure period', 'expired'],
    ['delivery to pipe forbidden', 'systemerror'],
  ] as const)('reads %j as %s', (explanation, reason) => {
    expect(verdicts(bounce(explanation))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });

  it('keeps a remote reply as the cause when the text also names one of them', () => {
    const explanation =
      'host mx.example.net [192.0.2.1]\nSMTP error from remote mail server after RCPT TO:<reader@example.net>:\n550 5.1.1 local delivery failed: no such user';
    expect(verdicts(bounce(explanation))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason: 'userunknown' }),
    ]);
  });

  it('finds an address indented by a tab (as Exim-based Mail.ru writes it)', () => {
    const raw = textBounce(
      [
        'This message was created automatically by mail delivery software.',
        '',
        'A message that you sent could not be delivered to one or more of its',
        'recipients. This is a permanent error. The following address(es) failed:',
        '',
        '\treader@example.net',
        '    SMTP error from remote mail server after RCPT TO:<reader@example.net>:',
        '    host mx.example.net [192.0.2.1]: 550 5.1.1 <reader@example.net>... User Unknown',
      ].join('\n'),
      { Subject: 'Mail delivery failed: returning message to sender' },
    );
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'rcpt' }),
    ]);
  });

  it('finds an address that shares its line with the verdict', () => {
    const raw = textBounce(
      [
        'This message was created automatically by mail delivery software.',
        '',
        'A message that you sent could not be delivered to one or more of its',
        'recipients. This is a permanent error. The following address(es) failed:',
        '',
        '  reader@example.net: malformed address: <x may not follow reader@example.net',
        '',
        '------ This is a copy of the message, including all the headers. ------',
      ].join('\n'),
      { Subject: 'Mail delivery failed: returning message to sender' },
    );
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net' }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'syntaxerror', hard: false }]);
  });
});

describe(`${sut.name}: its own verdicts`, () => {
  it('reads them only in its own block of failed addresses, not in a report that borrows its first sentence', () => {
    const borrowed = dsn({
      recipients: [
        {
          address: 'reader@example.net',
          status: '5.0.0',
          diagnostic: '550 Mailbox has been frozen by the administrator',
        },
      ],
      text: 'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered.',
    });
    expect(verdicts(borrowed)).toEqual([{ recipient: 'reader@example.net', reason: 'suspend', hard: false }]);
  });
});
