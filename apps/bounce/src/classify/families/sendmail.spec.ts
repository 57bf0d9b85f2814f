import { dsn, message, textBounce } from '../test-messages';
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

// Sendmail's RFC 3464 report as deliver.c and savemail.c write it: the text part with the
// transcript, then the delivery-status fields; Status is Sendmail's own (smtptodsn: 5.2.0 for a
// plain 550, 4.3.1 for a 452 …) when the server wrote no enhanced code
function sendmailDsn(spec: { status: string; diagnostic?: string; action?: string; text: string[] }): Buffer {
  const boundary = 'p1BK0001.1700000000/mx.example.org';
  return message(
    {
      From: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>',
      To: 'bounces+42@bounces.postroom.test',
      Subject: 'Returned mail: see transcript for details',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
    },
    [
      'This is a MIME-encapsulated message',
      '',
      `--${boundary}`,
      '',
      'The original message was received at Sat, 28 Nov 2026 09:00:00 GMT',
      'from localhost [127.0.0.1]',
      '',
      ...spec.text,
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      'Arrival-Date: Sat, 28 Nov 2026 09:00:00 GMT',
      '',
      'Final-Recipient: RFC822; reader@example.net',
      `Action: ${spec.action ?? 'failed'}`,
      `Status: ${spec.status}`,
      ...(spec.diagnostic ? ['Remote-MTA: DNS; mx.example.net', `Diagnostic-Code: ${spec.diagnostic}`] : []),
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      'From: Shop <news@shop.example>',
      'To: reader@example.net',
      'Subject: Our news',
      '',
      `--${boundary}--`,
      '',
    ].join('\n'),
  );
}

const PERMANENT = '   ----- The following addresses had permanent fatal errors -----';
const TRANSCRIPT = '   ----- Transcript of session follows -----';

// sysexits.c (libsm sm_sysexmsg): the line a local mailer's exit status becomes, with no reply
// quoted; the DSN then carries no Diagnostic-Code, and the line is Sendmail's verdict
describe(`${sut.name}: its sysexits texts for a local delivery`, () => {
  it.each([
    ['550 5.1.1', 'User unknown', 'userunknown', true],
    ['550 5.1.2', 'Host unknown (Name server: example.net: host not found)', 'hostunknown', true],
    ['550 5.0.0', 'Insufficient permission', 'systemerror', false],
    ['550 5.0.0', "Can't create output", 'systemerror', false],
    ['550 5.3.0', 'Cannot open input', 'systemerror', false],
    ['554 5.3.0', 'Internal error', 'systemerror', false],
    ['451 4.0.0', 'Operating system error', 'systemerror', false],
    ['451 4.0.0', 'I/O error', 'systemerror', false],
    ['554 5.3.5', 'System file missing', 'systemerror', false],
    ['554 5.3.5', 'Local configuration error', 'systemerror', false],
    ['554 5.0.0', 'Service unavailable', 'systemerror', false],
    ['501 5.6.0', 'Data format error', 'contenterror', false],
    ['500 5.0.0', 'Command line usage error', 'mailererror', false],
  ] as const)('reads "%s … %s"', (code, text, reason, hard) => {
    const raw = sendmailDsn({
      status: code.split(' ')[1],
      text: [
        PERMANENT,
        '<reader@example.net>',
        `    (reason: ${code} ${text})`,
        '',
        TRANSCRIPT,
        `${code} <reader@example.net>... ${text}`,
      ],
    });
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason, hard }]);
  });

  it('leaves a mailer Sendmail reports as X-Unix to the mailer', () => {
    const raw = sendmailDsn({
      status: '5.0.0',
      diagnostic: "X-Unix; Can't create output",
      text: [
        PERMANENT,
        '<reader@example.net>',
        '',
        TRANSCRIPT,
        "550 5.0.0 <reader@example.net>... Can't create output",
      ],
    });
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'mailererror', hard: false }]);
  });

  it('reads a line after a reply that goes on (354) as its own, not as a paraphrase', () => {
    const raw = sendmailDsn({
      status: '5.5.0',
      text: [
        PERMANENT,
        '<reader@example.net>',
        '',
        TRANSCRIPT,
        '... while talking to mx.example.net.:',
        '>>> DATA',
        '<<< 354 Enter mail, end with "." on a line by itself',
        '554 5.5.0 <reader@example.net>... Remote protocol error',
      ],
    });
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'systemerror', hard: false }]);
  });

  it("does not read v5's summary line after a quoted refusal as Sendmail's verdict", () => {
    const raw = textBounce(
      [
        TRANSCRIPT,
        '... while talking to mx.example.net:',
        '>>> RCPT To:<reader@example.net>',
        '<<< 550 <reader@example.net>... Mailbox disabled for this recipient',
        '550 <reader@example.net>... User unknown',
        '',
        '   ----- Unsent message follows -----',
      ].join('\n'),
      { Subject: 'Returned mail: User unknown' },
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'suspend', hard: false }]);
  });
});

