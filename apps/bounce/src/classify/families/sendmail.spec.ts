import { dsn, textBounce } from '../test-messages';
import { sendmail as sut, withoutParaphrases } from './sendmail';
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

// sendmail's own wording (deliver.c, savemail.c): a host that does not exist, the queue's return
// timeout, a refusal after DATA, and the v5 layout with no enhanced codes
describe(`${sut.name}: sendmail's own messages`, () => {
  const returned = (lines: string[]) =>
    textBounce(lines.join('\n'), { Subject: 'Returned mail: see transcript for details' });

  it.each([
    [
      'an unknown host',
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@nosuch.example>',
        '    (reason: 550 Host unknown)',
        '',
        '   ----- Transcript of session follows -----',
        '550 5.1.2 <reader@nosuch.example>... Host unknown (Name server: nosuch.example: host not found)',
      ],
      { recipient: 'reader@nosuch.example', reason: 'hostunknown', hard: true },
    ],
    [
      'the return timeout',
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@example.net>',
        '    (reason: Deferred: Connection refused by mx.example.net.)',
        '',
        '   ----- Transcript of session follows -----',
        '<reader@example.net>... Deferred: Connection refused by mx.example.net.',
        'Message could not be delivered for 5 days',
        'Message will be deleted from queue',
      ],
      { recipient: 'reader@example.net', reason: 'expired', hard: false },
    ],
    [
      'a refusal after DATA',
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@example.net>',
        '    (reason: 554 5.7.1 Message rejected as spam)',
        '',
        '   ----- Transcript of session follows -----',
        '... while talking to mx.example.net.:',
        '>>> DATA',
        '<<< 554 5.7.1 Message rejected as spam',
        '554 5.0.0 Service unavailable',
      ],
      { recipient: 'reader@example.net', reason: 'spamdetected', hard: false },
    ],
    [
      'the v5 layout',
      [
        '   ----- Transcript of session follows -----',
        '... while talking to mx.example.net:',
        '>>> RCPT To:<reader@example.net>',
        '<<< 550 <reader@example.net>... User unknown',
        '550 <reader@example.net>... User unknown',
        '',
        '   ----- Unsent message follows -----',
      ],
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
    ],
  ])('reads %s', (_, lines, expected) => {
    expect(verdicts(returned(lines))).toEqual([expected]);
  });
});

// Sendmail 8.17's RFC 3464 report as it writes one here (test/fixtures/bounces-generated): after
// a reply it quotes, deliver.c adds its own line from the reply code alone ("554 5.0.0 Service
// unavailable" for a refusal after DATA), and Status is its own (5.2.0)
describe(`${sut.name}: its own lines after a quoted reply`, () => {
  const afterData = (reply: string) =>
    dsn({
      recipients: [{ address: 'reader@example.net', status: '5.2.0', diagnostic: reply }],
      text: [
        'The original message was received at Sat, 28 Nov 2026 09:00:00 GMT',
        'from localhost',
        '',
        '   ----- The following addresses had permanent fatal errors -----',
        'reader@example.net',
        `    (reason: ${reply})`,
        '',
        '   ----- Transcript of session follows -----',
        '... while talking to mx.example.net.:',
        '>>> DATA',
        `<<< ${reply}`,
        '554 5.0.0 Service unavailable',
      ].join('\n'),
    });

  it('drops the lines that paraphrase a quoted reply, keeps the rest', () => {
    const text = [
      '>>> DATA',
      '<<< 550 Message refused',
      '554 5.0.0 Service unavailable',
      'x',
      '554 5.0.0 kept',
    ];
    expect(withoutParaphrases(text.join('\n'))).toBe(
      ['>>> DATA', '<<< 550 Message refused', 'x', '554 5.0.0 kept'].join('\n'),
    );
  });

  it('reads a refusal after DATA in words of its own as a filter, not as "Service unavailable"', () => {
    expect(verdicts(afterData('550 Message refused'))).toEqual([
      { recipient: 'reader@example.net', reason: 'filtered', hard: false },
    ]);
  });

  it('reads a refusal at RCPT by the server\'s words, not by the "User unknown" Sendmail writes for any 550', () => {
    const raw = textBounce(
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@example.net>',
        '    (reason: 550 5.7.1 Rejected due to local policy)',
        '',
        '   ----- Transcript of session follows -----',
        '... while talking to mx.example.net.:',
        '>>> RCPT To:<reader@example.net>',
        '<<< 550 5.7.1 Rejected due to local policy',
        '550 5.1.1 <reader@example.net>... User unknown',
      ].join('\n'),
      { Subject: 'Returned mail: see transcript for details' },
    );
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'policyviolation', hard: false },
    ]);
  });

  it('still reads what the server said when it names a cause', () => {
    expect(verdicts(afterData('554 5.7.1 Message rejected as spam'))).toEqual([
      { recipient: 'reader@example.net', reason: 'spamdetected', hard: false },
    ]);
  });
});

// deliver.c's "unknown mailer error N" for a local delivery program, and a refusal of the greeting
describe(`${sut.name}: the mailer and the greeting`, () => {
  const failed = (reason: string, transcript: string[]) =>
    textBounce(
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@example.net>',
        `    (reason: ${reason})`,
        '',
        '   ----- Transcript of session follows -----',
        ...transcript,
      ].join('\n'),
      { Subject: 'Returned mail: see transcript for details' },
    );

  it('reads "unknown mailer error" as the mailer failing', () => {
    const raw = failed('255', ['554 5.3.0 unknown mailer error 255']);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'mailererror', hard: false }]);
  });

  it('reads a quoted reply with no command sent as a refusal of the greeting', () => {
    const raw = failed('554 5.7.1 Access denied', [
      '... while talking to mx.example.net.:',
      '<<< 554 5.7.1 Access denied',
    ]);
    expect(sut.recipients?.(reportOf(raw))).toEqual([expect.objectContaining({ stage: 'connect' })]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'blocked', hard: false }]);
  });
});

// deliver.c's paraphrase of the reply code ("554 5.0.0 Service unavailable") follows the reply it
// quotes; it is Sendmail's, not the server's, so it speaks for no recipient
describe(`${sut.name}: its paraphrase is not the server's word`, () => {
  const refusedData = (reply: string) =>
    textBounce(
      [
        '   ----- The following addresses had permanent fatal errors -----',
        '<reader@example.net>',
        '',
        '   ----- Transcript of session follows -----',
        '... while talking to mx.example.net.:',
        '>>> DATA',
        `<<< ${reply}`,
        '554 5.0.0 Service unavailable',
      ].join('\n'),
      { Subject: 'Returned mail: see transcript for details' },
    );

  it('reads a refusal after DATA in words it does not know as a filter, not a system error', () => {
    expect(verdicts(refusedData('554 5.7.1 Rejected, id=7f3a2b'))).toEqual([
      { recipient: 'reader@example.net', reason: 'filtered', hard: false },
    ]);
  });
});
