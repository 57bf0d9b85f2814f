import { textBounce } from '../test-messages';
import { googlegroups as sut } from './googlegroups';
import { reportOf, verdicts } from './spec-helpers';

const bounce = textBounce(
  [
    'Hello reader@example.net,',
    '',
    "We're writing to let you know that the group you tried to contact (news) may not exist, or you may not have permission to post messages to the group.",
    '',
    'If you have questions, visit the Help Centre at https://groups.google.com/support/.',
  ].join('\n'),
  {
    From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    'X-Failed-Recipients': 'news@googlegroups.com',
  },
);

describe(sut.name, () => {
  it('reads a refused post as the sender refused', () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'news@googlegroups.com', reason: 'rejected', hard: false },
    ]);
  });
});
