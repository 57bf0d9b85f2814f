import { classify, type Classification } from './classify';
import { parseReport, type Report } from './parse-report';
import { MAX_REPORT_RECIPIENTS } from './report-fields';

/**
 * The generic RFC 3464 / RFC 6533 reading, on reports written from the RFCs' grammar and in the
 * variants real MTAs produce: it decides every DSN of a server no family recognises.
 */

interface Layout {
  /** The body of the delivery-status part. */
  readonly fields: string;
  /** Its Content-Type. */
  readonly type?: string;
  /** Its other header fields (Content-Transfer-Encoding, …). */
  readonly partHeaders?: readonly string[];
  /** The human-readable part. */
  readonly text?: string;
  /** The line end the whole message is written with. */
  readonly eol?: string;
}

const REPORTING = 'Reporting-MTA: dns; mx.example.org\nArrival-Date: Sat, 28 Nov 2026 09:00:00 +0000\n';
const RETURNED = 'From: Shop <news@shop.example>\nTo: someone@example.net\nSubject: Our news';

function rawDsn(l: Layout): string {
  return [
    'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>',
    'To: bounces+42@bounces.postroom.test',
    'Subject: Delivery Status Notification (Failure)',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="DSN-1"',
    '',
    '--DSN-1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    l.text ?? 'Your message could not be delivered to one or more recipients.',
    '',
    '--DSN-1',
    `Content-Type: ${l.type ?? 'message/delivery-status'}`,
    ...(l.partHeaders ?? []),
    '',
    l.fields,
    '',
    '--DSN-1',
    'Content-Type: text/rfc822-headers',
    '',
    RETURNED,
    '',
    '--DSN-1--',
    '',
  ]
    .join('\n')
    .replace(/\r?\n/g, l.eol ?? '\r\n');
}

function parsed(raw: string): Report {
  const p = parseReport(Buffer.from(raw, 'utf8'));
  if (p.kind !== 'report') throw new Error(`rejected: ${p.reason}`);
  return p;
}

function sut(l: Layout): Classification {
  return classify(parsed(rawDsn(l)));
}

/** recipient, status, reply, reason per entry: what the tests compare. */
function brief(c: Classification): Array<[string, string | null, string | null, string]> {
  return c.recipients.map((r) => [r.recipient, r.status, r.reply, r.reason]);
}

const TWO = `${REPORTING}
Final-Recipient: rfc822; gone@example.net
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown

Final-Recipient: rfc822; full@example.net
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 <full@example.net>: Mailbox full`;

const TWO_READ: ReturnType<typeof brief> = [
  ['gone@example.net', '5.1.1', '550', 'userunknown'],
  ['full@example.net', '5.2.2', '552', 'mailboxfull'],
];

