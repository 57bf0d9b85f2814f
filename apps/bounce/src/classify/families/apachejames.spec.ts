import { textBounce } from '../test-messages';
import { apachejames as sut } from './apachejames';
import { reportOf, verdicts } from './spec-helpers';

const notice = (error: string, rcpts: string[]) =>
  textBounce(
    [
      'Hi. This is the James mail server at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      '',
      'Error message below:',
      error,
      '',
      'Message details:',
      '  Subject: Your mailbox is full of deals',
      '  Sent date: Thu Apr 29 01:20:50 JST 2026',
      '  MAIL FROM: news@shop.example',
      ...rcpts.map((r) => `  RCPT TO: ${r}`),
      '  From: Shop <news@shop.example>',
      `  To: ${rcpts.join(', ')}`,
      '  Size (in bytes): 1024',
      '  Number of lines: 64',
    ].join('\n'),
    {
      From: 'postmaster@mx.example.org',
      Subject: '[BOUNCE]',
      'Message-Id': '<1.2.JavaMail.root@mx.example.org>',
    },
  );

describe(sut.name, () => {
  it('takes the RCPT TO lines as recipients and the error message alone as the cause', () => {
    const raw = notice('552 5.2.1 Account disabled', ['reader@example.net', 'other@example.net']);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: '552 5.2.1 Account disabled' },
      { address: 'other@example.net', diagnostic: '552 5.2.1 Account disabled' },
    ]);
    // the original's Subject ("mailbox is full") quoted in the details is not read
    expect(verdicts(raw).map((v) => v.reason)).toEqual(['suspend', 'suspend']);
  });
});
