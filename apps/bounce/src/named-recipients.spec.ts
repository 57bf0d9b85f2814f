import { classify, parseReport, type Report } from './classify';
import { dsn, message } from './classify/test-messages';
import { othersNamed } from './named-recipients';

function parsed(raw: Buffer): Report {
  const r = parseReport(raw);
  if (r.kind !== 'report') throw new Error(r.detail);
  return r;
}

describe(othersNamed.name, () => {
  const others = (raw: Buffer, ours: string) => {
    const report = parsed(raw);
    return othersNamed(report, classify(report), ours);
  };

  it('finds nobody else in a DSN about our recipient, whatever the case', () => {
    const raw = dsn({ recipients: [{ address: 'Ada@Example.com', status: '5.1.1' }] });

    expect(others(raw, 'ada@example.com')).toEqual([]);
  });

  it('names the other recipient of a DSN about someone else', () => {
    const raw = dsn({ recipients: [{ address: 'victim@example.com', status: '5.1.1' }] });

    expect(others(raw, 'ada@example.com')).toEqual(['victim@example.com']);
  });

  it('looks at Original-Recipient too (a forwarded copy failed elsewhere)', () => {
    const raw = dsn({ recipients: [{ address: 'ada@example.com', status: '5.1.1' }] })
      .toString('utf8')
      .replace('Original-Recipient: rfc822;ada@example.com', 'Original-Recipient: rfc822;victim@example.com');

    expect(others(Buffer.from(raw), 'ada@example.com')).toEqual(['victim@example.com']);
  });

  it('looks at X-Failed-Recipients', () => {
    const raw = message(
      {
        From: 'Mail Delivery System <Mailer-Daemon@mx.example>',
        To: 'bounces+x@b.example',
        Subject: 'Mail delivery failed: returning message to sender',
        'X-Failed-Recipients': 'victim@example.com',
      },
      'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its recipients. This is a permanent error.\n\n  victim@example.com\n    550 5.1.1 User unknown',
    );

    expect(others(raw, 'ada@example.com')).toContain('victim@example.com');
  });

  it("looks at an ARF complaint's Original-Rcpt-To", () => {
    const b = 'arf';
    const raw = message(
      {
        From: 'fbl@isp.example',
        To: 'fbl@b.example',
        Subject: 'Abuse report',
        'MIME-Version': '1.0',
        'Content-Type': `multipart/report; report-type=feedback-report; boundary="${b}"`,
      },
      [
        `--${b}`,
        'Content-Type: text/plain',
        '',
        'An abuse report.',
        `--${b}`,
        'Content-Type: message/feedback-report',
        '',
        'Feedback-Type: abuse',
        'User-Agent: FBL/1.0',
        'Version: 1',
        'Original-Rcpt-To: <victim@example.com>',
        `--${b}--`,
        '',
      ].join('\n'),
    );

    expect(others(raw, 'ada@example.com')).toEqual(['victim@example.com']);
    expect(others(raw, 'victim@example.com')).toEqual([]);
  });
});
