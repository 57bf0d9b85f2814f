import { message } from '../test-messages';
import { mfilter as sut } from './mfilter';
import { reportOf, verdicts } from './spec-helpers';

const notice = (reply: string, command: string) =>
  message(
    {
      From: 'postmaster@mf.example.jp',
      To: 'news@shop.example',
      Subject: 'failure notice',
      'X-Mailer': 'm-FILTER',
    },
    [
      'このメールは「m-FILTER」が自動的に生成して送信しています。',
      '',
      '以下のメールアドレスへの送信に失敗しました。',
      'reader@example.net',
      '',
      '-------server message',
      reply,
      '',
      '-------SMTP command',
      command,
      '',
      '-------original message',
      'From: Shop <news@shop.example>',
      'To: reader@example.net',
    ].join('\n'),
  );

describe(sut.name, () => {
  it('reads the stage from its SMTP command section', () => {
    const raw = notice('550 Unknown user', 'RCPT TO:<reader@example.net>');
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: '550 Unknown user', stage: 'rcpt' },
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('reads "unknown user" after DATA as a filter', () => {
    expect(verdicts(notice('550 Unknown user', 'DATA'))).toEqual([
      { recipient: 'reader@example.net', reason: 'filtered', hard: false },
    ]);
  });
});
