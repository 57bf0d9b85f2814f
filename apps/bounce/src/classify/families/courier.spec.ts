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
