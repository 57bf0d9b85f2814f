import { dsn } from '../test-messages';
import { softbank as sut } from './softbank';
import { reportOf, verdicts } from './spec-helpers';

const bounce = dsn({
  recipients: [
    {
      address: 'reader@softbank.ne.jp',
      status: '5.0.0',
      diagnostic: '550 Unknown user reader@softbank.ne.jp',
    },
  ],
  text: '<reader@softbank.ne.jp>: host mx.softbank.ne.jp[192.0.2.1] said: 550 Unknown user\n    reader@softbank.ne.jp (in reply to end of DATA command)',
});

describe(sut.name, () => {
  it('reads the after-DATA "Unknown user <address>" as a missing mailbox', () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@softbank.ne.jp', reason: 'userunknown', hard: true },
    ]);
  });
});
