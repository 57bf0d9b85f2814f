import { classify, classifySmtpReply, type Classification } from './classify';
import { parseReport } from './parse-report';
import { arf, BOUNCE_DOMAIN, dsn, message } from './test-messages';

function sut(raw: Buffer, envelopeTo?: string): Classification {
  const parsed = parseReport(raw);
  if (parsed.kind !== 'report') throw new Error(`refused: ${parsed.reason}`);
  return classify(parsed, { envelopeTo });
}

function dsnWith(diagnostic: string, status = '5.0.0', action = 'failed'): Classification {
  return sut(dsn({ recipients: [{ address: 'reader@example.net', status, action, diagnostic }] }));
}

describe(classify.name, () => {
  it("reads each of several DSN recipients by its own Diagnostic-Code, not by the text's words about another", () => {
    const result = sut(
      dsn({
        recipients: [
          { address: 'reader@example.net', status: '5.0.0', diagnostic: '554 Message refused' },
          { address: 'other@nosuch.example', status: '5.1.2', diagnostic: 'Host unknown' },
        ],
        text: 'other@nosuch.example: Host or domain name not found. Host not found',
      }),
    );
    expect(result.recipients.map((r) => [r.recipient, r.reason])).toEqual([
      ['reader@example.net', 'onhold'],
      ['other@nosuch.example', 'hostunknown'],
    ]);
  });

  it('puts on hold what the server said in words no rule knows, and leaves undefined a report that says nothing', () => {
    const said = sut(
      dsn({
        recipients: [{ address: 'reader@example.net', status: '5.0.0', diagnostic: '550 Zq-17' }],
        text: 'Failed.',
      }),
    );
    const silent = sut(
      dsn({ recipients: [{ address: 'reader@example.net', status: '5.0.0' }], text: 'Failed.' }),
    );
    expect(said.recipients.map((r) => r.reason)).toEqual(['onhold']);
    expect(silent.recipients.map((r) => r.reason)).toEqual(['undefined']);
    const told = sut(
      dsn({
        recipients: [{ address: 'reader@example.net', status: '5.0.0' }],
        text: 'reader@example.net: Zq-17 at the far end',
      }),
    );
    expect(told.recipients.map((r) => r.reason)).toEqual(['onhold']);
  });

  it("reads a missing user at RCPT TO as such when only the reporting MTA's Status says x.7", () => {
    const refusal = (diagnostic: string) =>
      sut(
        dsn({
          recipients: [{ address: 'reader@example.net', status: '5.7.1', diagnostic }],
          text: ['>>> RCPT TO:<reader@example.net>', `<<< ${diagnostic}`].join('\n'),
        }),
      ).recipients[0]?.reason;
    expect(refusal('553 Invalid recipient reader@example.net')).toBe('userunknown');
    // the server's own x.7 is a policy refusal in a missing user's words
    expect(refusal('550 5.7.1 Invalid recipient reader@example.net')).toBe('filtered');
  });

  describe('an RFC 3464 bounce', () => {
    const result = sut(
      dsn({
        recipients: [
          {
            address: 'gone@example.net',
            status: '5.1.1',
            diagnostic: '550 5.1.1 <gone@example.net>: User unknown',
          },
          {
            address: 'late@example.net',
            status: '4.4.1',
            action: 'delayed',
            diagnostic: 'connect to mx: No route to host',
          },
          { address: 'fine@example.net', status: '2.0.0', action: 'delivered' },
        ],
      }),
    );

    it('lists the failed and delayed recipients in order, with codes, reason and hard/soft', () => {
      expect(result.isBounce).toBe(true);
      expect(result.kind).toBe('bounce');
      expect(result.recipients).toEqual([
        {
          recipient: 'gone@example.net',
          status: '5.1.1',
          reply: '550',
          diagnostic: '550 5.1.1 <gone@example.net>: User unknown',
          reason: 'userunknown',
          hard: true,
        },
        expect.objectContaining({
          recipient: 'late@example.net',
          status: '4.4.1',
          reason: 'networkerror',
          hard: false,
        }),
      ]);
    });

    it('names what ties it to the delivery', () => {
      expect(result.match).toEqual({
        verpToken: '42',
        messageId: '<42.a1b2c3@bounces.postroom.test>',
        deliveryId: '42',
      });
    });

    it('takes the VERP token from the envelope recipient first', () => {
      const raw = dsn({
        recipients: [{ address: 'gone@example.net', status: '5.1.1' }],
        to: 'someone@example.org',
      });
      expect(sut(raw, `bounces+77@${BOUNCE_DOMAIN}`).match.verpToken).toBe('77');
      expect(sut(raw).match.verpToken).toBeUndefined();
    });

    describe('with no Diagnostic-Code, the text about the recipient', () => {
      it("keeps the remote reply from the lines that name it, with what the recipient's block adds", () => {
        const text = [
          '   ----- The following addresses had permanent fatal errors -----',
          'slow@example.net',
          '    (reason: )',
          '',
          '   ----- Transcript of session follows -----',
          '... while talking to mx.example.net.:',
          'slow@example.net... Deferred: 421 4.7.0 Messages temporarily deferred due to unexpected volume',
          'Message could not be delivered for 5 days',
          'Message will be deleted from queue',
        ].join('\n');
        const [r] = sut(
          dsn({ recipients: [{ address: 'slow@example.net', status: '4.7.0', action: 'delayed' }], text }),
        ).recipients;
        expect(r.reply).toBe('421');
        expect(r.diagnostic).toMatch(/Deferred: 421 4\.7\.0 Messages temporarily deferred/);
        expect(r.diagnostic.match(/Message could not be delivered/g)).toHaveLength(1);
      });

      it("leaves out the separator after the address and the layout's footer", () => {
        const text = [
          '    An error has occurred while attempting to deliver a message for',
          '    the following list of recipients:',
          '',
          'late@example.net: Envelope expired',
          '',
          '    Please note that this is only a temporary failure report.',
          '    You DO NOT NEED to re-send the message to these recipients.',
        ].join('\n');
        const [r] = sut(
          dsn({ recipients: [{ address: 'late@example.net', status: '4.4.7', action: 'delayed' }], text }),
        ).recipients;
        expect(r.diagnostic).toMatch(/Envelope expired$/);
        expect(r.diagnostic).not.toMatch(/^[:;]|Please note|re-send/);
      });
    });
  });

  it('reports a success notice as delivered, not as a bounce', () => {
    const result = sut(
      dsn({ recipients: [{ address: 'fine@example.net', status: '2.0.0', action: 'delivered' }] }),
    );
    expect(result).toEqual(
      expect.objectContaining({
        isBounce: false,
        kind: 'delivered',
        recipients: [
          expect.objectContaining({ recipient: 'fine@example.net', reason: 'delivered', hard: false }),
        ],
      }),
    );
  });

  describe('a bounce without an RFC 3464 report', () => {
    it('reads a qmail notice', () => {
      const raw = message(
        {
          From: 'MAILER-DAEMON@mx.example.org',
          To: `bounces+42@${BOUNCE_DOMAIN}`,
          Subject: 'failure notice',
        },
        [
          'Hi. This is the qmail-send program at mx.example.org.',
          "I'm afraid I wasn't able to deliver your message to the following addresses.",
          "This is a permanent error; I've given up. Sorry it didn't work out.",
          '',
          '<full@example.net>:',
          '192.0.2.135 does not like recipient.',
          'Remote host said: 552 5.2.2 <full@example.net>... Mailbox Full',
          'Giving up on 192.0.2.135.',
          '',
          '<gone@example.net>:',
          '192.0.2.135 does not like recipient.',
          'Remote host said: 550 5.1.1 <gone@example.net>... User Unknown',
          '',
          '--- Below this line is a copy of the message.',
          '',
          'Message-ID: <42.a1b2c3@bounces.postroom.test>',
          'X-Postroom-Delivery: 42',
          'To: full@example.net',
        ].join('\n'),
      );
      const result = sut(raw);
      expect(result.recipients.map((r) => [r.recipient, r.status, r.reply, r.reason, r.hard])).toEqual([
        ['full@example.net', '5.2.2', '552', 'mailboxfull', false],
        ['gone@example.net', '5.1.1', '550', 'userunknown', true],
      ]);
      expect(result.match).toEqual({
        verpToken: '42',
        messageId: '<42.a1b2c3@bounces.postroom.test>',
        deliveryId: '42',
      });
    });

    it('reads an Exim notice and its X-Failed-Recipients', () => {
      const raw = message(
        {
          From: 'Mail Delivery System <Mailer-Daemon@mx.example.org>',
          To: `bounces+42@${BOUNCE_DOMAIN}`,
          Subject: 'Mail delivery failed: returning message to sender',
          'X-Failed-Recipients': 'gone@example.net',
        },
        [
          'This message was created automatically by mail delivery software.',
          '',
          'A message that you sent could not be delivered to one or more of its',
          'recipients. This is a permanent error. The following address(es) failed:',
          '',
          '  gone@example.net',
          '    host mx.example.net [192.0.2.1]',
          '    SMTP error from remote mail server after RCPT TO:<gone@example.net>:',
          '    550 No Such User Here',
        ].join('\n'),
      );
      expect(sut(raw).recipients).toEqual([
        expect.objectContaining({
          recipient: 'gone@example.net',
          reply: '550',
          reason: 'userunknown',
          hard: true,
        }),
      ]);
    });
  });

  describe('reading the reason', () => {
    it.each([
      [
        'Gmail',
        '550-5.1.1 The email account that you tried to reach does not exist.',
        '5.1.1',
        'userunknown',
      ],
      [
        'Office 365',
        '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
        '5.1.10',
        'userunknown',
      ],
      [
        'Postfix',
        '550 5.1.1 <a@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
        '5.1.1',
        'userunknown',
      ],
      [
        'Yahoo',
        "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]",
        '5.0.0',
        'filtered',
      ],
      ['Gmail', '552-5.2.2 The email account that you tried to reach is over quota.', '5.2.2', 'mailboxfull'],
      ['Gmail', '550-5.2.1 The email account that you tried to reach is disabled.', '5.2.1', 'suspend'],
      [
        'Postfix',
        'Host or domain name not found. Name service error for name=example.cat type=A: Host not found',
        '5.4.4',
        'hostunknown',
      ],
      ['Outlook', '550 5.7.606 Access denied, banned sending IP [192.0.2.1].', '5.7.606', 'blocked'],
      [
        'Spamhaus user',
        '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
        '5.7.1',
        'blocked',
      ],
      [
        'Gmail',
        "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy.",
        '5.7.26',
        'authfailure',
      ],
      [
        'Gmail',
        '550-5.7.25 The IP address sending this message does not have a PTR record setup.',
        '5.7.25',
        'requireptr',
      ],
      [
        'Gmail',
        '550-5.7.1 Our system has detected that this message is likely unsolicited mail.',
        '5.7.1',
        'spamdetected',
      ],
      ['Yahoo', '554 5.7.9 Message not accepted for policy reasons.', '5.7.9', 'policyviolation'],
      ['Postfix', '552 5.3.4 Message size exceeds fixed limit', '5.3.4', 'emailtoolarge'],
      ['Postfix', '554 5.7.1 <a@example.net>: Relay access denied', '5.7.1', 'norelaying'],
      ['Exchange', '554 4.4.7 Message expired: unable to deliver in 840 minutes.', '4.4.7', 'expired'],
      [
        'Gmail',
        '452-4.2.2 The email account that you tried to reach is receiving mail at a rate that prevents additional messages from being delivered.',
        '4.2.2',
        'ratelimited',
      ],
      ['ClamAV', '550 5.7.0 Virus found: Eicar-Test-Signature', '5.7.0', 'virusdetected'],
      ['RFC 7505', '556 5.1.10 Recipient address has null MX', '5.1.10', 'notaccept'],
    ])('reads a %s reply: %s', (_, diagnostic, status, reason) => {
      expect(dsnWith(diagnostic, status).recipients[0].reason).toBe(reason);
    });

    it('takes "user unknown" after DATA for a filter, not for a missing mailbox', () => {
      const text = '<a@example.net>: host mx said: 550 User unknown (in reply to end of DATA command)';
      const result = sut(
        dsn({
          recipients: [{ address: 'a@example.net', status: '5.0.0', diagnostic: '550 User unknown' }],
          text,
        }),
      );
      expect(result.recipients[0]).toEqual(expect.objectContaining({ reason: 'filtered', hard: false }));
    });

    it('takes "user unknown" in answer to RCPT TO for a missing mailbox', () => {
      const text = '<a@example.net>: host mx said: 550 User unknown (in reply to RCPT TO command)';
      const result = sut(
        dsn({
          recipients: [{ address: 'a@example.net', status: '5.0.0', diagnostic: '550 User unknown' }],
          text,
        }),
      );
      expect(result.recipients[0]).toEqual(expect.objectContaining({ reason: 'userunknown', hard: true }));
    });

    it('takes a refusal of MAIL FROM for a refused sender', () => {
      const text =
        "<a@example.net>: host mx said: 553 sorry, that domain isn't allowed (in reply to MAIL FROM command)";
      expect(
        sut(dsn({ recipients: [{ address: 'a@example.net', status: '5.0.0' }], text })).recipients[0].reason,
      ).toBe('rejected');
    });

    it('takes a missing domain with a temporary code for a network error', () => {
      expect(
        dsnWith('DNS Error: DNS type mx lookup of example.jp responded with code NXDOMAIN', '4.0.0')
          .recipients[0],
      ).toEqual(expect.objectContaining({ reason: 'networkerror', hard: false }));
    });

    it('keeps notaccept soft when the code is temporary', () => {
      expect(dsnWith('No MX record found for domain example.jp', '4.0.0').recipients[0]).toEqual(
        expect.objectContaining({ reason: 'notaccept', hard: false }),
      );
      expect(dsnWith('No MX record found for domain example.jp', '5.1.10').recipients[0].hard).toBe(true);
    });

    it('stores the diagnostic as one line of plain text, without markup', () => {
      const result = dsnWith(
        '550 5.1.1 <b>User unknown</b><script>fetch("//evil.example")</script><img src=x onerror=alert(1)>',
      );
      expect(result.recipients[0].diagnostic).toBe('550 5.1.1 User unknown');
    });
  });

  describe('a complaint', () => {
    it('reads an ARF report', () => {
      const result = sut(arf('abuse', 'reader@example.net'));
      expect(result).toEqual({
        isBounce: true,
        kind: 'complaint',
        recipients: [
          expect.objectContaining({
            recipient: 'reader@example.net',
            reason: 'feedback',
            hard: false,
            feedbackType: 'abuse',
          }),
        ],
        match: { messageId: '<42.a1b2c3@bounces.postroom.test>', deliveryId: '42' },
      });
    });

    it('leaves the recipient empty when the report does not name one', () => {
      const result = sut(arf('opt-out', null));
      expect(result.recipients).toEqual([
        expect.objectContaining({ recipient: '', feedbackType: 'opt-out' }),
      ]);
      expect(result.match.deliveryId).toBe('42');
    });
  });

  it('reads an Amazon SES bounce notification', () => {
    const notification = {
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          {
            emailAddress: 'gone@example.net',
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          },
        ],
      },
      mail: {
        messageId: 'x',
        headers: [{ name: 'X-Postroom-Delivery', value: '42' }],
        commonHeaders: { messageId: '<42.a@b>' },
      },
    };
    const result = sut(
      message(
        { From: 'no-reply@sns.amazonaws.com', Subject: 'AWS Notification Message' },
        JSON.stringify(notification),
      ),
    );
    expect(result).toEqual({
      isBounce: true,
      kind: 'bounce',
      recipients: [
        expect.objectContaining({
          recipient: 'gone@example.net',
          status: '5.1.1',
          reply: '550',
          reason: 'userunknown',
        }),
      ],
      match: { messageId: '<42.a@b>', deliveryId: '42' },
    });
  });

  describe('a message that is not a bounce', () => {
    it('gives an ordinary reply no recipients', () => {
      const raw = message(
        {
          From: 'Reader <reader@example.net>',
          To: 'news@shop.example',
          Subject: 'Re: Our news',
          'In-Reply-To': '<42.a1b2c3@bounces.postroom.test>',
        },
        'Thanks! Could you tell me more about the offer?\n\n> Our news\n> unknown user? no.',
      );
      expect(sut(raw)).toEqual({ isBounce: false, kind: 'not-a-bounce', recipients: [], match: {} });
    });

    it('gives an email with another one attached no recipients', () => {
      const raw = message(
        {
          From: 'reader@example.net',
          To: 'news@shop.example',
          Subject: 'see attached',
          'Content-Type': 'multipart/mixed; boundary=b',
        },
        '--b\nContent-Type: text/plain\n\nhave a look\n--b\nContent-Type: message/rfc822\n\nFrom: x@example.org\nTo: y@example.org\nSubject: hi\n\nhello\n--b--',
      );
      expect(sut(raw)).toEqual(
        expect.objectContaining({ isBounce: false, kind: 'not-a-bounce', recipients: [] }),
      );
    });

    it('reads an out-of-office reply as an auto-reply that fails no one', () => {
      const raw = message(
        {
          From: 'Reader <reader@example.net>',
          To: 'news@shop.example',
          Subject: 'Automatic reply: Our news',
          'Auto-Submitted': 'auto-replied',
        },
        "I'm out of the office until Monday.",
      );
      expect(sut(raw)).toEqual({
        isBounce: false,
        kind: 'auto-reply',
        recipients: [
          expect.objectContaining({ recipient: 'reader@example.net', reason: 'vacation', hard: false }),
        ],
        match: {},
      });
    });

    it('reads an auto-reply saying the inbox is gone as a bounce', () => {
      const raw = message(
        {
          From: 'noreply@example.net',
          To: 'news@shop.example',
          Subject: 'AutoResponse: Our news',
          'Auto-Submitted': 'auto-replied',
        },
        'This email inbox reader@example.net is no longer in use.',
      );
      expect(sut(raw)).toEqual(
        expect.objectContaining({
          isBounce: true,
          kind: 'bounce',
          recipients: [expect.objectContaining({ recipient: 'reader@example.net', reason: 'suspend' })],
        }),
      );
    });
  });

  it('names no delivery for a forged bounce that carries nothing of ours', () => {
    const raw = message(
      {
        From: 'MAILER-DAEMON@evil.example',
        To: 'news@shop.example',
        Subject: 'Undelivered Mail Returned to Sender',
      },
      '<victim@example.net>: host mx said: 550 5.1.1 User unknown (in reply to RCPT TO command)',
    );
    const result = sut(raw);
    expect(result.isBounce).toBe(true);
    expect(result.match).toEqual({});
  });
});

