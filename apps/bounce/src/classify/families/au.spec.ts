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

  it('leaves the recipients of other domains to their own reading when a report only mentions au', () => {
    const bounce = dsn({
      recipients: [
        { address: 'friend@ezweb.ne.jp', status: '5.0.0', diagnostic: '550 : User unknown' },
        {
          address: 'reader@example.net',
          status: '5.0.0',
          diagnostic: '550 : User unknown (in reply to RCPT TO command)',
        },
      ],
    });
    expect(verdicts(bounce)).toEqual([
      { recipient: 'friend@ezweb.ne.jp', reason: 'filtered', hard: false },
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
    ]);
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

  const notice = (explanation: string, headers: Record<string, string> = {}) =>
    textBounce(
      [
        'Your mail attempted to be delivered on: Sat, 28 Nov 2026 18:00:00 +0900',
        '     Could not be delivered to: <reader@ezweb.ne.jp>',
        `     ${explanation}`,
      ].join('\n'),
      { From: 'no-reply@app.auone-net.jp', Subject: 'Mail System Error - Returned Mail', ...headers },
    );

  it('reads a quoted refusal of RCPT TO as an answer to that command', () => {
    const raw = notice(
      'The following recipient address was rejected: RCPT TO:<reader@ezweb.ne.jp> 550 User unknown',
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@ezweb.ne.jp', reason: 'userunknown', hard: true }]);
  });

  it('reads what its spam filter returns ("X-SPASIGN: NG") as filtered', () => {
    const raw = notice('As their mailbox is full.', { 'X-SPASIGN': 'NG' });
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@ezweb.ne.jp', reason: 'filtered', hard: false }]);
  });

  it('reads an account au has limited as suspended', () => {
    const raw = notice('The user(s) account is temporarily limited.');
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@ezweb.ne.jp', reason: 'suspend', hard: false }]);
  });
});
