import { dsn, textBounce } from '../test-messages';
import { au as sut } from './au';
import { reportOf, verdicts } from './spec-helpers';

describe(sut.name, () => {
  it('reads au\'s bare "550 : User unknown" as its reception filter', () => {
    const bounce = dsn({
      recipients: [{ address: 'reader@ezweb.ne.jp', status: '5.0.0', diagnostic: '550 : User unknown' }],
    });
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([{ recipient: 'reader@ezweb.ne.jp', reason: 'filtered', hard: false }]);
  });

  it("finds the recipient of au's own notice", () => {
    const notice = textBounce(
      [
        'Your mail sent on: Sat, 28 Nov 2026 18:00:00 +0900',
        '     Could not be delivered to: <reader@ezweb.ne.jp>',
        '     As their mailbox is full.',
      ].join('\n'),
      { From: 'Postmaster@ezweb.ne.jp', Subject: 'Mail System Error - Returned Mail' },
    );
    expect(sut.recipients?.(reportOf(notice))).toEqual([
      { address: 'reader@ezweb.ne.jp', diagnostic: 'As their mailbox is full.' },
    ]);
    expect(verdicts(notice)).toEqual([
      { recipient: 'reader@ezweb.ne.jp', reason: 'mailboxfull', hard: false },
    ]);
  });
});