describe('the generic RFC 3464 reading', () => {
  describe('per-recipient blocks and their layout', () => {
    it.each([
      ['CRLF', TWO, '\r\n'],
      ['LF', TWO, '\n'],
      ['blank lines holding spaces', TWO.replace(/\n\n/g, '\n \t\n'), '\r\n'],
      ['several blank lines', TWO.replace(/\n\n/g, '\n\n\n\n'), '\r\n'],
      ['no blank line between blocks', TWO.replace(/\n\n/g, '\n'), '\r\n'],
      ['blank lines before the fields', `\n\n${TWO}`, '\r\n'],
    ])('finds each recipient once, in order (%s)', (_, fields, eol) => {
      expect(brief(sut({ fields, eol }))).toEqual(TWO_READ);
    });

    it('unfolds folded fields', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822;\n  gone@example.net\nAction:\n failed\nStatus:\n\t5.1.1\nDiagnostic-Code: smtp;\n\t550-5.1.1 The email account that you tried to reach does\n\t550-5.1.1 not exist. Please try double-checking the recipient's\n\t550 5.1.1 email address for typos.`;
      const c = sut({ fields });
      expect(brief(c)).toEqual([['gone@example.net', '5.1.1', '550', 'userunknown']]);
      expect(c.recipients[0].diagnostic).toMatch(/does 550-5\.1\.1 not exist/);
    });

    it('starts the next block at a repeated Action or Status when the blocks put them first', () => {
      const fields = `${REPORTING}\nAction: failed\nStatus: 5.1.1\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822; full@example.net\nDiagnostic-Code: smtp; 552 Requested mail action aborted: exceeded storage allocation`;
      expect(brief(sut({ fields }))).toEqual([
        ['gone@example.net', '5.1.1', null, 'userunknown'],
        ['full@example.net', '5.2.2', '552', 'mailboxfull'],
      ]);
    });

    it.each([
      ['Status', 'Action: failed\nStatus: 5.0.0\nStatus: 5.1.1'],
      ['Action', 'Action: failed\nStatus: 5.1.1\nAction: failed'],
    ])('keeps the Diagnostic-Code of a block that repeats its %s after the recipient', (_, middle) => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\n${middle}\nDiagnostic-Code: smtp; 550 5.1.1 user unknown`;
      const c = sut({ fields });
      expect(brief(c)).toEqual([['gone@example.net', '5.1.1', '550', 'userunknown']]);
      expect(c.recipients[0].diagnostic).toBe('550 5.1.1 user unknown');
    });

    it('reads fields that the server indented', () => {
      const fields = TWO.split('\n')
        .map((l) => (l ? `   ${l}` : l))
        .join('\n')
        .replace('User unknown', 'User unknown\n      (in reply to RCPT TO command)');
      const c = sut({ fields });
      expect(brief(c)).toEqual(TWO_READ);
      expect(c.recipients[0].diagnostic).toMatch(/User unknown \(in reply to RCPT TO command\)$/);
    });

    it('reads indented fields written into the text part', () => {
      const fields = `   Final-Recipient: rfc822; gone@example.net\n   Action: failed\n   Status: 5.1.1\n`;
      expect(brief(sut({ fields, type: 'text/plain' }))).toEqual([
        ['gone@example.net', '5.1.1', null, 'userunknown'],
      ]);
    });

    it('starts a block at the Original-Recipient that precedes its Final-Recipient (the RFC order)', () => {
      const fields = `${REPORTING}\nOriginal-Recipient: rfc822;gone@example.net\nFinal-Recipient: rfc822;gone@example.net\nAction: failed\nStatus: 5.1.1\nOriginal-Recipient: rfc822;full@example.net\nFinal-Recipient: rfc822;full@example.net\nAction: failed\nStatus: 5.2.2`;
      expect(brief(sut({ fields })).map(([a, s]) => [a, s])).toEqual([
        ['gone@example.net', '5.1.1'],
        ['full@example.net', '5.2.2'],
      ]);
    });
  });

  describe('the recipient fields', () => {
    const one = (recipient: string) =>
      `${REPORTING}\n${recipient}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no such user`;

    it.each([
      ['angle brackets', 'Final-Recipient: rfc822;<gone@example.net>'],
      ['a display name and a comment', 'Final-Recipient: RFC822; "Gone" <gone@example.net> (left us)'],
      ['a comment first', 'Final-Recipient: rfc822; (left us) gone@example.net'],
      ['no address type', 'Final-Recipient: gone@example.net'],
      ['only Original-Recipient', 'Original-Recipient: rfc822; gone@example.net'],
      // Sendmail names the address after its alias expansion so, with no Final-Recipient at all
      ['only X-Actual-Recipient', 'X-Actual-Recipient: rfc822; gone@example.net'],
    ])('reads the address with %s', (_, recipient) => {
      expect(brief(sut({ fields: one(recipient) }))).toEqual([
        ['gone@example.net', '5.1.1', '550', 'userunknown'],
      ]);
    });

    it('keeps the Final-Recipient and the order when blocks also carry X-Actual-Recipient', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nX-Actual-Recipient: rfc822; gone@local.example.net\nAction: failed\nStatus: 5.1.1\nFinal-Recipient: rfc822; full@example.net\nX-Actual-Recipient: rfc822; full@local.example.net\nAction: failed\nStatus: 5.2.2`;
      expect(brief(sut({ fields })).map(([a]) => a)).toEqual(['gone@example.net', 'full@example.net']);
    });

    // RFC 6533 §3: a utf-8 address type, in a message/global-delivery-status part as UTF-8
    // (utf-8-addr-unitext), in a message/delivery-status part with \x{HEX} escapes (utf-8-addr-xtext)
    it('reads internationalised addresses (RFC 6533)', () => {
      const fields = `${REPORTING}\nFinal-Recipient: utf-8; jörg@bücher.example\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: utf-8; 用户@例子.example\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: utf-8; ren\\x{E9}e@caf\\x{E9}.example\nAction: failed\nStatus: 5.1.1`;
      const read = brief(sut({ fields, type: 'message/global-delivery-status' })).map(([a]) => a);
      expect(read).toEqual(['jörg@bücher.example', '用户@例子.example', 'renée@café.example']);
    });

    it('reads a UTF-8 report sent base64-encoded (RFC 6533 allows 8bit or base64)', () => {
      const fields = Buffer.from(
        `${REPORTING}\nFinal-Recipient: utf-8; jörg@example.net\nAction: failed\nStatus: 5.1.1\n`,
      ).toString('base64');
      const c = sut({
        fields,
        type: 'message/global-delivery-status',
        partHeaders: ['Content-Transfer-Encoding: base64'],
      });
      expect(brief(c).map(([a]) => a)).toEqual(['jörg@example.net']);
    });

    it('gives no two blocks the same guessed address when their own cannot be read', () => {
      const fields = `${REPORTING}\nFinal-Recipient: x400; /G=Gone/S=User/O=Example/\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: x400; /G=Full/S=User/O=Example/\nAction: failed\nStatus: 5.2.2`;
      const read = brief(sut({ fields })).map(([a]) => a);
      expect(read).toHaveLength(2);
      expect(read).not.toContain('someone@example.net');
      expect(new Set(read).size).toBe(2);
    });

    it('reads a recipient reported delayed, then failed, by its failure', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nAction: delayed\nStatus: 4.4.1\n\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown`;
      expect(brief(sut({ fields }))).toEqual([['gone@example.net', '5.1.1', '550', 'userunknown']]);
    });

    it('reads a recipient named twice with the same Action by the block that has a Diagnostic-Code', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.0.0\n\nFinal-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full`;
      expect(brief(sut({ fields }))).toEqual([['full@example.net', '5.2.2', '552', 'mailboxfull']]);
    });

    it('keeps two original recipients that were expanded to one final recipient', () => {
      const fields = `${REPORTING}\nOriginal-Recipient: rfc822; sales@shop.example\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.2.2\n\nOriginal-Recipient: rfc822; info@shop.example\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.2.2`;
      const report = parsed(rawDsn({ fields }));
      expect(report.deliveryStatus?.recipients.map((r) => r.originalRecipient)).toEqual([
        'sales@shop.example',
        'info@shop.example',
      ]);
    });

    it("takes the original's one addressee for a lone block whose address cannot be read", () => {
      const fields = `${REPORTING}\nFinal-Recipient: x400; /G=Some/S=One/O=Example/\nAction: failed\nStatus: 5.1.1`;
      expect(brief(sut({ fields })).map(([a]) => a)).toEqual(['someone@example.net']);
    });

    it('lists a recipient the report names twice once', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\nFinal-Recipient: rfc822; Gone@example.net\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.2.2`;
      expect(brief(sut({ fields }))).toEqual([
        ['gone@example.net', '5.1.1', '550', 'userunknown'],
        ['full@example.net', '5.2.2', null, 'mailboxfull'],
      ]);
    });
  });

  describe('status, reply and diagnostic', () => {
    const one = (status: string, diagnostic?: string, action = 'failed') =>
      `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nAction: ${action}\nStatus: ${status}\n${diagnostic ? `Diagnostic-Code: ${diagnostic}\n` : ''}`;
    const read = (fields: string) => sut({ fields }).recipients[0];

    it('reads a Status with a trailing comment, and keeps the comment as the diagnostic', () => {
      expect(read(one('5.1.1 (bad destination mailbox address)'))).toEqual(
        expect.objectContaining({
          status: '5.1.1',
          reason: 'userunknown',
          diagnostic: 'bad destination mailbox address',
        }),
      );
    });

    it('takes the more specific code the Diagnostic-Code writes over a Status of 5.0.0', () => {
      expect(read(one('5.0.0', 'smtp; 550 5.2.2 <gone@example.net>: mailbox is full'))).toEqual(
        expect.objectContaining({ status: '5.2.2', reply: '550', reason: 'mailboxfull' }),
      );
    });

    it.each([
      [
        'smtp',
        'smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown',
        '5.1.1',
        'userunknown',
      ],
      [
        'X-Postfix',
        'X-Postfix; Host or domain name not found. Name service error for name=example.net type=MX: Host not found',
        '5.4.4',
        'hostunknown',
      ],
      [
        'x-postfix, lower case',
        'x-postfix; connect to mx.example.net[192.0.2.1]:25: Connection refused',
        '4.4.1',
        'networkerror',
      ],
      ['X-Unix', 'X-Unix; procmail: Quota exceeded while writing "/var/mail/gone"', '5.2.2', 'mailboxfull'],
      [
        'X-Notes',
        'X-Notes; User gone (gone@example.net) not listed in Domino Directory',
        '5.0.0',
        'userunknown',
      ],
      ['no type', '550 5.1.1 <gone@example.net>... User unknown', '5.1.1', 'userunknown'],
    ])('reads a Diagnostic-Code of type %s without its type', (_, diagnostic, status, reason) => {
      const r = read(one(status, diagnostic, status.startsWith('4') ? 'delayed' : 'failed'));
      expect([r.status, r.reason]).toEqual([status, reason]);
      expect(r.diagnostic).toBe(diagnostic.replace(/^[\w-]+; /, ''));
    });

    it("reads an X-Unix exit status with no words as the local mailer's failure", () => {
      expect(read(one('5.0.0', 'X-Unix; 67'))).toEqual(
        expect.objectContaining({ status: '5.0.0', reason: 'mailererror', diagnostic: '67' }),
      );
    });

    it('reads the explanation the text writes below each recipient when the report has no Diagnostic-Code', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.0.0\n\nFinal-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.0.0`;
      const text = [
        'Delivery to the following recipients failed permanently:',
        '',
        '     gone@example.net',
        '',
        'Technical details of permanent failure:',
        '550 5.1.1 The email account that you tried to reach does not exist.',
        '',
        '     full@example.net',
        '',
        'Technical details of permanent failure:',
        '552 5.2.2 The email account that you tried to reach is over quota.',
      ].join('\n');
      expect(brief(sut({ fields, text }))).toEqual([
        ['gone@example.net', '5.1.1', '550', 'userunknown'],
        ['full@example.net', '5.2.2', '552', 'mailboxfull'],
      ]);
    });

    it('joins a multi-line folded Diagnostic-Code into one line', () => {
      const r = read(
        one(
          '5.2.2',
          'smtp; 552-5.2.2 The email account that you tried to reach is over quota\n    and inactive. Please direct the recipient to\n    https://support.example.net/quota',
        ),
      );
      expect(r.diagnostic).toBe(
        '552-5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.example.net/quota',
      );
      expect([r.reply, r.reason]).toEqual(['552', 'mailboxfull']);
    });
  });

  describe('the Action of each recipient', () => {
    it.each(['failed', 'FAILED', 'Failed (permanent failure)'])('takes Action: %s for a bounce', (action) => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@example.net\nAction: ${action}\nStatus: 5.1.1`;
      expect(sut({ fields }).kind).toBe('bounce');
    });

    it('reads a delay notice that names no cause as expiring, and one that names a cause by it', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; late@example.net\nAction: delayed\nStatus: 4.0.0\nWill-Retry-Until: Mon, 30 Nov 2026 09:00:00 +0000\n\nFinal-Recipient: rfc822; full@example.net\nAction: Delayed\nStatus: 4.2.2\nDiagnostic-Code: smtp; 452 4.2.2 Mailbox full`;
      const c = sut({ fields, text: 'This is a delay notice only; delivery will be retried.' });
      expect(c.kind).toBe('bounce');
      expect(brief(c)).toEqual([
        ['late@example.net', '4.0.0', null, 'expired'],
        ['full@example.net', '4.2.2', '452', 'mailboxfull'],
      ]);
      expect(c.recipients.map((r) => r.hard)).toEqual([false, false]);
    });

    it('lists only the failed and delayed recipients of a report that mixes every action', () => {
      const block = (a: string, action: string, status: string) =>
        `Final-Recipient: rfc822; ${a}\nAction: ${action}\nStatus: ${status}\n`;
      const fields = [
        REPORTING,
        block('kept@example.net', 'delivered', '2.0.0'),
        block('passed@example.net', 'relayed', '2.0.0'),
        block('list@example.net', 'expanded', '2.0.0'),
        block('gone@example.net', 'failed', '5.1.1'),
        block('late@example.net', 'delayed', '4.4.7'),
      ].join('\n');
      expect(brief(sut({ fields }))).toEqual([
        ['gone@example.net', '5.1.1', null, 'userunknown'],
        ['late@example.net', '4.4.7', null, 'expired'],
      ]);
    });

    it('reports a notice of only delivered, relayed and expanded recipients as delivered', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; kept@example.net\nAction: Delivered\nStatus: 2.0.0\nDiagnostic-Code: smtp; 250 2.0.0 OK queued\n\nFinal-Recipient: rfc822; passed@example.net\nAction: relayed\nStatus: 2.0.0\n\nOriginal-Recipient: rfc822; list@example.net\nAction: expanded\nStatus: 2.0.0`;
      const c = sut({ fields });
      expect([c.kind, c.isBounce]).toEqual(['delivered', false]);
      expect(brief(c)).toEqual([
        ['kept@example.net', '2.0.0', '250', 'delivered'],
        ['passed@example.net', '2.0.0', null, 'delivered'],
        ['list@example.net', '2.0.0', null, 'delivered'],
      ]);
    });
  });

  describe('the MTA fields', () => {
    it('reads Reporting-MTA, Remote-MTA and the per-message extensions without taking them for recipients', () => {
      const fields = `Reporting-MTA: dns;mx.example.org (Postfix)\nX-Postfix-Queue-ID: 4ABC123\nX-Postfix-Sender: rfc822; news@shop.example\nArrival-Date: Sat, 28 Nov 2026 09:00:00 +0000\nReceived-From-MTA: dns; [192.0.2.5]\n\nFinal-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.net. [192.0.2.1]:25\nDiagnostic-Code: smtp; 550 5.1.1 User unknown`;
      const report = parsed(rawDsn({ fields }));
      expect(report.deliveryStatus?.message['reporting-mta']).toBe('dns;mx.example.org (Postfix)');
      expect(report.deliveryStatus?.recipients.map((r) => [r.finalRecipient, r.remoteMta])).toEqual([
        ['gone@example.net', 'mx.example.net. [192.0.2.1]:25'],
      ]);
      expect(brief(classify(report))).toEqual([['gone@example.net', '5.1.1', '550', 'userunknown']]);
    });
  });

  describe('the delivery-status part as servers send it', () => {
    const base64 = (text: string) =>
      Buffer.from(text.replace(/\n/g, '\r\n'))
        .toString('base64')
        .replace(/(.{76})/g, '$1\n');

    it.each([
      ['as text/plain', { type: 'text/plain; charset=us-ascii' }],
      ['with a charset it is not in', { type: 'message/delivery-status; charset=iso-2022-jp' }],
      ['with a charset nobody knows', { type: 'message/delivery-status; charset=x-unheard-of' }],
      [
        'with its type in upper case',
        { type: 'Message/Delivery-Status', partHeaders: ['Content-Transfer-Encoding: 7BIT'] },
      ],
      ['base64-encoded', { partHeaders: ['Content-Transfer-Encoding: base64'], fields: base64(TWO) }],
    ])('reads it %s', (_, layout) => {
      expect(brief(sut({ fields: TWO, ...layout }))).toEqual(TWO_READ);
    });

    it('reads it quoted-printable-encoded, soft line breaks inside fields included', () => {
      const fields = `${REPORTING}\nFinal-Recipient: rfc822; gone@exam=\nple.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <gone@example.net>:=20User unkn=\nown`;
      const c = sut({ fields, partHeaders: ['Content-Transfer-Encoding: quoted-printable'] });
      expect(brief(c)).toEqual([['gone@example.net', '5.1.1', '550', 'userunknown']]);
      expect(c.recipients[0].diagnostic).toBe('550 5.1.1 <gone@example.net>: User unknown');
    });

    it('reads the recipients of every delivery-status part when a server writes one per recipient', () => {
      const [gone, full] = TWO.split('\n\n').slice(1);
      const raw = rawDsn({ fields: `${REPORTING}\n${gone}` }).replace(
        '--DSN-1\r\nContent-Type: text/rfc822-headers',
        `--DSN-1\r\nContent-Type: message/delivery-status\r\n\r\n${REPORTING.replace(/\n/g, '\r\n')}\r\n${full.replace(/\n/g, '\r\n')}\r\n\r\n--DSN-1\r\nContent-Type: text/rfc822-headers`,
      );
      expect(brief(classify(parsed(raw)))).toEqual(TWO_READ);
    });

    const forwarded = (inner: string) =>
      [
        'From: Help Desk <helpdesk@shop.example>',
        'To: bounces+42@bounces.postroom.test',
        'Subject: Fwd: Delivery Status Notification (Failure)',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="FWD"',
        '',
        '--FWD',
        'Content-Type: text/plain',
        '',
        'Forwarding this one; ask postmaster@shop.example if in doubt.',
        '',
        '--FWD',
        'Content-Type: message/rfc822',
        '',
        inner,
        '--FWD--',
        '',
      ].join('\r\n');

    it('reads a report forwarded as an attached message', () => {
      expect(brief(classify(parsed(forwarded(rawDsn({ fields: TWO })))))).toEqual(TWO_READ);
    });

    it('reads a delivery-status part that the forwarded message holds in another multipart', () => {
      const inner = rawDsn({ fields: TWO }).replace(
        'multipart/report; report-type=delivery-status;',
        'multipart/mixed;',
      );
      expect(brief(classify(parsed(forwarded(inner))))).toEqual(TWO_READ);
    });
  });

  describe('addresses that are not recipients', () => {
    it("takes none of the human-readable part's other addresses for a recipient", () => {
      const text = [
        'This is the mail system at host mx.example.org.',
        '',
        'For further assistance, please send mail to postmaster@example.org',
        'or write to helpdesk@example.org. The sender was news@shop.example.',
        '',
        '<gone@example.net>: host mx.example.net said: 550 5.1.1 User unknown',
        '<full@example.net>: host mx.example.net said: 552 5.2.2 Mailbox full',
      ].join('\n');
      expect(brief(sut({ fields: TWO, text }))).toEqual(TWO_READ);
    });
  });

  describe('many recipients', () => {
    const blocks = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `Final-Recipient: rfc822; user${i}@example.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550-5.1.1 <user${i}@example.net>: The email account that you tried to reach\n    does not exist. Please try double-checking the recipient's email address for\n    typos or unnecessary spaces. Learn more at https://support.example.net/nosuchuser`,
      ).join('\n\n');

    it('reads every one of 150 recipients, in order', () => {
      const c = sut({ fields: `${REPORTING}\n${blocks(150)}` });
      expect(c.recipients.map((r) => r.recipient)).toEqual(
        Array.from({ length: 150 }, (_, i) => `user${i}@example.net`),
      );
      expect(new Set(c.recipients.map((r) => r.reason))).toEqual(new Set(['userunknown']));
    });

    it('reads every recipient up to the documented cap, however long their blocks, and says when it stops', () => {
      const report = parsed(rawDsn({ fields: `${REPORTING}\n${blocks(MAX_REPORT_RECIPIENTS + 5)}` }));
      const c = classify(report);
      expect(c.recipients).toHaveLength(MAX_REPORT_RECIPIENTS);
      expect(c.recipients[MAX_REPORT_RECIPIENTS - 1]).toEqual(
        expect.objectContaining({
          recipient: `user${MAX_REPORT_RECIPIENTS - 1}@example.net`,
          status: '5.1.1',
          reply: '550',
        }),
      );
      expect(report.warnings).toEqual([
        `delivery-status: only its first ${MAX_REPORT_RECIPIENTS} recipients are read`,
      ]);
    });
  });
});
