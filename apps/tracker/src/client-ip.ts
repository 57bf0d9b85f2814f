import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/**
 * The client's address as Fastify's `request.ip` would give it under the same TRACKER_TRUST_PROXY,
 * for the pixel, which is answered before Fastify sees the request. The Apple MPP and gateway
 * range signs read it: behind a proxy, the proxy's own address would say nothing.
 */
export function clientIpOf(trustProxy: false | number | string): (req: IncomingMessage) => string {
  if (trustProxy === false || typeof trustProxy === 'number') {
    // Fastify trusts no X-Forwarded-For for a bare hop count either (it cannot check the peer)
    return (req) => req.socket.remoteAddress ?? '';
  }
  const trust = proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return (req) => proxyAddr(req, trust);
}