// With PIPELINING Sendmail sends MAIL, RCPT and DATA before it reads a reply; the replies come in
// the order of the commands (RFC 2920 §3.1), so the refusal answered RCPT TO, not the DATA
// written last
describe(`${sut.name}: a pipelined transcript`, () => {
  const pipelined = (reply: string, status: string) =>
    sendmailDsn({
      status,
      diagnostic: `SMTP; ${reply}`,
      text: [
        PERMANENT,
        '<reader@example.net>',
        `    (reason: ${reply})`,
        '',
        TRANSCRIPT,
        '... while talking to mx.example.net.:',
        '>>> MAIL From:<bounces+42@bounces.postroom.test> SIZE=1234',
        '>>> RCPT To:<reader@example.net>',
        '>>> DATA',
        '<<< 250 2.1.0 <bounces+42@bounces.postroom.test>... Sender ok',
        `<<< ${reply}`,
        '550 5.1.1 <reader@example.net>... User unknown',
        '<<< 503 5.0.0 Need RCPT (recipient)',
      ],
    });

  it('pairs each reply with its command', () => {
    const raw = pipelined('550 No such user here', '5.2.0');
    expect(
      sut.refine?.(reportOf(raw), {
        address: 'reader@example.net',
        diagnostic: 'smtp; 550 No such user here',
        stage: null,
      }),
    ).toEqual({ stage: 'rcpt' });
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('finds the refusal of a second recipient by its RCPT TO', () => {
    const raw = textBounce(
      [
        PERMANENT,
        '<reader@example.net>',
        '    (reason: 550 5.1.1 No such user)',
        '<other@example.net>',
        '    (reason: 552 5.2.2 Over quota)',
        '',
        TRANSCRIPT,
        '... while talking to mx.example.net.:',
        '>>> MAIL From:<bounces+42@bounces.postroom.test>',
        '>>> RCPT To:<reader@example.net>',
        '>>> RCPT To:<other@example.net>',
        '>>> DATA',
        '<<< 250 2.1.0 Sender ok',
        '<<< 550 5.1.1 No such user',
        '<<< 552 5.2.2 Over quota',
        '<<< 554 5.5.1 No valid recipients',
      ].join('\n'),
      { Subject: 'Returned mail: see transcript for details' },
    );
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'rcpt' }),
      expect.objectContaining({ address: 'other@example.net', stage: 'rcpt' }),
    ]);
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
      { recipient: 'other@example.net', reason: 'mailboxfull', hard: false },
    ]);
  });
});

// savemail.c and deliver.c: the queue's return timeout, as Sendmail words it in the transcript
describe(`${sut.name}: the return timeout`, () => {
  it.each(['Message could not be delivered for 5 days', 'Cannot send message for 5 days'])(
    'reads "%s" as an expiry for every listed address',
    (line) => {
      const raw = textBounce(
        [
          PERMANENT,
          '<reader@example.net>',
          '    (reason: 451 Temporary local problem - please try later)',
          '',
          TRANSCRIPT,
          '<reader@example.net>... Deferred: 451 Temporary local problem - please try later',
          line,
          'Message will be deleted from queue',
        ].join('\n'),
        { Subject: 'Returned mail: see transcript for details' },
      );
      expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'expired', hard: false }]);
    },
  );
});
