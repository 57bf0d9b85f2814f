import { throttleSignalOf } from './throttle-signal';

const refused = (code: number, reply: string) => ({ kind: 'refused' as const, code, reply, bodySent: false });

describe(throttleSignalOf.name, () => {
  it.each([
    [
      'Gmail rate limit',
      refused(421, '421-4.7.28 Our system has detected an unusual rate of unsolicited mail'),
    ],
    ['any 421', refused(421, '421 Service not available, closing transmission channel')],
    [
      'Yahoo deferral',
      refused(451, '451 Messages from 192.0.2.1 temporarily deferred due to unexpected volume [TSS04]'),
    ],
    [
      'Microsoft rate limit',
      refused(451, '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited'),
    ],
    ['policy 4.7.x', refused(450, '450 4.7.1 Client host rejected: try again')],
    ['too many connections', refused(452, '452 Too many connections from your host')],
  ])('slows the group for %s', (_name, result) => {
    expect(throttleSignalOf(result)).toBe('deferred');
  });

  it.each([
    ['mailbox full', refused(452, '452 4.2.2 The email account that you tried to reach is over quota')],
    [
      'greylisting of one recipient',
      refused(450, '450 4.2.0 <ada@example.com>: Recipient address rejected: Greylisted'),
    ],
    ['unknown user', refused(550, '550 5.1.1 The email account that you tried to reach does not exist')],
    ['a permanent policy block', refused(554, '554 5.7.1 rejected, rate of spam too high')],
  ])('leaves the group alone for %s', (_name, result) => {
    expect(throttleSignalOf(result)).toBe('neutral');
  });

  it('counts an accepted message as a success and connection trouble as nothing', () => {
    expect(throttleSignalOf({ kind: 'accepted', reply: '250 2.0.0 OK' })).toBe('accepted');
    expect(throttleSignalOf({ kind: 'not-sent', reason: 'ECONNREFUSED' })).toBe('neutral');
    expect(throttleSignalOf({ kind: 'unknown', reason: 'socket closed after DATA' })).toBe('neutral');
  });
});
