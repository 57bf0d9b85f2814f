import { textBounce } from '../test-messages';
import { messagingserver as sut } from './messagingserver';
import { reportOf, verdicts } from './spec-helpers';

const report = (block: string[]) =>
  textBounce(
    [
      'This report relates to a message you sent with the following header fields:',
      '',
      '  Message-id: <42.a1b2c3@bounces.postroom.test>',
      '  From: news@shop.example',
      '  To: reader@example.net',
      '  Subject: Our news',
      '',
      'Your message cannot be delivered to the following recipients:',
      '',
      ...block,
      '',
    ].join('\n'),
    { Subject: 'Delivery Notification: Delivery has failed' },
  );

describe(sut.name, () => {
  it("lists each recipient block with the remote's reply", () => {
    const raw = report([
      '  Recipient address: reader@example.net',
      '  Reason: Remote SMTP server has rejected address',
      '  Diagnostic code: smtp;552 5.2.2 Over quota',
      '  Remote system: dns;mx.example.net (TCP|192.0.2.1|47323|192.0.2.25|25) (mx.example.net ESMTP)',
    ]);
    const parsed = reportOf(raw);
    expect(sut.matches(parsed)).toBe(true);
    expect(sut.recipients?.(parsed)).toEqual([
      expect.objectContaining({
        address: 'reader@example.net',
        diagnostic: expect.stringMatching(/^Reason: .*\n552 5\.2\.2 Over quota/),
      }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'mailboxfull', hard: false }]);
  });

  it('reads its address parser\'s "Illegal host/domain name found" as an unknown host', () => {
    const raw = report([
      '  Recipient address: reader@example.net',
      '  Reason: Illegal host/domain name found',
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'hostunknown', hard: true }]);
  });
});
