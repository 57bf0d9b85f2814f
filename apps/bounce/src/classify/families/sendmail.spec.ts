import { textBounce } from '../test-messages';
import { sendmail as sut } from './sendmail';
import { reportOf, verdicts } from './spec-helpers';

// Sendmail's DSN text part (savemail.c "The following addresses had permanent fatal errors")
const bounce = textBounce(
  [
    'The original message was received at Sat, 28 Nov 2026 09:00:00 GMT',
    'from localhost [127.0.0.1]',
    '',
    '   ----- The following addresses had permanent fatal errors -----',
    '<reader@example.net>',
    '    (reason: 550 5.1.1 <reader@example.net>... User unknown)',
    '',
    '   ----- Transcript of session follows -----',
    '... while talking to mx.example.net.:',
    '>>> RCPT To:<reader@example.net>',
    '<<< 550 5.1.1 <reader@example.net>... User unknown',
    '550 5.1.1 <reader@example.net>... User unknown',
  ].join('\n'),
  { Subject: 'Returned mail: see transcript for details' },
);

describe(sut.name, () => {
  it('lists the failed address with its reason and the command the transcript shows', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      {
        address: 'reader@example.net',
        diagnostic: expect.stringContaining('550 5.1.1 <reader@example.net>... User unknown'),
        stage: 'rcpt',
      },
    ]);
  });

  it('classifies it as a hard unknown user', () => {
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
    ]);
  });
});
