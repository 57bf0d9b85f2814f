import fc from 'fast-check';
import { classify } from './classify';
import { DEFAULT_LIMITS, parseReport, type ParsedReport, type Report } from './parse-report';
import { arf, dsn, message } from './test-messages';

function report(parsed: ParsedReport): Report {
  if (parsed.kind !== 'report') throw new Error(`expected a report, got ${parsed.reason}: ${parsed.detail}`);
  return parsed;
}

function multipart(boundaryParam: string, body: string): Buffer {
  return message(
    {
      From: 'MAILER-DAEMON@mx.example.org',
      Subject: 'Undelivered Mail Returned to Sender',
      'Content-Type': `multipart/mixed;${boundaryParam}`,
    },
    body,
  );
}

describe(parseReport.name, () => {
  describe('a standard delivery status notification', () => {
    const sut = report(
      parseReport(
        dsn({
          recipients: [
            {
              address: 'gone@example.net',
              status: '5.1.1',
              diagnostic: '550 5.1.1 <gone@example.net>: User unknown',
            },
            {
              address: 'full@example.net',
              status: '4.2.2',
              action: 'delayed',
              diagnostic: '452 4.2.2 Mailbox full',
            },
          ],
        }),
      ),
    );

    it('reads the top-level headers', () => {
      expect(sut.from).toBe('MAILER-DAEMON@mx.example.org (Mail Delivery System)');
      expect(sut.subject).toBe('Undelivered Mail Returned to Sender');
      expect(sut.messageId).toBe('<20261128090000.7874F1FB8E@mx.example.org>');
      expect(sut.autoSubmitted).toBe('auto-replied');
      expect(sut.contentType).toBe('multipart/report');
      expect(sut.reportType).toBe('delivery-status');
    });

    it('reads the per-message and per-recipient fields', () => {
      expect(sut.deliveryStatus?.message['reporting-mta']).toBe('dns; mx.example.org');
      expect(sut.deliveryStatus?.recipients).toEqual([
        expect.objectContaining({
          finalRecipient: 'gone@example.net',
          originalRecipient: 'gone@example.net',
          action: 'failed',
          status: '5.1.1',
          diagnosticType: 'smtp',
          diagnosticCode: '550 5.1.1 <gone@example.net>: User unknown',
          remoteMta: 'mx.example.net',
        }),
        expect.objectContaining({ finalRecipient: 'full@example.net', action: 'delayed', status: '4.2.2' }),
      ]);
    });

    it("reads the returned original's headers, Postroom's included", () => {
      expect(sut.original).toEqual(
        expect.objectContaining({
          source: 'text/rfc822-headers',
          messageId: '<42.a1b2c3@bounces.postroom.test>',
          to: 'gone@example.net',
          deliveryId: '42',
          campaignId: '7',
        }),
      );
    });

    it('keeps the human-readable part', () => {
      expect(sut.text).toContain('Your message could not be delivered.');
    });
  });

  it('separates recipient blocks that a server wrote without blank lines between them', () => {
    const body = [
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; a@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Final-Recipient: rfc822; b@example.net',
      'Action: failed',
      'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 Mailbox',
      '  full',
      '--b--',
    ].join('\n');
    const sut = report(parseReport(multipart(' boundary="b"', body)));
    expect(sut.deliveryStatus?.recipients.map((r) => [r.finalRecipient, r.status, r.diagnosticCode])).toEqual(
      [
        ['a@example.net', '5.1.1', null],
        ['b@example.net', '5.2.2', '552 5.2.2 Mailbox full'],
      ],
    );
  });

  it('reads an ARF feedback report', () => {
    const sut = report(parseReport(arf('abuse', 'reader@example.net')));
    expect(sut.feedback).toEqual(
      expect.objectContaining({
        feedbackType: 'abuse',
        originalRcptTo: ['reader@example.net'],
        originalMailFrom: 'bounces+42@bounces.postroom.test',
        sourceIp: '192.0.2.1',
      }),
    );
    expect(sut.original?.source).toBe('message/rfc822');
    expect(sut.original?.deliveryId).toBe('42');
  });

  it('reads X-Failed-Recipients and cuts the text where an inline copy of the original starts', () => {
    const sut = report(
      parseReport(
        message(
          {
            From: 'Mail Delivery System <Mailer-Daemon@mx.example.org>',
            To: 'bounces+42@bounces.postroom.test',
            Subject: 'Mail delivery failed: returning message to sender',
            'X-Failed-Recipients': 'gone@example.net, other@example.net',
          },
          [
            'The following address(es) failed:',
            '',
            '  gone@example.net',
            '    SMTP error from remote mail server after RCPT TO:<gone@example.net>:',
            '    550 5.1.1 User unknown',
            '',
            '------ This is a copy of the message, including all the headers. ------',
            '',
            'Message-ID: <42.a1b2c3@bounces.postroom.test>',
            'X-Postroom-Delivery: 42',
            'To: gone@example.net',
            'Subject: Our news',
            '',
            'User unknown, said the body of the newsletter',
          ].join('\n'),
        ),
      ),
    );
    expect(sut.failedRecipients).toEqual(['gone@example.net', 'other@example.net']);
    expect(sut.text).toContain('550 5.1.1 User unknown');
    expect(sut.text).not.toContain('said the body');
    expect(sut.original).toEqual(
      expect.objectContaining({ source: 'inline', deliveryId: '42', to: 'gone@example.net' }),
    );
  });

  it('decodes encoded words, base64, quoted-printable and ISO-2022-JP', () => {
    const body = [
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Zustellung fehlgeschlagen: Postfach voll').toString('base64'),
      '--b',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'R=E9ponse: bo=EEte pleine, la ligne est tr=',
      'op longue',
      '--b',
      'Content-Type: text/plain; charset=ISO-2022-JP',
      '',
      '\u001b$B$"$$\u001b(B',
      '--b--',
    ].join('\n');
    const raw = message(
      {
        From: 'MAILER-DAEMON@mx.example.org',
        Subject: '=?UTF-8?B?44Gr44KD44KT?= =?UTF-8?Q?_nyan?=',
        'Content-Type': 'multipart/mixed; boundary=b',
      },
      body,
    );
    const sut = report(parseReport(raw));
    expect(sut.subject).toBe('にゃん nyan');
    expect(sut.text).toContain('Zustellung fehlgeschlagen: Postfach voll');
    expect(sut.text).toContain('Réponse: boîte pleine, la ligne est trop longue');
    expect(sut.text).toContain('あい');
  });

  it('reads a bounce that a gateway wrapped in a message of its own', () => {
    const inner = dsn({ recipients: [{ address: 'gone@example.net', status: '5.1.1' }] }).toString('utf8');
    const body = [
      '--outer',
      'Content-Type: text/plain',
      '',
      '----- The following addresses had permanent delivery errors -----',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      inner,
      '--outer--',
    ].join('\n');
    const sut = report(parseReport(multipart(' boundary="outer"', body)));
    expect(sut.deliveryStatus?.recipients[0].finalRecipient).toBe('gone@example.net');
    expect(sut.original?.deliveryId).toBe('42');
  });

  it('skips an image that is labelled as text', () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(200, 3)]);
    const body = [
      '--b',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--b--',
    ];
    const sut = report(parseReport(multipart(' boundary="b"', body.join('\n'))));
    expect(sut.text).toBe('');
  });

  describe('bad input', () => {
    it('refuses a message over 10 MB without reading it', () => {
      const sut = parseReport(Buffer.alloc(DEFAULT_LIMITS.maxMessageBytes + 1, 'a'));
      expect(sut).toEqual(expect.objectContaining({ kind: 'rejected', reason: 'message-too-large' }));
    });

    it('refuses a header block over 1 MB', () => {
      const raw = Buffer.from(
        `From: a@example.org\r\nX-Junk: ${'a'.repeat(DEFAULT_LIMITS.maxHeaderBytes)}\r\n\r\nbody`,
      );
      expect(parseReport(raw)).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'header-too-large' }),
      );
    });

    it('refuses a part whose header block is over the limit', () => {
      const body = `--b\r\nX-Junk: ${'a'.repeat(5000)}\r\n\r\nx\r\n--b--\r\n`;
      const sut = parseReport(multipart(' boundary="b"', body), { ...DEFAULT_LIMITS, maxHeaderBytes: 4096 });
      expect(sut).toEqual(expect.objectContaining({ kind: 'rejected', reason: 'header-too-large' }));
    });

    it('refuses more than 1,000 MIME parts', () => {
      const body = '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(1000) + '--b--\r\n';
      expect(parseReport(multipart(' boundary="b"', body))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'too-many-parts' }),
      );
    });

    it('accepts exactly 1,000 parts', () => {
      const body = '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(999) + '--b--\r\n';
      expect(parseReport(multipart(' boundary="b"', body)).kind).toBe('report');
    });

    it('refuses nesting deeper than the limit', () => {
      let body = 'x';
      for (let i = 30; i > 0; i -= 1)
        body = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${body}`;
      expect(parseReport(multipart(' boundary="b1"', body))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'too-deep' }),
      );
    });

    it.each([
      ['no boundary parameter', ''],
      ['an empty boundary', ' boundary=""'],
      ['a boundary of 300 characters', ` boundary="${'x'.repeat(300)}"`],
    ])('refuses a multipart with %s', (_, param) => {
      expect(parseReport(multipart(param, '--b\r\n\r\nx\r\n--b--'))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'broken-boundary' }),
      );
    });

    it('reads a multipart whose delimiters never appear as text, and says so', () => {
      const sut = report(
        parseReport(multipart(' boundary="gone"', '<gone@example.net>: 550 5.1.1 User unknown')),
      );
      expect(sut.text).toContain('User unknown');
      expect(sut.warnings).toEqual([expect.stringContaining('broken-boundary')]);
    });

    it('keeps what arrived of a multipart cut off before its closing delimiter', () => {
      const sut = report(
        parseReport(
          multipart(' boundary="b"', '--b\r\nContent-Type: text/plain\r\n\r\n550 5.2.2 Mailbox full'),
        ),
      );
      expect(sut.text).toBe('550 5.2.2 Mailbox full');
    });

    it('ignores a line that only starts with the boundary', () => {
      const body = '--b\r\n\r\nfirst\r\n--bb is not a delimiter\r\n--b\r\n\r\nsecond\r\n--b--';
      const sut = report(parseReport(multipart(' boundary="b"', body)));
      expect(sut.text).toBe('first\r\n--bb is not a delimiter\n\nsecond'.replace(/\r/g, ''));
    });

    it('refuses an empty message', () => {
      expect(parseReport(Buffer.alloc(0))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'empty-message' }),
      );
      expect(parseReport(Buffer.from('\r\n \r\n'))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'empty-message' }),
      );
    });

    it('refuses a message with no header field', () => {
      expect(parseReport(Buffer.from('just some text\nand more'))).toEqual(
        expect.objectContaining({ kind: 'rejected', reason: 'no-headers' }),
      );
    });

    it('returns null for the fields a message leaves out', () => {
      const sut = report(parseReport(Buffer.from('X-Only: this\r\n\r\nbody')));
      expect(sut).toEqual(
        expect.objectContaining({
          from: null,
          to: null,
          subject: null,
          messageId: null,
          autoSubmitted: null,
          failedRecipients: [],
          deliveryStatus: null,
          feedback: null,
          original: null,
        }),
      );
    });

    it('keeps the text it reads bounded', () => {
      const sut = report(parseReport(message({ From: 'a@example.org' }, 'x'.repeat(5 * 1024 * 1024))));
      expect(sut.text.length).toBeLessThanOrEqual(256 * 1024);
    });

    it('never throws, whatever the bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
          const parsed = parseReport(Buffer.from(bytes));
          if (parsed.kind === 'report') classify(parsed);
          return parsed.kind === 'report' || parsed.kind === 'rejected';
        }),
        { numRuns: 300 },
      );
    });

    it('never throws on mangled bounces', () => {
      const base = dsn({
        recipients: [{ address: 'gone@example.net', status: '5.1.1', diagnostic: '550 User unknown' }],
      });
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: base.length }),
          fc.integer({ min: 0, max: 400 }),
          fc.string(),
          (at, cut, junk) => {
            const mangled = Buffer.concat([
              base.subarray(0, at),
              Buffer.from(junk),
              base.subarray(Math.min(base.length, at + cut)),
            ]);
            const parsed = parseReport(mangled);
            if (parsed.kind === 'report') classify(parsed);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
