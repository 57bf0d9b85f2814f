import type { IncomingMessage } from 'node:http';
import { clientIpOf } from './client-ip';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress },
    connection: { remoteAddress },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  } as unknown as IncomingMessage;
}

describe(clientIpOf.name, () => {
  it('takes the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIpOf(false)(request('203.0.113.9', '17.58.1.1'))).toBe('203.0.113.9');
    expect(clientIpOf(2)(request('203.0.113.9', '17.58.1.1'))).toBe('203.0.113.9');
  });

  it('takes the first untrusted address behind trusted proxies', () => {
    const sut = clientIpOf('10.0.0.0/8, 127.0.0.1');

    expect(sut(request('10.0.0.5', '17.58.1.1, 10.0.0.7'))).toBe('17.58.1.1');
    expect(sut(request('198.51.100.4', '17.58.1.1'))).toBe('198.51.100.4');
  });
});
