/**
 * Test factories: raw bounces, complaints and replies built the way real servers write them.
 * Used by the classify specs only.
 */

export const BOUNCE_DOMAIN = 'bounces.postroom.test';

/** A raw message from header fields and a body, with CRLF line ends. */
export function message(headers: Record<string, string>, body: string): Buffer {
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`, 'utf8');
}

export interface DsnRecipientSpec {
  readonly address: string;
  readonly status: string;
  readonly action?: string;
  readonly diagnostic?: string;
}

export interface DsnSpec {
  readonly recipients: readonly DsnRecipientSpec[];
  /** The human-readable part. */
  readonly text?: string;
  /** The bounce's To (the VERP return path). */
  readonly to?: string;
  /** Headers of the returned original. */
  readonly original?: Record<string, string>;
}

/** A Postfix-style RFC 3464 report: text, message/delivery-status, the returned headers. */
export function dsn(spec: DsnSpec): Buffer {
  const boundary = '7874F1FB8E.1403375716/mx.example.org';
  const blocks = spec.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.address}`,
      `Original-Recipient: rfc822;${r.address}`,
      `Action: ${r.action ?? 'failed'}`,
      `Status: ${r.status}`,
      'Remote-MTA: dns; mx.example.net',
      ...(r.diagnostic ? [`Diagnostic-Code: smtp; ${r.diagnostic}`] : []),
    ].join('\n'),
  );
  const original = spec.original ?? {
    From: 'Shop <news@shop.example>',
    To: spec.recipients[0]?.address ?? 'someone@example.net',
    Subject: 'Our news',
    'Message-ID': '<42.a1b2c3@bounces.postroom.test>',
    'X-Postroom-Delivery': '42',
    'X-Postroom-Campaign': '7',
  };
  const body = [
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    spec.text ?? 'This is the mail system at host mx.example.org.\n\nYour message could not be delivered.',
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    'Arrival-Date: Sat, 28 Nov 2026 09:00:00 +0000 (UTC)',
    '',
    blocks.join('\n\n'),
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    ...Object.entries(original).map(([k, v]) => `${k}: ${v}`),
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
  return message(
    {
      'Return-Path': '<>',
      From: 'MAILER-DAEMON@mx.example.org (Mail Delivery System)',
      To: spec.to ?? `bounces+42@${BOUNCE_DOMAIN}`,
      Subject: 'Undelivered Mail Returned to Sender',
      'Auto-Submitted': 'auto-replied',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
      'Message-Id': '<20261128090000.7874F1FB8E@mx.example.org>',
    },
    body,
  );
}

/** An RFC 5965 complaint with the original attached. */
export function arf(feedbackType: string, recipient: string | null): Buffer {
  const boundary = 'arf-boundary';
  const body = [
    `--${boundary}`,
    'Content-Type: text/plain; charset="US-ASCII"',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.1.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${feedbackType}`,
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    'Original-Mail-From: <bounces+42@bounces.postroom.test>',
    ...(recipient ? [`Original-Rcpt-To: <${recipient}>`] : []),
    'Source-IP: 192.0.2.1',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: Shop <news@shop.example>',
    `To: ${recipient ?? 'undisclosed-recipients:;'}`,
    'Subject: Our news',
    'Message-ID: <42.a1b2c3@bounces.postroom.test>',
    'X-Postroom-Delivery: 42',
    '',
    'Hello',
    `--${boundary}--`,
    '',
  ].join('\n');
  return message(
    {
      From: 'feedback@fbl.example.net',
      To: `fbl@${BOUNCE_DOMAIN}`,
      Subject: 'Abuse report',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    },
    body,
  );
}

/** A bounce that is only text (no RFC 3464 part), as many MTAs send, returned to our VERP address. */
export function textBounce(body: string, headers: Record<string, string> = {}): Buffer {
  return message(
    {
      From: 'Mail Delivery System <MAILER-DAEMON@mx.example.org>',
      To: `bounces+42@${BOUNCE_DOMAIN}`,
      Subject: 'Undelivered Mail Returned to Sender',
      'Message-Id': '<bounce.1@mx.example.org>',
      ...headers,
    },
    body,
  );
}