describe(classifySmtpReply.name, () => {
  it.each([
    ['550 5.1.1 <a@example.net>: Recipient address rejected: User unknown', 'rcpt', 'userunknown', true],
    ['550 No such user here', 'rcpt', 'userunknown', true],
    ['550 No such user here', 'data', 'filtered', false],
    ['552 5.2.2 Mailbox full', 'rcpt', 'mailboxfull', false],
    [
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      'rcpt',
      'blocked',
      false,
    ],
    ['553 5.1.8 Domain of sender address does not exist', 'mail', 'rejected', false],
    ['421 4.7.0 Try again later, closing connection.', 'connect', 'blocked', false],
    [
      'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again',
      null,
      'networkerror',
      false,
    ],
    [
      '550-5.7.1 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.',
      'data',
      'authfailure',
      false,
    ],
    [
      '554 resimta-h1p-028483.sys.comcast.net comcast 192.0.2.4 found on one or more DNSBLs',
      'connect',
      'blocked',
      false,
    ],
    [
      "550 5.7.1 Unfortunately, messages from [192.0.2.4] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
      'mail',
      'blocked',
      false,
    ],
    [
      '554 30 Sorry, your message to x@yahoo.com cannot be delivered. This mailbox is disabled (554.30).',
      'rcpt',
      'suspend',
      false,
    ],
    // RFC 5321's own text for 550: answering RCPT TO, the mailbox is not there
    ['550 Requested action not taken: mailbox unavailable', 'rcpt', 'userunknown', true],
    ['550 Requested action not taken: mailbox unavailable', 'data', 'filtered', false],
    // a policy code (x.7.x) says the refusal was not about the address, and no more: on hold
    ['550 5.7.1 Message refused', 'rcpt', 'onhold', false],
  ] as const)('reads "%s" answered to %s as %s (hard %s)', (text, command, reason, hard) => {
    expect(classifySmtpReply(text, command)).toEqual(expect.objectContaining({ reason, hard }));
  });

  it('returns the codes and a plain diagnostic', () => {
    expect(classifySmtpReply('550 5.1.1 <b>gone</b>', 'rcpt')).toEqual({
      status: '5.1.1',
      reply: '550',
      diagnostic: '550 5.1.1 gone',
      reason: 'userunknown',
      hard: true,
    });
  });
});
