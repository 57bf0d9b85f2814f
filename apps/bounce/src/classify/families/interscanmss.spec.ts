import { textBounce } from '../test-messages';
import { interscanmss as sut } from './interscanmss';
import { reportOf, verdicts } from './spec-helpers';

const notice = (lines: string[]) =>
  textBounce(
    ['This message is from the InterScan Messaging Security Suite at mx.example.jp.', '', ...lines].join(
      '\n',
    ),
    {
      From: '"InterScan MSS" <postmaster@mx.example.jp>',
      Subject: 'Mail could not be delivered',
    },
  );

describe(sut.name, () => {
  it('pairs each RCPT TO it sent with the answer it received', () => {
    const raw = notice([
      'Sent <<< RCPT TO:<reader@example.net>',
      'Received >>> 550 unknown user.',
      '',
      'Sent <<< RCPT TO:<other@example.net>',
      'Received >>> 552 5.2.2 Mailbox full',
    ]);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: '550 unknown user.', stage: 'rcpt' },
      { address: 'other@example.net', diagnostic: '552 5.2.2 Mailbox full', stage: 'rcpt' },
    ]);
    expect(verdicts(raw).map((v) => v.reason)).toEqual(['userunknown', 'mailboxfull']);
  });

  it('reads "Unable to deliver message to <a@b>" with no answer quoted as the address not there', () => {
    const raw = notice([
      'Unable to deliver message to <reader@example.net> (and other recipients in the same domain).',
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});
