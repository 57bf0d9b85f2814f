import { textBounce } from '../test-messages';
import { reportOf, verdicts } from './spec-helpers';
import { yahoo as sut } from './yahoo';

// Yahoo Mail's bounce, with the refused command in brackets
const bounce = (reply: string) =>
  textBounce(
    [
      'Sorry, we were unable to deliver your message to the following address.',
      '',
      '<reader@example.net>:',
      `Remote host said: ${reply}`,
      '',
      '--- Below this line is a copy of the message.',
    ].join('\n'),
    { From: 'MAILER-DAEMON@yahoo.com', Subject: 'Failure Notice' },
  );

describe(sut.name, () => {
  it.each([
    ['550 Requested action not taken: mailbox unavailable [RCPT_TO]', 'rcpt', 'userunknown'],
    ['550 Requested action not taken: mailbox unavailable [BODY]', 'data', 'filtered'],
  ] as const)('reads %j as answering %s: %s', (reply, stage, reason) => {
    const report = reportOf(bounce(reply));
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage }),
    ]);
    expect(verdicts(bounce(reply))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });
});
