import { dsn } from '../test-messages';
import { docomo as sut } from './docomo';
import { reportOf, verdicts } from './spec-helpers';

const bounce = dsn({
  recipients: [
    { address: 'reader@docomo.ne.jp', status: '5.0.0', diagnostic: '550 Unknown user reader@docomo.ne.jp' },
  ],
  text: '<reader@docomo.ne.jp>: host mfsmax.docomo.ne.jp[192.0.2.1] said: 550 Unknown user\n    reader@docomo.ne.jp (in reply to end of DATA command)',
});

describe(sut.name, () => {
  it('reads docomo\'s after-DATA "Unknown user <address>" as a missing mailbox', () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@docomo.ne.jp', reason: 'userunknown', hard: true },
    ]);
  });
});
