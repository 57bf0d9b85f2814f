import { textBounce } from '../test-messages';
import { qmail as sut } from './qmail';
import { reportOf, verdicts } from './spec-helpers';

// qmail-send's bounce (qmail-send.c) with qmail-remote's and qmail-local's explanations
const bounce = textBounce(
  [
    'Hi. This is the qmail-send program at mx.example.org.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    '<gone@example.net>:',
    '192.0.2.1 does not like recipient.',
    'Remote host said: 550 5.1.1 Sorry, no such user',
    'Giving up on 192.0.2.1.',
    '',
    '<old@example.org>:',
    "I'm not going to try again; this message has been in the queue too long.",
    '',
    '--- Below this line is a copy of the message.',
  ].join('\n'),
  { Subject: 'failure notice' },
);

describe(sut.name, () => {
  it('lists each recipient paragraph with the command qmail-remote names', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([
      expect.objectContaining({ address: 'gone@example.net', stage: 'rcpt' }),
      expect.objectContaining({ address: 'old@example.org', stage: null }),
    ]);
  });

  it('reads an unknown user and an expiry', () => {
    expect(verdicts(bounce)).toEqual([
      { recipient: 'gone@example.net', reason: 'userunknown', hard: true },
      { recipient: 'old@example.org', reason: 'expired', hard: false },
    ]);
  });
});
