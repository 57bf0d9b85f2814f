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
