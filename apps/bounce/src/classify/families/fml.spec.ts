import { message } from '../test-messages';
import { fml as sut } from './fml';
import { reportOf, verdicts } from './spec-helpers';

const raw = message(
  {
    From: 'list-admin@lists.example.org',
    To: 'news@shop.example',
    Subject: 'NOT MEMBER article from news@shop.example',
    'Message-Id': '<202601010000.FML12345.list@lists.example.org>',
    'X-MLServer': 'fml [fml 4.0.3 release (20011202/4.0.3)]',
    'X-ML-Name': 'list',
  },
  [
    'You are not a member of this mailing list <list@lists.example.org>.',
    '',
    'If you know the general guide of this list, please send mail with',
    'the mail body',
    '',
    '    guide',
    '',
    'to the address',
    '',
    '    <list-ctl@lists.example.org>',
    '',
    'Original mail as follows:',
    '',
    'From: Shop <news@shop.example>',
    'To: list@lists.example.org',
    'Subject: Our news',
  ].join('\n'),
);

describe(sut.name, () => {
  it('names the list the post was refused by, not the command address in the help', () => {
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report).map((r) => r.address)).toEqual(['list@lists.example.org']);
    expect(verdicts(raw)).toEqual([{ recipient: 'list@lists.example.org', reason: 'rejected', hard: false }]);
  });
});
