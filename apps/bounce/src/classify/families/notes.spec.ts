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

// Domino's own directory and router verdicts, in the languages it writes them
describe(`${sut.name}: its verdicts`, () => {
  const failure = (because: string) =>
    textBounce(
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
        `  ${because}`,
        '',
      ].join('\n'),
      { Subject: 'DELIVERY FAILURE: Our news', 'Content-Type': 'text/plain; charset=utf-8' },
    );

  it.each([
    ['Usuario reader (reader@example.net) no se encuentra en el Directorio de Domino', 'userunknown'],
    ["Utilisateur reader (reader@example.net) non répertorié dans l'annuaire Domino", 'userunknown'],
    ['Several matches found in Domino Directory', 'systemerror'],
    ['Cannot route mail to user (reader@example.net)', 'filtered'],
  ])('%s → %s', (because, reason) => {
    expect(verdicts(failure(because))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });
});
