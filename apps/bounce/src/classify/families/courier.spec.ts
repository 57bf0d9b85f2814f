import { textBounce } from '../test-messages';
import { courier as sut } from './courier';
import { reportOf, verdicts } from './spec-helpers';

// Courier's delivery status notification (courierdsn), with the SMTP dialogue per recipient
const bounce = textBounce(
  [
    'This is a delivery status notification from mx.example.org,',
    'running the Courier mail server, version 1.0.16.',
    '',
    '---------------------------------------------------------------------------',
    '',
    '                           UNDELIVERABLE MAIL',
    '',
    'Your message to the following recipients cannot be delivered:',
    '',
    '<reader@example.net>:',
    '    mx.example.net [192.0.2.1]:',
    '>>> RCPT TO:<reader@example.net>',
    '<<< 550 5.1.1 <reader@example.net>... User unknown',
    '',
    '---------------------------------------------------------------------------',
  ].join('\n'),
  { Subject: 'NOTICE: mail delivery status.' },
);

describe(sut.name, () => {
  it('lists the recipient with the command of its dialogue', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'rcpt' }),
    ]);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
    ]);
  });
});

// Courier's own verdicts carry no dialogue; a refused banner shows ">>> (initial greeting)"
describe(`${sut.name}: its own verdicts and a refused greeting`, () => {
  const dsn = (block: string[]) =>
    textBounce(
      [
        'This is a delivery status notification from mx.example.org,',
        'running the Courier mail server, version 1.0.16.',
        '',
        '                           UNDELIVERABLE MAIL',
        '',
        'Your message to the following recipients cannot be delivered:',
        '',
        ...block,
        '',
        '---------------------------------------------------------------------------',
      ].join('\n'),
      { Subject: 'NOTICE: mail delivery status.' },
    );

  it.each([
    [['<nobody@example.org>:', ' <<< 550 User <nobody> unknown'], 'rcpt', 'userunknown', true],
    [['<reader@example.org>:', ' <<< Mail quota exceeded.'], 'rcpt', 'mailboxfull', false],
    [['<reader@nosuch.example>:', ' <<< No such domain.'], 'rcpt', 'hostunknown', true],
    [
      [
        '<reader@example.net>:',
        '     mx.example.net [192.0.2.1]:',
        ' >>> (initial greeting)',
        ' <<< 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
      ],
      'connect',
      'blocked',
      false,
    ],
  ] as const)('reads %j (%s) as %s', (block, stage, reason, hard) => {
    const raw = dsn([...block]);
    const address = block[0].slice(1, -2);
    expect(sut.recipients?.(reportOf(raw))).toEqual([expect.objectContaining({ address, stage })]);
    expect(verdicts(raw)).toEqual([{ recipient: address, reason, hard }]);
  });
});

describe(`${sut.name}: its resolver's verdict on a broken DNS`, () => {
  it('reads "This domain\'s DNS violates RFC 1035." as a system error', () => {
    const raw = textBounce(
      [
        'This is a delivery status notification from mx.example.org,',
        'running the Courier mail server, version 1.0.16.',
        '',
        '                           UNDELIVERABLE MAIL',
        '',
        'Your message to the following recipients cannot be delivered:',
        '',
        '<reader@example.net>:',
        "    This domain's DNS violates RFC 1035.",
        '',
        '---------------------------------------------------------------------------',
      ].join('\n'),
      { Subject: 'NOTICE: mail delivery status.' },
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'systemerror', hard: false }]);
  });
});
