import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '@postroom/metrics';

/**
 * The ops listener: `/metrics` (Prometheus text format) on its own port, bound to OPS_HOST
 * (loopback by default), so no public or API port ever shows what a service knows about itself.
 * A bare node:http server: it answers one path and nothing else, whatever the request holds.
 */
export class OpsServer {
  private constructor(private readonly server: Server) {}

  static async start(metrics: Metrics, host: string, port: number): Promise<OpsServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?', 1)[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
    });
    // a scraper keeps its connection; anything slower than this is not Prometheus
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new OpsServer(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
