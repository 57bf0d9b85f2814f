import { classifySmtpError } from './smtp.transport';

type SmtpError = Parameters<typeof classifySmtpError>[0];

/** An error shaped like the ones nodemailer rejects sendMail with. */
function smtpError(fields: Partial<SmtpError> & { message?: string } = {}): SmtpError {
  const { message = 'Connection closed unexpectedly', ...rest } = fields;
  return Object.assign(new Error(message), rest);
}

describe('classifySmtpError', () => {
  it('calls a 550 reply refused, with the code and the server reply', () => {
    const err = smtpError({
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 5.1.1 <ada@example.com>: Recipient address rejected',
      command: 'RCPT TO',
      message: "Can't send mail - all recipients were rejected",
    });

    expect(classifySmtpError(err, false)).toEqual({
      kind: 'refused',
      code: 550,
      reply: '550 5.1.1 <ada@example.com>: Recipient address rejected',
      bodySent: false,
    });
  });

  it('calls a 421 reply refused, so the caller can retry it', () => {
    const err = smtpError({ code: 'EMESSAGE', responseCode: 421, response: '421 4.7.0 Try again later' });

    expect(classifySmtpError(err, false)).toEqual({
      kind: 'refused',
      code: 421,
      reply: '421 4.7.0 Try again later',
      bodySent: false,
    });
  });

  it('calls a refusal after the body left refused, not unknown: the server did answer', () => {
    const err = smtpError({
      code: 'EMESSAGE',
      responseCode: 554,
      response: '554 5.7.1 Spam',
      command: 'DATA',
    });

    expect(classifySmtpError(err, true)).toEqual({
      kind: 'refused',
      code: 554,
      reply: '554 5.7.1 Spam',
      bodySent: true,
    });
  });

  it('falls back to the error message when the refusal carries no reply text', () => {
    const err = smtpError({ responseCode: 552, message: 'Message size exceeds fixed limit' });

    expect(classifySmtpError(err, false)).toEqual({
      kind: 'refused',
      code: 552,
      reply: 'Message size exceeds fixed limit',
      bodySent: false,
    });
  });

  it('calls a lost connection before the body left not-sent', () => {
    const err = smtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' });

    expect(classifySmtpError(err, false)).toEqual({
      kind: 'not-sent',
      reason: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25',
    });
  });

  it('calls a lost connection after the body left unknown, never not-sent', () => {
    const err = smtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' });

    expect(classifySmtpError(err, true)).toEqual({
      kind: 'unknown',
      reason: 'ECONNECTION: Connection closed unexpectedly',
    });
  });

  it('names the SMTP command that failed', () => {
    const err = smtpError({ code: 'ETIMEDOUT', command: 'DATA', message: 'Timeout' });

    expect(classifySmtpError(err, true)).toEqual({
      kind: 'unknown',
      reason: 'ETIMEDOUT during DATA: Timeout',
    });
  });

  it('labels an error without a code', () => {
    expect(classifySmtpError(smtpError({ message: 'boom' }), false)).toEqual({
      kind: 'not-sent',
      reason: 'ERROR: boom',
    });
  });

  it('does not treat a non-error response code as a refusal', () => {
    const err = smtpError({ code: 'EPROTOCOL', responseCode: 250, message: 'Unexpected reply' });

    expect(classifySmtpError(err, false)).toEqual({
      kind: 'not-sent',
      reason: 'EPROTOCOL: Unexpected reply',
    });
  });

  it('flattens a multi-line server reply to one line', () => {
    const err = smtpError({
      responseCode: 550,
      response: '550-5.7.1 Our system has detected\r\n550-5.7.1 an unusual rate\r\n550 5.7.1 of mail\n',
    });

    const result = classifySmtpError(err, false);

    expect(result).toEqual({
      kind: 'refused',
      code: 550,
      reply: '550-5.7.1 Our system has detected 550-5.7.1 an unusual rate 550 5.7.1 of mail ',
      bodySent: false,
    });
  });

  it('flattens a multi-line error message to one line', () => {
    const err = smtpError({ code: 'ESOCKET', message: 'socket hang up\r\n    at TLSSocket.onclose\n' });

    const result = classifySmtpError(err, false);

    expect(result.kind).toBe('not-sent');
    expect(result.kind === 'not-sent' && result.reason).toBe(
      'ESOCKET: socket hang up     at TLSSocket.onclose ',
    );
  });

  it('keeps a huge reply to 1000 characters', () => {
    const err = smtpError({ responseCode: 550, response: `550 ${'x'.repeat(5000)}` });

    const result = classifySmtpError(err, false);

    expect(result.kind === 'refused' && result.reply).toHaveLength(1000);
  });
});
