import { textBounce } from '../test-messages';
import { messagelabs as sut } from './messagelabs';
import { reportOf, verdicts } from './spec-helpers';

// MessageLabs (Email Security.cloud) failure notice
const bounce = textBounce(
  [
    'This is the mail delivery agent at messagelabs.com.',
    'I was unable to deliver your message to the following addresses:',
    '',
    'reader@example.net',
    '',
    'Reason: 552 5.2.2 Mailbox full',
    '',
    'The message subject was: Our news',
  ].join('\n'),
  { From: 'Mail Delivery System <MAILER-DAEMON@messagelabs.com>', Subject: 'Mail Delivery Failure' },
);

describe(sut.name, () => {
  it('reads the reason given under the address', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: '552 5.2.2 Mailbox full' },
    ]);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'mailboxfull', hard: false },
    ]);
  });
});
