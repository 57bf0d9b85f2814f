import { textBounce } from '../test-messages';
import { reportOf, verdicts } from './spec-helpers';
import { x6 as sut } from './x6';

const notice = (errors: string[]) =>
  textBounce(
    [
      'We had trouble delivering your message. Full details follow:',
      '',
      "Subject: 'Your mailbox is full of deals'",
      "Date: 'Thu, 29 Apr 2026 23:34:45 +0000'",
      '',
      `${errors.length} error(s):`,
      '',
      ...errors,
      '',
      'The attachment contains the original mail headers.',
    ].join('\n'),
    { From: 'postmaster@mx.example.org', Subject: 'There was an error sending your mail' },
  );

describe(sut.name, () => {
  it('gives each refused recipient its own reply and the command it names', () => {
    const raw = notice([
      'SMTP Server <mx.example.net> rejected recipient <reader@example.net>',
      '  (Error following RCPT command). It responded as follows: [550 User unknown]',
      'SMTP Server <mx.example.net> rejected recipient <other@example.net>',
      '  (Error following RCPT command). It responded as follows: [552 Mailbox full]',
    ]);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report).map((r) => [r.address, r.stage])).toEqual([
      ['reader@example.net', 'rcpt'],
      ['other@example.net', 'rcpt'],
    ]);
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'userunknown', hard: true },
      { recipient: 'other@example.net', reason: 'mailboxfull', hard: false },
    ]);
  });

  it('lists the recipients of "returned permanent errors"', () => {
    const report = reportOf(
      notice(['The following recipients returned permanent errors: reader@example.net, other@example.net.']),
    );
    expect(sut.recipients?.(report).map((r) => r.address)).toEqual([
      'reader@example.net',
      'other@example.net',
    ]);
  });

  it('takes a notice of "returned permanent errors" alone, from a sender that is not a daemon, as a bounce', () => {
    const raw = textBounce(
      [
        'We had trouble delivering your message. Full details follow:',
        '',
        '1 error(s):',
        '',
        'The following recipients returned permanent errors: reader@example.net.',
      ].join('\n'),
      { From: 'mail@mx.example.org', Subject: 'Your message' },
    );
    expect(verdicts(raw).map((v) => v.recipient)).toEqual(['reader@example.net']);
  });
});
