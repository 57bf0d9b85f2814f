import { textBounce } from '../test-messages';
import { einsundeins as sut } from './einsundeins';
import { reportOf, verdicts } from './spec-helpers';

const bounce = (lines: string[]) =>
  textBounce(
    [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of',
      'its recipients. This is a permanent error. The following address(es)',
      'failed:',
      '',
      ...lines,
      '',
      '--- The header of the original message is following. ---',
      '',
      'From: news@shop.example',
      'To: other@example.org',
    ].join('\n'),
    {
      From: '"Mail Delivery System" <mailer-daemon@kundenserver.de>',
      Subject: 'Mail delivery failed: returning message to sender',
    },
  );

describe(sut.name, () => {
  it('finds the unindented address and reads its size check', () => {
    const raw = bounce([
      'reader@example.net',
      '',
      'For the following reason:',
      '',
      'Mail size limit exceeded. For explanation visit',
      'http://postmaster.1and1.com/en/error-messages?ip=%1s',
    ]);
    const report = reportOf(raw);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(raw)).toEqual([
      { recipient: 'reader@example.net', reason: 'emailtoolarge', hard: false },
    ]);
  });

  it('reads a refusal of the TEXT command as one after DATA', () => {
    const raw = bounce([
      'reader@example.net:',
      'SMTP error from remote server for TEXT command, host: mx.example.net (192.0.2.65) reason: 550 Unknown user',
    ]);
    expect(sut.recipients?.(reportOf(raw))).toEqual([
      expect.objectContaining({ address: 'reader@example.net', stage: 'data' }),
    ]);
    expect(verdicts(raw)).toEqual([{ recipient: 'reader@example.net', reason: 'filtered', hard: false }]);
  });
});
