import { textBounce } from '../test-messages';
import { notes as sut } from './notes';
import { reportOf, verdicts } from './spec-helpers';

// Lotus Domino / IBM Notes delivery failure report
const bounce = textBounce(
  [
    'Your message',
    '',
    '  Subject: Our news',
    '',
    'was not delivered to:',
    '',
    '  reader@example.net',
    '',
    'because:',
    '',
    '  User reader (reader@example.net) not listed in Domino Directory',
    '',
  ].join('\n'),
  { Subject: 'DELIVERY FAILURE: User reader (reader@example.net) not listed in Domino Directory' },
);

describe(sut.name, () => {
  it('reads the directory verdict after "because:" as an unknown user', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      {
        address: 'reader@example.net',
        diagnostic: 'User reader (reader@example.net) not listed in Domino Directory',
      },
    ]);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
    ]);
  });
});
