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
      { recipient: 'late@example.net', reason: 'networkerror', hard: false },
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

// qmail's fixed texts, each as qmail-send lays out its paragraph (notqmail qmail-remote.c,
// qmail-local.c, qmail-send.c; the qmail-ldap patch; the badrcptto/validrcptto qmail-smtpd
// patches), with the verdict the taxonomy gives them
describe(`${sut.name}: each fixed text of qmail's programs`, () => {
  const paragraph = (lines: readonly string[]) =>
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
  const QUEUE = "I'm not going to try again; this message has been in the queue too long.";

  it.each([
    // qmail-remote.c temp_dns: a lookup that kept failing until the queue lifetime ran out
    [["Sorry, I couldn't find any host by that name. (#4.1.2)", QUEUE], 'hostunknown', true],
    // qmail-remote.c perm_nomx (notqmail 1.08): a null MX
    [["Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)"], 'notaccept', true],
    // qmail-remote.c perm_ambigmx: a best-preference MX that does not treat the domain as local
    [
      [
        "Sorry. Although I'm listed as a best-preference MX or A for that host,",
        "it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)",
      ],
      'networkerror',
      false,
    ],
    // qmail-remote.c dropped() and temp_noconn(), given up at the queue lifetime
    [['Connected to 192.0.2.1 but connection died. (#4.4.2)', QUEUE], 'expired', false],
    // …except that qmail-remote names a connection it never got as its cause
    [["Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", QUEUE], 'networkerror', false],
    // qmail-local.c: its own failures on the receiving host
    [['Unable to chdir to maildir. (#4.2.1)', QUEUE], 'systemerror', false],
    [['Unable to open /var/mail/reader: permission denied. (#4.2.1)', QUEUE], 'systemerror', false],
    [['Unable to forward message: qq permanent problem (#5.3.0).'], 'systemerror', false],
    [['/bin/sh: /usr/local/bin/filter: bad interpreter: No such file or directory'], 'systemerror', false],
    [['Unable to write /var/mail/reader: disk quota exceeded. (#4.3.0)', QUEUE], 'mailboxfull', false],
    // qmail-remote.c temp_control
    [['Unable to read control files. (#4.3.0)', QUEUE], 'systemerror', false],
    // the qmail-ldap patch's lookups
    [['Temporary failure in LDAP lookup. (#4.4.3)', QUEUE], 'systemerror', false],
    [['Unable to contact LDAP server. (#4.4.3)', QUEUE], 'systemerror', false],
    [['Mailaddress is administratively disabled. (#5.2.1)'], 'suspend', false],
    // qmail-smtpd's validrcptto and badrcptto patches refuse the address under qmail's #5.7.1
    [
      [
        '192.0.2.1 does not like recipient.',
        'Remote host said: 553 sorry, this recipient is not in my validrcptto list (#5.7.1)',
        'Giving up on 192.0.2.1.',
      ],
      'userunknown',
      true,
    ],
    [
      [
        '192.0.2.1 does not like recipient.',
        'Remote host said: 553 sorry, your envelope recipient is in my badrcptto list (#5.7.1)',
        'Giving up on 192.0.2.1.',
      ],
      'userunknown',
      true,
    ],
  ] as const)('%#: %s → %s', (lines, reason, hard) => {
    expect(verdicts(paragraph(lines))).toEqual([{ recipient: 'reader@example.net', reason, hard }]);
  });

  it("reads the reply qmail-remote quotes for a refused recipient before qmail-send's giving up", () => {
    const refused = (reply: string) =>
      paragraph(['192.0.2.1 does not like recipient.', `Remote host said: ${reply}`, QUEUE]);
    // the reply names the cause: the queue lifetime only ended the retries
    expect(verdicts(refused('452 4.3.1 Insufficient system storage'))).toEqual([
      { recipient: 'reader@example.net', reason: 'systemfull', hard: false },
    ]);
    expect(sut.recipients?.(reportOf(refused('452 4.3.1 Insufficient system storage')))).toEqual([
      expect.objectContaining({ diagnostic: expect.not.stringContaining('queue too long') }),
    ]);
    // the reply names none: the retries ran out
    expect(verdicts(refused('451 4.7.1 Please try again later'))).toEqual([
      { recipient: 'reader@example.net', reason: 'expired', hard: false },
    ]);
  });
});

// qmail-send's variants of its own layout: IndiMail's qmail-send names the program it runs as
// and encloses the message with MIME; a bounce that bounced ends with the original bounce
describe(`${sut.name}: qmail-send's layout variants`, () => {
  it.each([
    [
      'Hi. This is the qmta-send program at mx.example.org.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      '--- Enclosed is a copy of the message.',
    ],
    [
      'Hi. This is the qmail-send program at mx.example.org.',
      'I tried to deliver a bounce message to this address, but the bounce bounced!',
      '--- Below this line is the original bounce.',
    ],
  ])('recognises "%s" and stops at "%s"', (intro, second, end) => {
    const raw = textBounce(
      [
        intro,
        second,
        '',
        '<reader@example.net>:',
        '192.0.2.1 does not like recipient.',
        'Remote host said: 550 5.1.1 No such user',
        'Giving up on 192.0.2.1.',
        '',
        end,
        '',
        'To: other@example.org',
        'Subject: unrelated (#5.7.1) policy words',
      ].join('\n'),
      { Subject: 'Delivery failure' },
    );
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      { address: 'reader@example.net', diagnostic: expect.not.stringContaining('unrelated'), stage: 'rcpt' },
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});
