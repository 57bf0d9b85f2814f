import * as http from 'node:http';
import * as net from 'node:net';
import { campaignSubmit, publishRaw, waitFor } from '@postroom/testing';
import { Pipeline } from './pipeline-harness';

const LIMIT = 5;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request exactly as written (fetch would clean up `..`, `//` and case), from `localAddress`. */
function request(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; host?: string; localAddress?: string; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: opts.host ?? '127.0.0.1',
        port,
        method,
        path,
        headers: opts.headers,
        localAddress: opts.localAddress,
      },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Whether something accepts connections at host:port. */
function listens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('tracker: the public port answers its four routes and nothing else', () => {
  let pipeline: Pipeline;
  let port: number;
  let links: { open: string; click: string; unsubscribe: string };

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      services: ['scheduler', 'sender', 'tracker'],
      // every interface for the main ports, so the ops listener's loopback-only bind shows
      env: {
        HTTP_HOST: '0.0.0.0',
        TRACKER_RATE_LIMIT_MAX: String(LIMIT),
        TRACKER_RATE_LIMIT_WINDOW_MS: '60000',
      },
    });
    port = pipeline.ports.get('tracker')!;
    const body = campaignSubmit({
      account: 'edge',
      html: '<p>Hi</p><a href="https://shop.example/sale">Sale</a>',
      recipients: [{ email: 'ada@edge.example' }],
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    await waitFor(() => pipeline.smtp.messages.length === 1, { message: 'mail sent' });
    const html = pipeline.smtp.messages[0].raw.toString('utf8').replace(/=\r\n/g, '').replace(/=3D/g, '=');
    const find = (kind: string) => new RegExp(`/${kind}/[\\w.-]+`).exec(html)![0];
    links = { open: find('o'), click: find('c'), unsubscribe: find('u') };
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each([
    ['GET', '/metrics'],
    ['GET', '/METRICS'],
    ['GET', '//metrics'],
    ['GET', '/metrics?x'],
    ['GET', '/metrics/'],
    ['GET', '/%6detrics'],
    ['GET', '/o/../metrics'],
    ['GET', '/c/../metrics'],
    ['GET', '/health/../metrics'],
    ['GET', '/docs'],
    ['GET', '/docs/openapi.json'],
    ['GET', '/v1/campaigns'],
    ['GET', '/'],
    ['GET', '/o'],
    ['GET', '/c/'],
    ['POST', '/o/x'],
    ['PUT', '/u/x'],
    ['DELETE', '/c/x'],
    ['OPTIONS', '/u/x'],
  ])('%s %s: 404 page, no metrics', async (method, path) => {
    const answer = await request(port, method, path);

    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.body).toContain('Link not found');
    expect(answer.body).not.toContain('postroom_');
  });

  it('answers /health on the public port and /metrics on the ops listener, bound to 127.0.0.1 only', async () => {
    const opsPort = pipeline.opsPorts.get('tracker')!;
    const health = await request(port, 'GET', '/health');
    const metrics = await request(opsPort, 'GET', '/metrics');

    expect(health.status).toBe(200);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('postroom_tracker_request_duration_seconds');
    // 127.0.0.2 is this machine too: the public port (0.0.0.0 here) answers there, the ops port not
    expect(await listens('127.0.0.2', port)).toBe(true);
    expect(await listens('127.0.0.2', opsPort)).toBe(false);
    expect(await listens('127.0.0.1', opsPort)).toBe(true);
  });

  it("carries nosniff, no-referrer, a CSP and frame-ancestors 'none' on its pages and its redirect", async () => {
    const answers = [
      await request(port, 'GET', links.unsubscribe),
      await request(port, 'GET', '/u/not-a-token'),
      await request(port, 'GET', '/nothing'),
      await request(port, 'GET', links.click, { localAddress: '127.0.0.3' }),
    ];

    expect(answers.map((a) => a.status)).toEqual([200, 404, 404, 302]);
    for (const a of answers) {
      expect(a.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      expect(a.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; /);
      expect(a.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  // each case comes from a source address of its own on the loopback network: its own count
  it.each([
    ['GET /c', 'GET', () => links.click.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), '127.0.0.4'],
    ['GET /u', 'GET', () => links.unsubscribe, '127.0.0.5'],
    ['POST /u', 'POST', () => '/u/not-a-token', '127.0.0.6'],
  ])(
    '%s: 429 with Retry-After past the limit per client IP; a forged X-Forwarded-For does not help',
    async (_what, method, path, from) => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++)
        statuses.push((await request(port, method, path(), { localAddress: from })).status);
      const over = await request(port, method, path(), { localAddress: from });
      const forged = await request(port, method, path(), {
        localAddress: from,
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      const otherClient = await request(port, method, path(), { localAddress: '127.0.0.9' });

      expect(statuses.every((s) => s !== 429)).toBe(true);
      expect(over.status).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.headers['x-content-type-options']).toBe('nosniff');
      expect(forged.status).toBe(429);
      expect(otherClient.status).not.toBe(429);
    },
  );

  it('never limits the pixel', async () => {
    const from = '127.0.0.4'; // over its limit on /c since the test above
    const answers = await Promise.all(
      Array.from({ length: LIMIT * 10 }, () => request(port, 'GET', links.open, { localAddress: from })),
    );

    expect(answers.every((a) => a.status === 200 && a.headers['content-type'] === 'image/gif')).toBe(true);
  });
});
