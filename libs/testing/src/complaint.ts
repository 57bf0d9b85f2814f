/** An RFC 5965 (ARF) complaint about one of our emails, as a mailbox provider's feedback loop sends it. */
export function arfComplaint(spec: {
  /** Where the feedback loop mails it (our FBL address, or anything an attacker likes). */
  to: string;
  /** The reported message's Message-ID, with angle brackets. */
  messageId: string;
  /** Original-Rcpt-To; left out when the provider redacts it. */
  recipient?: string;
  /** Extra header lines of the reported message. */
  originalHeaders?: string[];
}): Buffer {
  const b = 'arf-test';
  const lines = [
    'From: feedback@fbl.example',
    `To: ${spec.to}`,
    'Subject: Abuse report',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    `--${b}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: FBL/1.0',
    'Version: 1',
    ...(spec.recipient ? [`Original-Rcpt-To: <${spec.recipient}>`] : []),
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${spec.messageId}`,
    ...(spec.recipient ? [`To: ${spec.recipient}`] : []),
    'Subject: Hello',
    ...(spec.originalHeaders ?? []),
    `--${b}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
