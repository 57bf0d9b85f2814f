import { textBounce } from '../test-messages';
import { gmail as sut } from './gmail';
import { reportOf, verdicts } from './spec-helpers';

describe(sut.name, () => {
  const old = textBounce(
    [
      'This is an automatically generated Delivery Status Notification',
      '',
      'Delivery to the following recipient failed permanently:',
      '',
      '     reader@example.net',
      '',
      'Technical details of permanent failure:',
      'The email account that you tried to reach does not exist. 550 5.1.1',
      '',
      '----- Original message -----',
    ].join('\n'),
    {
      From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      Subject: 'Delivery Status Notification (Failure)',
    },
  );
  const current = textBounce(
    [
      '** Address not found **',
      '',
      "Your message wasn't delivered to reader@example.net because the address couldn't be found, or is unable to receive mail.",
      '',
      'The response from the remote server was:',
      '550 5.1.1 <reader@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
    ].join('\n'),
    {
      From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      Subject: 'Delivery Status Notification (Failure)',
    },
  );

  it.each([
    ['older', old],
    ['current', current],
  ])('finds the recipient of the %s layout and reads an unknown user', (_, raw) => {
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});
