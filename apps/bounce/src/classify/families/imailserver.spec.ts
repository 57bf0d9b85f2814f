import { textBounce } from '../test-messages';
import { imailserver as sut } from './imailserver';
import { reportOf, verdicts } from './spec-helpers';

const bounce = (lines: string[]) =>
  textBounce(
    [...lines, '', 'Original message follows.', '', 'From: news@shop.example', 'To: other@example.org'].join(
      '\n',
    ),
    {
      Subject: 'Undeliverable Mail',
      'X-Mailer': '<SMTP32 v8.22>',
    },
  );

describe(sut.name, () => {
  it("finds the address after IMail's verdict and reads it as an answer to RCPT TO", () => {
    const raw = bounce(['Invalid final delivery userid: reader@example.net']);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: 'Invalid final delivery userid', stage: 'rcpt' },
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it("reads the remote's response to the message", () => {
    const raw = bounce([
      'undeliverable to reader@example.net',
      '',
      'Body of message generated response:',
      '554 Blacklisted URL in message',
    ]);
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'data' }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'spamdetected', hard: false }]);
  });

  it.each([
    ['User mailbox exceeds allowed size: reader@example.net', 'mailboxfull'],
    ['Delivery failed 3 attempts: reader@example.net', 'expired'],
    ['Unknown user: reader@example.net', 'userunknown'],
  ])('%s → %s', (line, reason) => {
    expect(verdicts(bounce([line]))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });

  it('leaves to the others a bounce that only shares its Subject, and reads no header line as a verdict', () => {
    const other = textBounce(
      [
        'reader@example.net',
        '    550 5.1.1 <reader@example.net>: User unknown',
        '',
        'Reply-To: <help@shop.example>',
        'Sender: <campaigns@shop.example>',
      ].join('\n'),
      { Subject: 'Undeliverable Mail' },
    );
    expect(sut.matches(reportOf(other))).toBe(false);
    const imail = bounce(['Unknown user: reader@example.net', 'Reply-To: <help@shop.example>']);
    expect(sut.recipients?.(reportOf(imail)).map((r) => r.address)).toEqual(['reader@example.net']);
  });
});
