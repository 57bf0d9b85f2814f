import { dsn } from '../test-messages';
import { outlook as sut } from './outlook';
import { reportOf, verdicts } from './spec-helpers';

// Outlook.com's documented block codes inside the reply a sending MTA quotes
const bounce = dsn({
  recipients: [
    {
      address: 'reader@outlook.example',
      status: '5.7.1',
      diagnostic: "550 5.7.1 Unfortunately, messages from [192.0.2.4] weren't sent. (S3140) [SC-001]",
    },
  ],
});

describe(sut.name, () => {
  it('reads an SC-00x reference as a block of the sending IP', () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@outlook.example', reason: 'blocked', hard: false },
    ]);
  });
});
