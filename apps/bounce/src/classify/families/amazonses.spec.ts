import { textBounce } from '../test-messages';
import { amazonses as sut } from './amazonses';
import { reportOf, verdicts } from './spec-helpers';

// Amazon SES's emailed bounce notice (the JSON notifications are ses-notification.ts's)
const bounce = textBounce(
  [
    'An error occurred while trying to deliver the mail to the following recipients:',
    'reader@example.net',
    '',
  ].join('\n'),
  {
    From: 'MAILER-DAEMON@amazonses.com',
    'X-SES-Outgoing': '2026.11.28-54.240.0.1',
    Subject: 'Delivery Status Notification (Failure)',
  },
);

describe(sut.name, () => {
  it('lists the recipients the notice names', () => {
    const report = reportOf(bounce);
    expect(sut.matches(report)).toBe(true);
    expect(sut.recipients?.(report)).toEqual([expect.objectContaining({ address: 'reader@example.net' })]);
    expect(verdicts(bounce)).toEqual([expect.objectContaining({ recipient: 'reader@example.net' })]);
  });
});
