import { textBounce } from '../test-messages';
import { exchange as sut } from './exchange';
import { reportOf, verdicts } from './spec-helpers';

describe(sut.name, () => {
  // Microsoft 365 / Exchange 2013+ NDR, plain-text rendering
  const modern = textBounce(
    [
      "Your message to reader@example.net couldn't be delivered.",
      '',
      "reader wasn't found at example.net.",
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: mx.example.org',
      '',
      'reader@example.net',
      "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
      '',
      'Original message headers:',
    ].join('\n'),
    { Subject: 'Undeliverable: Our news', 'X-MS-Exchange-Message-Is-Ndr': '' },
  );
  // Exchange 2003 NDR
  const legacy = textBounce(
    [
      'Your message did not reach some or all of the intended recipients.',
      '',
      'The following recipient(s) could not be reached:',
      '',
      '      reader@example.net on 28/11/2026 09:00',
      '            The e-mail account does not exist at the organization this message was sent to.',
      '            <mx.example.org #5.1.1>',
    ].join('\n'),
    { Subject: 'Undeliverable: Our news' },
  );

  it.each([
    ['Microsoft 365', modern],
    ['Exchange 2003', legacy],
  ])('finds the recipient of a %s NDR and reads an unknown user', (_, raw) => {
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});

// the layouts and texts Microsoft documents for Exchange 5.5-2003 (KB 251152, 246881, 284204) and
// the SMTP service's own DSN; each explanation is Exchange's verdict on the address
describe(`${sut.name}: Exchange 5.5-2003 texts`, () => {
  const legacy = (explanation: string, code: string) =>
    textBounce(
      [
        'Your message did not reach some or all of the intended recipients.',
        '',
        '      Subject:  Our news',
        '      Sent: 7/11/2026 9:20 AM',
        '',
        'The following recipient(s) could not be reached:',
        '',
        '      reader@example.net on 7/11/2026 9:20 AM',
        `            ${explanation}`,
        `            <mx.example.org #${code}>`,
      ].join('\n'),
      { Subject: 'Undeliverable: Our news' },
    );

  it.each([
    [
      'Could not deliver the message in the time limit specified. Please retry or contact your administrator.',
      '4.4.7',
      'expired',
      false,
    ],
    [
      'The destination server for this recipient could not be found in Domain Name Service (DNS). Please verify the email address and retry.',
      '5.4.0',
      'hostunknown',
      true,
    ],
    [
      "The recipient's mailbox is full and can't accept messages now. Please try resending this message later.",
      '5.2.2',
      'mailboxfull',
      false,
    ],
    [
      'A configuration error in the e-mail system caused the message to bounce between two servers or to be forwarded between two recipients.',
      '5.4.6',
      'networkerror',
      false,
    ],
    [
      'The e-mail account does not exist at the organization this message was sent to.',
      '5.1.1',
      'userunknown',
      true,
    ],
    [
      'You do not have permission to send to this recipient. For assistance, contact your system administrator.',
      '5.7.1',
      'securityerror',
      false,
    ],
    [
      "The message could not be delivered because the recipient's destination e-mail system is unknown or invalid. Check the address and try again.",
      '5.4.0',
      'hostunknown',
      true,
    ],
    [
      'Either there are no alternate hosts, or delivery failed to all alternate hosts.',
      '5.4.0',
      'networkerror',
      false,
    ],
  ] as const)('reads "%s" (#%s) as %s', (explanation, code, reason, hard) => {
    expect(verdicts(legacy(explanation, code))).toEqual([{ recipient: 'reader@example.net', reason, hard }]);
  });

  it('reads the Internet Mail Service layout ("did not reach the following recipient(s)", MSEXCH:IMS)', () => {
    const raw = textBounce(
      [
        'Your message',
        '',
        '  To:      reader@example.net',
        '  Subject: Our news',
        '  Sent:    Mon, 17 Jan 2000 16:48:45 -0500',
        '',
        'did not reach the following recipient(s):',
        '',
        'reader@example.net on Mon, 17 Jan 2000 16:49:22 -0500',
        '    The recipient name is not recognized',
        '    The MTS-ID of the original message is: c=US;a= ;p=Example',
        '    MSEXCH:IMS:Example:Site:SERVER1 0 (000C05A6) Unknown Recipient',
      ].join('\n'),
      { From: 'System Administrator <postmaster@example.org>', Subject: 'Undeliverable: Our news' },
    );
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('finds the recipients of the SMTP service DSN ("Delivery to the following recipients failed.")', () => {
    const raw = textBounce(
      [
        'This is an automatically generated Delivery Status Notification.',
        '',
        'Delivery to the following recipients failed.',
        '',
        '       reader@example.net',
        '       other@example.net',
      ].join('\n'),
      { From: 'postmaster@mx.example.org', Subject: 'Delivery Status Notification (Failure)' },
    );
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)?.map((r) => r.address)).toEqual([
      'reader@example.net',
      'other@example.net',
    ]);
  });

  it('reads Exchange 2007\'s "RESOLVER.ADR.ExRecipNotFound" as an unknown user', () => {
    const raw = textBounce(
      [
        'Delivery has failed to these recipients or groups:',
        '',
        'reader@example.net',
        "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message.",
        '',
        'Diagnostic information for administrators:',
        '',
        'Generating server: mx.example.org',
        '',
        'reader@example.net',
        '#550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found ##',
        '',
        'Original message headers:',
      ].join('\n'),
      { Subject: 'Undeliverable: Our news' },
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});

// Exchange's own fixed codes (exchange-codes.ts): the 2007+ NDR codes and the 5.5-2003 MSEXCH ones
describe(`${sut.name}: its fixed codes`, () => {
  const modern = (line: string, heading = 'Diagnostic information for administrators:') =>
    textBounce(
      [
        'Delivery has failed to these recipients or groups:',
        '',
        'reader@example.net',
        '',
        heading,
        '',
        'Generating server: mx.example.org',
        '',
        'reader@example.net',
        line,
        '',
        'Original message headers:',
      ].join('\n'),
      { Subject: 'Undeliverable: Our news' },
    );

  it.each([
    [
      '#554 5.4.4 SMTPSEND.DNS.MxLoopback; DNS records for the destination domain are configured in a loop ##',
      'networkerror',
    ],
    ['#554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain ##', 'hostunknown'],
    ['#550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ##', 'rejected'],
    ['#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##', 'emailtoolarge'],
    [
      "Remote Server at mx.example.net (192.0.2.1) returned '550 4.4.7 QUEUE.Expired; message expired'",
      'expired',
    ],
  ])('%s → %s', (line, reason) => {
    expect(verdicts(modern(line))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });

  it.each([
    'Informations de diagnostic pour les administrateurs :',
    'Informazioni di diagnostica per gli amministratori:',
    'Diagnostisk information för administratörer:',
  ])('reads the localised heading "%s"', (heading) => {
    const report = reportOf(modern('#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', heading));
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
  });

  it('finds the recipient of the summary rendering ("Original Message Details")', () => {
    const raw = textBounce(
      [
        'Error Details',
        'Reported error: 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
        'DSN generated by: mx.example.org',
        '',
        'Original Message Details',
        'Created Date:   4/29/2026 11:23:34 PM',
        'Sender Address: news@shop.example',
        'Recipient Address:      reader@example.net',
        'Subject:        Our news',
      ].join('\n'),
      { Subject: 'Undeliverable: Our news' },
    );
    expect(sut.matches(reportOf(raw))).toBe(true);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  const ims = (recipientLine: string, code: string) =>
    textBounce(
      [
        'Your message',
        '',
        '  To:      reader@example.net',
        '  Subject: Our news',
        '  Sent:    Thu, 29 Apr 2026 18:14:35 +0000',
        '',
        'did not reach the following recipient(s):',
        '',
        recipientLine,
        '    The recipient could not be processed',
        `    MSEXCH:IMS:Example:Mail:EXCHANGE 0 ${code}`,
      ].join('\n'),
      { Subject: 'Undeliverable: Our news' },
    );

  it.each([
    ['(000C0595) Ambiguous Recipient', 'filtered'],
    ['(00050311) Conversion to Internet format failed', 'contenterror'],
    ['(000C05A6) Unknown Recipient', 'userunknown'],
  ])('reads the MSEXCH code %s → %s', (code, reason) => {
    expect(verdicts(ims('reader@example.net on Thu, 29 Apr 2026 18:14:35 +0000', code))).toEqual([
      expect.objectContaining({ recipient: 'reader@example.net', reason }),
    ]);
  });

  it('finds an X.400-addressed recipient ("c=US;…;dda:SMTP=a@b; on <date>")', () => {
    const raw = ims(
      'c=US;a= ;p=Example;o=Mail;dda:SMTP=reader@example.net; on Thu, 29 Apr 2026',
      '(000C05A6) Unknown Recipient',
    );
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});

describe(`${sut.name}: a header alone`, () => {
  it("does not take another MTA's explanation, relayed out through Exchange Online, as Exchange's own verdict", () => {
    const relayed = textBounce(
      [
        'This is the mail system at host mx.example.org.',
        '',
        '<reader@example.net>: unknown user: "reader"',
      ].join('\n'),
      { 'X-MS-Exchange-Organization-SCL': '-1', Subject: 'Undelivered Mail Returned to Sender' },
    );
    const report = reportOf(relayed);
    expect(sut.matches(report)).toBe(true);
    expect(
      sut.refine?.(report, {
        address: 'reader@example.net',
        diagnostic: 'unknown user: "reader"',
        stage: null,
      }),
    ).toBeNull();
  });
});
