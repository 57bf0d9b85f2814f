import { textBounce } from '../test-messages';
import { opensmtpd as sut } from './opensmtpd';
import { reportOf, verdicts } from './spec-helpers';

// OpenSMTPD's bounce (bounce.c): one "address: reply" line per recipient
const bounce = textBounce(
  [
    'Hi!',
    '',
    'This is the MAILER-DAEMON, please DO NOT REPLY to this email.',
    '',
    'An error has occurred while attempting to deliver a message for',
    'the following list of recipients:',
    '',
    'reader@example.net: 552 5.2.2 Mailbox full',
    '',
    'Below is a copy of the original message:',
  ].join('\n'),
  { Subject: 'Delivery status notification: error' },
);

describe(sut.name, () => {
  it('lists each recipient with its reply', () => {
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

// smtpd's own verdicts (mta.c relay->failstr)
describe(`${sut.name}: its own verdicts`, () => {
  const failed = (line: string) =>
    textBounce(
      [
        'This is the MAILER-DAEMON, please DO NOT REPLY to this email.',
        '',
        'An error has occurred while attempting to deliver a message for',
        'the following list of recipients:',
        '',
        `reader@example.net: ${line}`,
        '',
        'Below is a copy of the original message:',
      ].join('\n'),
      { Subject: 'Delivery status notification: error' },
    );

  it.each([
    ['Destination seem to reject all mails', 'notaccept'],
    ['No MX found for domain', 'notaccept'],
    ['Network error on destination MXs', 'networkerror'],
    ['Could not retrieve credentials', 'securityerror'],
  ])('%s → %s', (line, reason) => {
    expect(verdicts(failed(line))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });
});
