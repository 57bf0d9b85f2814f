import { textBounce } from '../test-messages';
import { reportOf, verdicts } from './spec-helpers';
import { zoho as sut } from './zoho';

const notice = (lines: string[]) =>
  textBounce(
    [
      'This message was created automatically by mail delivery software.',
      'A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.',
      '',
      ...lines,
      '',
      'Received: from mail.zoho.com by mx.zohomail.com',
      'From: Shop <news@shop.example>',
      'To: reader@example.net',
      'Subject: Your mailbox is full of deals',
    ].join('\n'),
    { From: 'mailer-daemon@mail.zoho.com', 'X-ZohoMail': 'Si CHF_MF_NL SS_10 UW48 UB48' },
  );

describe(sut.name, () => {
  it("takes each recipient's line as its reply, not the original's header after it", () => {
    const raw = notice([
      'reader@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <reader@example.net>... User Unknown',
      'other@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 Account disabled',
    ]);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      {
        address: 'reader@example.net',
        diagnostic:
          'reader@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <reader@example.net>... User Unknown',
      },
      {
        address: 'other@example.net',
        diagnostic: 'other@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 Account disabled',
      },
    ]);
    expect(verdicts(raw).map((v) => v.reason)).toEqual(['userunknown', 'suspend']);
  });

  it('reads "Host not reachable" as its retries having run out', () => {
    const raw = notice([
      '[Status: Error, Address: <reader@example.net>, ResponseCode 421, , Host not reachable.]',
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'expired', hard: false }]);
  });
});
