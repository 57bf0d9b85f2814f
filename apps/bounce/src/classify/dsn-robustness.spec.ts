import { classify, type Classification } from './classify';
import { parseReport, type Report } from './parse-report';

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
});
