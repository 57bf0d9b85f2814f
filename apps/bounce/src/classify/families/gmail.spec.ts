import { textBounce } from '../test-messages';
import { gmail as sut } from './gmail';
import { reportOf, verdicts } from './spec-helpers';

describe(sut.name, () => {
  const old = textBounce(
    [
      'This is an automatically generated Delivery Status Notification',
      '',
      'Delivery to the following recipient failed permanently:',
      '',
      '     reader@example.net',
      '',
      'Technical details of permanent failure:',
      'The email account that you tried to reach does not exist. 550 5.1.1',
      '',
      '----- Original message -----',
    ].join('\n'),
    {
      From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      Subject: 'Delivery Status Notification (Failure)',
    },
  );
  const current = textBounce(
    [
      '** Address not found **',
      '',
      "Your message wasn't delivered to reader@example.net because the address couldn't be found, or is unable to receive mail.",
      '',
      'The response from the remote server was:',
      '550 5.1.1 <reader@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
    ].join('\n'),
    {
      From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      Subject: 'Delivery Status Notification (Failure)',
    },
  );

  it.each([
    ['older', old],
    ['current', current],
  ])('finds the recipient of the %s layout and reads an unknown user', (_, raw) => {
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});

// the wordings of Google's SMTP error reference and of Gmail's own notices
describe(`${sut.name}: documented wordings`, () => {
  const from = {
    From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    Subject: 'Delivery Status Notification (Failure)',
  };
  const old = (address: string, details: string) =>
    textBounce(
      [
        'Delivery to the following recipient failed permanently:',
        '',
        `     ${address}`,
        '',
        'Technical details of permanent failure:',
        details,
        '',
        '----- Original message -----',
      ].join('\n'),
      from,
    );
  const current = (banner: string, sentence: string, reply: string) =>
    textBounce(
      [banner, '', sentence, '', 'The response from the remote server was:', reply].join('\n'),
      from,
    );

  it.each([
    [
      'a missing domain',
      old('reader@nosuch.example', 'DNS Error: Domain name not found'),
      'reader@nosuch.example',
      'hostunknown',
      true,
    ],
    [
      'a disabled account',
      old('reader@gmail.example', 'The email account that you tried to reach is disabled.'),
      'reader@gmail.example',
      'suspend',
      false,
    ],
    [
      '"** Address not found **"',
      current(
        '** Address not found **',
        "Your message wasn't delivered to reader@example.net because the address couldn't be found, or is unable to receive mail.",
        '550 5.1.1 The email account that you tried to reach does not exist.',
      ),
      'reader@example.net',
      'userunknown',
      true,
    ],
    [
      'a full inbox',
      current(
        '** Message not delivered **',
        "Your message wasn't delivered to reader@gmail.example because the recipient's inbox is full.",
        '552-5.2.2 The email account that you tried to reach is over quota.',
      ),
      'reader@gmail.example',
      'mailboxfull',
      false,
    ],
  ] as const)('reads %s', (_, raw, recipient, reason, hard) => {
    expect(verdicts(raw)).toEqual([{ recipient, reason, hard }]);
  });
});

describe(`${sut.name}: the older layout's own framing`, () => {
  it('does not read "it was rejected by the recipient domain" as a recipient\'s filter', () => {
    const raw = textBounce(
      [
        'Delivery to the following recipient failed permanently:',
        '',
        '     reader@example.jp',
        '',
        'Technical details of permanent failure:',
        'Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 554 554 Transaction failed (state 18).',
        '',
        '----- Original message -----',
      ].join('\n'),
      { Subject: 'Delivery Status Notification (Failure)' },
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.jp', reason: 'systemerror', hard: false }]);
  });
});

describe(`${sut.name}: the current layout's explanations`, () => {
  const current = (lines: string[]) =>
    textBounce(lines.join('\n'), { Subject: 'Delivery Status Notification (Failure)' });

  it.each([
    [
      [
        '** Message not delivered **',
        '',
        "Your message couldn't be delivered to reader@example.net because the remote server is misconfigured. See technical details below for more information.",
        '',
        'The response from the remote server was:',
        '530 5.7.0 Must issue a STARTTLS command first',
      ],
      'failedstarttls',
    ],
    [
      [
        '** Message not delivered **',
        '',
        'There was a problem delivering your message to reader@example.net. See the technical details below.',
        '',
        'The response was:',
        'The recipient server did not accept our requests to connect. [mx.example.net. 192.0.2.1: timed out]',
      ],
      'expired',
    ],
    [
      [
        '** Message not delivered **',
        '',
        "Your message couldn't be delivered to reader@example.net because the remote server rejected it as spam.",
        '',
        'The response from the remote server was:',
        '550 Message rejected',
      ],
      'spamdetected',
    ],
  ] as const)('finds the recipient and reads %#: %s', (lines, reason) => {
    expect(verdicts(current([...lines]))).toEqual([{ recipient: 'reader@example.net', reason, hard: false }]);
  });
});

// Gmail's older layout: the "(state N)" it appends to the quoted reply, and its own DNS verdicts
describe(`${sut.name}: the older layout's session states`, () => {
  const older = (details: string, heading = 'failed permanently') =>
    textBounce(
      [
        'This is an automatically generated Delivery Status Notification',
        '',
        `Delivery to the following recipient ${heading}:`,
        '',
        '     reader@example.net',
        '',
        'Technical details of permanent failure:',
        'Google tried to deliver your message, but it was rejected by the recipient domain. We recommend',
        'contacting the other email provider for further information about the cause of this error.',
        'The error that the other server returned was:',
        details,
        '',
        '----- Original message -----',
      ].join('\n'),
      {
        From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        Subject: 'Delivery Status Notification (Failure)',
      },
    );

  it.each([
    ['550 550 <reader@example.net>: User unknown (state 14).', 'userunknown'],
    ['550 550 Unknown user reader@example.net (state 18).', 'filtered'],
    ['500 Remote server does not support SMTP Authenticated Relay (state 12).', 'norelaying'],
    ['535 SMTP AUTH failed with the remote server. (state 8).', 'systemerror'],
    ['DNS Error: DNS server returned answer with no data', 'hostunknown'],
    ['DNS Error: Could not contact DNS servers', 'expired'],
  ])('%s → %s', (details, reason) => {
    expect(verdicts(older(details))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });

  it('lists the recipient of a delay notice', () => {
    const raw = older('450 450 4.2.2 <reader@example.net>... Mailbox Full (state 14).', 'has been delayed');
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net' }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'mailboxfull', hard: false }]);
  });
});

describe(`${sut.name}: Google Workspace's own lookup`, () => {
  const workspace = (response: string) =>
    textBounce(
      [
        '** Message not delivered **',
        '',
        "Your message couldn't be delivered to reader@example.net because the address couldn't be found. Check for typos or unnecessary spaces and try again.",
        '',
        'The response was:',
        response,
      ].join('\n'),
      {
        From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        Subject: 'Delivery Status Notification (Failure)',
      },
    );

  it('reads "the address couldn\'t be found" as a verdict on the address, with no code given', () => {
    const raw = workspace('The email account that you tried to reach does not exist.');
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('still lets the quoted reply name another cause', () => {
    const raw = workspace('552 5.2.2 The recipient mailbox is full');
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'mailboxfull', hard: false }]);
  });
});
