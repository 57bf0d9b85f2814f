import { textBounce } from '../test-messages';
import { qmail as sut } from './qmail';
import { reportOf, verdicts } from './spec-helpers';

// qmail-send's bounce (qmail-send.c) with qmail-remote's and qmail-local's explanations
const bounce = textBounce(
  [
    'Hi. This is the qmail-send program at mx.example.org.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    '<gone@example.net>:',
    '192.0.2.1 does not like recipient.',
    'Remote host said: 550 5.1.1 Sorry, no such user',
    'Giving up on 192.0.2.1.',
    '',
    '<old@example.org>:',
    "I'm not going to try again; this message has been in the queue too long.",
    '',
    '--- Below this line is a copy of the message.',
  ].join('\n'),
  { Subject: 'failure notice' },
);

describe(sut.name, () => {
  it('lists each recipient paragraph with the command qmail-remote names', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'gone@example.net', stage: 'rcpt' }),
      expect.objectContaining({ address: 'old@example.org', stage: null }),
    ]);
  });

  it('reads an unknown user and an expiry', () => {
    expect(verdicts(bounce)).toEqual([
      { recipient: 'gone@example.net', reason: 'userunknown', hard: true },
      { recipient: 'old@example.org', reason: 'expired', hard: false },
    ]);
  });
});

// qmail-remote.c, qmail-local.c and qmail-smtpd.c as they write each failure
describe(`${sut.name}: qmail's own messages`, () => {
  const failure = (paragraphs: string[]) =>
    textBounce(
      [
        'Hi. This is the qmail-send program at mx.example.org.',
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        '',
        ...paragraphs,
        '--- Below this line is a copy of the message.',
      ].join('\n'),
      { Subject: 'failure notice' },
    );

  it.each([
    [
      [
        '<reader@example.net>:',
        'Connected to 192.0.2.1 but greeting failed.',
        'Remote host said: 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
        '',
      ],
      'connect',
      'blocked',
    ],
    [
      [
        '<reader@example.net>:',
        'Connected to 192.0.2.1 but sender was rejected.',
        'Remote host said: 553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)',
        '',
      ],
      'mail',
      'rejected',
    ],
    [
      [
        '<reader@example.net>:',
        '192.0.2.1 does not like recipient.',
        "Remote host said: 553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
        'Giving up on 192.0.2.1.',
        '',
      ],
      'rcpt',
      'norelaying',
    ],
    [
      [
        '<reader@example.net>:',
        '192.0.2.1 failed after I sent the message.',
        'Remote host said: 552 sorry, that message size exceeds my databytes limit (#5.3.4)',
        '',
      ],
      'data',
      'emailtoolarge',
    ],
  ] as const)('reads each command qmail-remote names (%#: %s, %s)', (paragraph, stage, reason) => {
    const raw = failure([...paragraph]);
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage }),
    ]);
    expect(verdicts(raw)).toEqual([expect.objectContaining({ recipient: 'reader@example.net', reason })]);
  });

  it("reads qmail-remote's and qmail-local's own verdicts", () => {
    const raw = failure([
      '<reader@nosuch.example>:',
      "Sorry, I couldn't find any host named nosuch.example. (#5.1.2)",
      '',
      '<local@example.org>:',
      'Sorry, no mailbox here by that name. (#5.1.1)',
      '',
      '<loop@example.org>:',
      'This message is looping: it already has my Delivered-To line. (#5.4.6)',
      '',
      '<late@example.net>:',
      "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
      "I'm not going to try again; this message has been in the queue too long.",
      '',
    ]);
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@nosuch.example', reason: 'hostunknown', hard: true },
      { recipient: 'local@example.org', reason: 'userunknown', hard: true },
      { recipient: 'loop@example.org', reason: 'networkerror', hard: false },
      { recipient: 'late@example.net', reason: 'expired', hard: false },
    ]);
  });
});

describe(`${sut.name}: several recipients`, () => {
  it("reads each paragraph on its own: another recipient's verdict does not speak for one whose reply names no cause", () => {
    const raw = textBounce(
      [
        'Hi. This is the qmail-send program at mx.example.org.',
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        '',
        '<reader@example.net>:',
        '192.0.2.1 failed after I sent the message.',
        'Remote host said: 554 5.7.1 Message rejected',
        '',
        '<other@nosuch.example>:',
        "Sorry, I couldn't find any host named nosuch.example. (#5.1.2)",
        '',
        '--- Below this line is a copy of the message.',
      ].join('\n'),
      { Subject: 'failure notice' },
    );
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'filtered', hard: false },
      { recipient: 'other@nosuch.example', reason: 'hostunknown', hard: true },
    ]);
  });
});

// qmail-remote.c and qmail-ldap state these causes themselves; qmail-send's "queue too long" is
// only its giving up on the last attempt
describe(`${sut.name}: verdicts qmail states outright`, () => {
  const paragraph = (lines: string[]) =>
    textBounce(
      [
        'Hi. This is the qmail-send program at mx.example.org.',
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        '',
        '<reader@example.net>:',
        ...lines,
        '',
        '--- Below this line is a copy of the message.',
      ].join('\n'),
      { Subject: 'failure notice' },
    );

  it.each([
    [
      [
        'Connected to 192.0.2.1 but my name was rejected.',
        'Remote host said: 501 5.5.4 Invalid HELO name',
        "I'm not going to try again; this message has been in the queue too long.",
      ],
      'blocked',
    ],
    [
      [
        '192.0.2.1 failed after I sent the message.',
        'Remote host said: 452 Requested action not taken: mailbox unavailable (not enough free space)',
      ],
      'systemfull',
    ],
    [['The message exeeded the maximum size the user accepts. (#5.2.3)'], 'emailtoolarge'],
  ] as const)('%#: %s', (lines, reason) => {
    expect(verdicts(paragraph([...lines]))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });
});

// a server built on qmail: its own introduction, qmail-send's Subject and Received field, and
// the recipient paragraphs up to "--- Below the next line …"
describe(`${sut.name}: qmail-based servers`, () => {
  const raw = textBounce(
    [
      'Unfortunately, your mail was not delivered to the following address:',
      '',
      '<reader@example.net>:',
      '192.0.2.1 does not like recipient.',
      'Remote host said: 550 Unknown user',
      'Giving up on 192.0.2.1.',
      '',
      '--- Below the next line is a copy of the message.',
      '',
      'From: news@shop.example',
      'To: other@example.org',
    ].join('\n'),
    { Subject: 'failure notice', Received: '(qmail 2222 invoked for bounce); 29 Apr 2026 23:34:45 +0900' },
  );

  it('recognises the layout and reads the refusal at RCPT TO', () => {
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'rcpt' }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});
