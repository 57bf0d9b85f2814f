import { dsn } from '../test-messages';
import { facebook as sut } from './facebook';
import { reportOf, verdicts } from './spec-helpers';

/** A Facebook report: the helper's DSN with Facebook's own From and Subject. */
const fromFacebook = (diagnostic: string, status: string) =>
  Buffer.from(
    dsn({ recipients: [{ address: 'reader@facebook.com', status, diagnostic }] })
      .toString('utf8')
      .replace(/^From: .*$/m, 'From: Facebook <mailer-daemon@mx.facebook.com>')
      .replace(/^Subject: .*$/m, 'Subject: Sorry, your message could not be delivered'),
    'utf8',
  );

describe(sut.name, () => {
  it.each([
    [
      '550 5.1.1 RCP-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp',
      '5.1.1',
      'userunknown',
    ],
    ['550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp', '5.1.1', 'filtered'],
    [
      '550 5.7.1 POL-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#pol',
      '5.7.1',
      'securityerror',
    ],
    ['550 5.7.1 POL-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#pol', '5.7.1', 'notaccept'],
    ['550 5.1.0 DNS-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#dns', '5.1.0', 'rejected'],
    [
      '450 4.4.5 CON-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#con',
      '4.4.5',
      'systemerror',
    ],
    [
      '450 4.2.1 INT-T2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#int',
      '4.2.1',
      'systemerror',
    ],
  ])('reads %s as %s', (diagnostic, status, reason) => {
    const raw = fromFacebook(diagnostic, status);
    expect(sut.matches(reportOf(raw))).toBe(true);
    expect(verdicts(raw).map((v) => v.reason)).toEqual([reason]);
  });
});
