import { textBounce } from '../test-messages';
import { mailmarshal as sut } from './mailmarshal';
import { reportOf, verdicts } from './spec-helpers';

const notice = (reply: string) =>
  textBounce(
    [
      'Your message:',
      '   From:    news@shop.example',
      '   Subject: Your account is disabled unless you act',
      '',
      'Could not be delivered because of',
      '',
      reply,
      '',
      'The following recipients were affected:',
      '    reader@example.net',
      '    other@example.net',
      '',
      'Additional Information',
      '======================',
      'Original Sender:    <news@shop.example>',
      'Sender-MTA:         <192.0.2.1>',
      'Remote-MTA:         <192.0.2.2>',
      'Reporting-MTA:      <relay.example.com>',
    ].join('\n'),
    {
      From: 'postmaster@relay.example.com',
      Subject: 'Undeliverable Mail: "Your account is disabled unless you act"',
    },
  );

describe(sut.name, () => {
  it('gives the one reply to every affected recipient, not the quoted Subject', () => {
    const raw = notice('550 5.1.1 User unknown');
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: '550 5.1.1 User unknown' },
      { address: 'other@example.net', diagnostic: '550 5.1.1 User unknown' },
    ]);
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
      { recipient: 'other@example.net', reason: 'userunknown', hard: true },
    ]);
  });

  it('reads a full mailbox for both', () => {
    expect(
      verdicts(notice('552 Requested mail action aborted: exceeded storage allocation')).map((v) => v.reason),
    ).toEqual(['mailboxfull', 'mailboxfull']);
  });
});
