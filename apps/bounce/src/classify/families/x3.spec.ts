import { textBounce } from '../test-messages';
import { reportOf, verdicts } from './spec-helpers';
import { x3 as sut } from './x3';

const FRAME = '='.repeat(76);
const notice = (heading: string, details: string) =>
  textBounce(
    [
      FRAME,
      '      This is an automatically generated Delivery Status Notification.',
      '',
      heading,
      '',
      '  * reader@example.net',
      '',
      FRAME,
      '                            Technical details:',
      '',
      details,
      '',
      FRAME,
    ].join('\n'),
    { From: 'Mail Delivery System <MAILER-DAEMON@mx.example.org>', Subject: 'Delivery status notification' },
  );

describe(sut.name, () => {
  it('lists the bulleted recipient with the command its technical line names', () => {
    const raw = notice(
      'Delivery to the following recipients failed permanently:',
      'SMTP:RCPT host 192.0.2.8: 553 5.3.0 <reader@example.net>... No such user here',
    );
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      {
        address: 'reader@example.net',
        diagnostic: 'SMTP:RCPT host 192.0.2.8: 553 5.3.0 <reader@example.net>... No such user here',
        stage: 'rcpt',
      },
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('reads "user unknown" after DATA as a filter', () => {
    const raw = notice(
      'Delivery to the following recipients failed permanently:',
      'SMTP:DATA host 192.0.2.8: 550 Unknown user',
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'filtered', hard: false }]);
  });

  it('reads a delivery aborted after its time limit as expired', () => {
    const raw = notice(
      'Delivery to the following recipients was aborted after 5.0 hour(s):',
      'Routing: Could not find a gateway for reader@example.net',
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'expired', hard: false }]);
  });

  it('reads the time limit only for the recipients listed under it', () => {
    const raw = textBounce(
      [
        FRAME,
        '      This is an automatically generated Delivery Status Notification.',
        '',
        'Delivery to the following recipients failed permanently:',
        '',
        '  * gone@example.net',
        '',
        'Delivery to the following recipients was aborted after 5.0 hour(s):',
        '',
        '  * slow@example.org',
        '',
        FRAME,
        '                            Technical details:',
        '',
        'SMTP:RCPT host 192.0.2.8: 550 5.1.1 <gone@example.net>... User unknown',
        'Routing: Could not find a gateway for slow@example.org',
        '',
        FRAME,
      ].join('\n'),
      {
        From: 'Mail Delivery System <MAILER-DAEMON@mx.example.org>',
        Subject: 'Delivery status notification',
      },
    );
    expect(verdicts(raw)).toEqual([
      { recipient: 'gone@example.net', reason: 'userunknown', hard: true },
      { recipient: 'slow@example.org', reason: 'expired', hard: false },
    ]);
  });
});
