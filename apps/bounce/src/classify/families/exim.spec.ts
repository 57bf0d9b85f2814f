import { textBounce } from '../test-messages';
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
