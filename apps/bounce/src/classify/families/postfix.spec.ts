import { dsn, textBounce } from '../test-messages';
import { postfix as sut } from './postfix';
import { reportOf, verdicts } from './spec-helpers';

// the layout of Postfix's bounce(8) notice (bounce_notice_service, RFC 3464 part after it)
const notice = (paragraph: string, status: string, diagnostic: string) =>
  dsn({
    recipients: [{ address: 'gone@example.net', status, diagnostic }],
    text: [
      'This is the mail system at host mx.example.org.',
      '',
      "I'm sorry to have to inform you that your message could not",
      "be delivered to one or more recipients. It's attached below.",
      '',
      '                   The mail system',
      '',
      paragraph,
    ].join('\n'),
  });

describe(sut.name, () => {
  const rcpt = notice(
    '<gone@example.net>: host mx.example.net[192.0.2.1] said: 550 Sorry, no such\n    user here (in reply to RCPT TO command)',
    '5.0.0',
    '550 Sorry, no such user here',
  );
  const data = notice(
    '<gone@example.net>: host mx.example.net[192.0.2.1] said: 550 No such user\n    (in reply to end of DATA command)',
    '5.0.0',
    '550 No such user',
  );

  it('recognises the notice and lists the recipient with the command its reply answered', () => {
    expect(sut.matches(reportOf(rcpt))).toBe(true);
    expect(sut.recipients?.(reportOf(rcpt))).toEqual([
      expect.objectContaining({ address: 'gone@example.net', stage: 'rcpt' }),
    ]);
  });

  it('reads the same words at RCPT TO as a missing mailbox and after DATA as a filter', () => {
    expect(verdicts(rcpt)).toEqual([{ recipient: 'gone@example.net', reason: 'userunknown', hard: true }]);
    expect(verdicts(data)).toEqual([{ recipient: 'gone@example.net', reason: 'filtered', hard: false }]);
  });
});

// smtpd's notice to the postmaster (smtpd_chat.c) and older Postfix's introduction
describe(`${sut.name}: other notices`, () => {
  it('finds the recipient a reply refused in the SMTP server transcript', () => {
    const raw = textBounce(
      [
        'Transcript of session follows.',
        '',
        ' Out: 220 mx.example.org ESMTP Postfix',
        ' In:  MAIL FROM:<news@shop.example>',
        ' Out: 250 2.1.0 Ok',
        ' In:  RCPT TO:<reader@example.net>',
        ' Out: 550 5.1.1 <reader@example.net>: Recipient address rejected: User unknown in local recipient table',
        ' In:  QUIT',
        ' Out: 221 2.0.0 Bye',
      ].join('\n'),
      { Subject: 'Postfix SMTP server: errors from mx.example.net[192.0.2.1]' },
    );
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      {
        address: 'reader@example.net',
        diagnostic:
          '550 5.1.1 <reader@example.net>: Recipient address rejected: User unknown in local recipient table',
        stage: 'rcpt',
      },
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });

  it('recognises "This is the Postfix program at host …"', () => {
    const raw = textBounce(
      [
        'This is the Postfix program at host mx.example.org.',
        '',
        '<reader@example.net>: host mx.example.net[192.0.2.1] said: 550 Unknown user',
        '    (in reply to RCPT TO command)',
      ].join('\n'),
    );
    expect(sut.matches(reportOf(raw))).toBe(true);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'userunknown', hard: true }]);
  });
});
