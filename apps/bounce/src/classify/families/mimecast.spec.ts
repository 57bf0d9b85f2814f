import type { Reason } from '../reasons';
import { dsn } from '../test-messages';
import { mimecast as sut } from './mimecast';
import { reportOf, verdicts } from './spec-helpers';

const bounce = dsn({
  recipients: [
    {
      address: 'reader@example.net',
      status: '5.0.0',
      diagnostic: '554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554',
    },
  ],
});

/** The same refusal as Mimecast's own report (its Reporting-MTA, no other server named). */
const ownReport = Buffer.from(
  bounce
    .toString()
    .replace('Reporting-MTA: dns; mx.example.org', 'Reporting-MTA: dns; eu-smtp-delivery-1.mimecast.com')
    .replace(/Remote-MTA: dns; mx\.example\.net\r?\n/, ''),
);

/**
 * Replies as Mimecast's "SMTP Error Codes" page lists them
 * (community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754), without the link to it:
 * in a report of Mimecast's that names no other server, the reply is Mimecast's.
 */
const DOCUMENTED: ReadonlyArray<readonly [string, Reason]> = [
  ['550 SPF Sender Invalid - envelope rejected', 'authfailure'],
  ['550 DMARC Sender Invalid - envelope rejected', 'authfailure'],
  ['550 Envelope rejected - block policy for envelope from address', 'rejected'],
  ['550 Envelope blocked - User Entry', 'rejected'],
  ['550 Anti-Spoofing policy - Inbound not allowed', 'policyviolation'],
  ['554 Host network not allowed', 'policyviolation'],
  ['550 Local CT IP Reputation - (reject)', 'badreputation'],
  ['451 IP temporarily blacklisted', 'blocked'],
  ['554 Maximum email size exceeded', 'emailtoolarge'],
  ['553 This route requires TLS version 1.2 or greater', 'failedstarttls'],
  ['451 Open relay not allowed', 'norelaying'],
  ['554 Mail loop detected', 'networkerror'],
  ['550 Exceeding outbound thread limit', 'ratelimited'],
  ['535 Incorrect authentication data', 'securityerror'],
  ['451 Message ended early', 'systemerror'],
  ['554 Email rejected due to security policies', 'virusdetected'],
  ['550 Invalid Recipient', 'userunknown'],
];

describe(sut.name, () => {
  it("reads a Mimecast refusal of the sending network as the recipient organisation's policy", () => {
    expect(sut.matches(reportOf(bounce))).toBe(true);
    expect(verdicts(bounce)).toEqual([
      { recipient: 'reader@example.net', reason: 'policyviolation', hard: false },
    ]);
  });

  it.each(DOCUMENTED)('reads %j by Mimecast’s own list as %s', (diagnostic, reason) => {
    const refined = sut.refine?.(reportOf(ownReport), {
      address: 'reader@example.net',
      diagnostic,
      stage: null,
    });
    expect(refined).toEqual({ reason });
  });

  it('tells a failed sender check from a blocked envelope sender, though both are "envelope rejected"', () => {
    const at = (diagnostic: string) =>
      verdicts(
        dsn({
          recipients: [
            {
              address: 'reader@example.net',
              status: '5.0.0',
              diagnostic: `${diagnostic} - https://community.mimecast.com/docs/DOC-1369#550`,
            },
          ],
        }),
      )[0].reason;
    expect(at('550 DKIM Sender Invalid - envelope rejected')).toBe('authfailure');
    expect(at('550 Envelope rejected - block policy for envelope from address')).toBe('rejected');
  });

  it('leaves a reply its list does not name to the generic reading', () => {
    expect(
      sut.refine?.(reportOf(ownReport), {
        address: 'reader@example.net',
        diagnostic: '550 denied',
        stage: null,
      }),
    ).toBeNull();
  });
});

describe(`${sut.name}, and whose reply it is`, () => {
  /** A report of `reporting` naming `remote` (or no server) as the one that answered. */
  const report = (reporting: string, remote: string | null, text?: string) =>
    reportOf(
      Buffer.from(
        dsn({
          text,
          recipients: [{ address: 'reader@example.net', status: '5.7.1', diagnostic: '550 5.7.1 denied' }],
        })
          .toString()
          .replace('Reporting-MTA: dns; mx.example.org', `Reporting-MTA: dns; ${reporting}`)
          .replace(/Remote-MTA: dns; mx\.example\.net\r?\n/, remote ? `Remote-MTA: dns; ${remote}\n` : ''),
      ),
    );
  const reading = {
    address: 'reader@example.net',
    diagnostic: '550 5.7.1 Sender address blocked',
    stage: null,
  };

  it('is not a report that only names a Mimecast host', () => {
    const text = 'Your message could not be delivered.\nIt passed eu-smtp-inbound-1.mimecast.com on its way.';
    expect(sut.matches(report('mx.example.org', 'mx.example.net', text))).toBe(false);
    expect(sut.matches(report('eu-smtp-delivery-1.mimecast.com', 'mx.example.net'))).toBe(true);
  });

  it("does not read another server's reply by Mimecast's list, even in Mimecast's report", () => {
    expect(sut.refine?.(report('eu-smtp-delivery-1.mimecast.com', 'mx.example.net'), reading)).toBeNull();
    expect(
      sut.refine?.(report('eu-smtp-delivery-1.mimecast.com', null), {
        ...reading,
        diagnostic: 'host mail.example.net[192.0.2.1] said: 550 5.7.1 Sender address blocked',
      }),
    ).toBeNull();
    // its own refusal, with no other server named, is read by its list
    expect(sut.refine?.(report('eu-smtp-delivery-1.mimecast.com', null), reading)).toEqual({
      reason: 'blocked',
    });
  });
});
