import * as http from 'node:http';
import * as net from 'node:net';
import { campaignSubmit, recipients } from '@postroom/testing';
import { API_TOKEN, Pipeline } from './pipeline-harness';

interface EarlyAnswer {
  status: number;
  /** Body bytes sent when the answer came. */
  sentBytes: number;
  ms: number;
}

/**
 * Announces a body of `size` bytes, sends its first 64 KiB and then waits for the answer: a
 * server that reads or parses the body before answering can only time out here, since the
 * rest never comes; one that checks the token first answers at once.
 */
function postBig(port: number, size: number, headers: Record<string, string>): Promise<EarlyAnswer> {
  const first = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/campaigns',
      headers: { ...headers, 'content-length': String(size) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer within 5 s: the server waits for the body'));
    }, 5000);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, sentBytes: first.length, ms: performance.now() - started });
      res.resume();
      req.destroy();
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.write(first);
  });
}

/** One raw request, headers exactly as given (fetch would merge or refuse some). */
function raw(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('end', () => resolve(answer));
    // a server that answers before reading everything (431) may reset the connection after its answer
    socket.on('error', (err) => (answer ? resolve(answer) : reject(err)));
    socket.write(`${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`);
  });
}

describe('the API edge: the token is checked first, and nothing else lets a request in', () => {
  let pipeline: Pipeline;
  let port: number;
  let shopToken: string;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler'] });
    port = pipeline.ports.get('scheduler')!;
    const made = await pipeline.api('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shop-crm', account: 'shop' }),
    });
    shopToken = ((await made.json()) as { token: string }).token;
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each([
    ['JSON', 'application/json'],
    ['NDJSON', 'application/x-ndjson'],
  ])('answers an unauthenticated 10 MB %s POST with 401 before the body is read', async (_what, type) => {
    const answer = await postBig(port, 10 * 1024 * 1024, { 'content-type': type });

    expect(answer.status).toBe(401);
    expect(answer.sentBytes).toBe(64 * 1024);
    expect(answer.ms).toBeLessThan(1000);
  });

  it('answers a wrong token as fast, also with a 10 MB body', async () => {
    const answer = await postBig(port, 10 * 1024 * 1024, {
      'content-type': 'application/json',
      authorization: `Bearer ${shopToken.slice(0, -1)}x`,
    });

    expect(answer.status).toBe(401);
    expect(answer.ms).toBeLessThan(1000);
  });

  it('streams an authenticated 20,000-recipient NDJSON segment from an account token into the ledger', async () => {
    const { recipients: _r, ...header } = campaignSubmit({ account: 'shop' });
    const body = [
      JSON.stringify(header),
      ...recipients(20_000, 'big.example').map((r) => JSON.stringify(r)),
    ].join('\n');

    const res = await fetch(`${pipeline.url('scheduler')}/v1/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shopToken}`, 'content-type': 'application/x-ndjson' },
      body,
    });

    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ account: 'shop', recipientCount: 20_000 });
  });

  it.each([
    ['in the query string', { url: (t: string) => `/v1/campaigns?account=shop&access_token=${t}` }],
    ['in a cookie', { headers: (t: string) => ({ cookie: `token=${t}` }) }],
    ['as Basic', { headers: (t: string) => ({ authorization: `Basic ${t}` }) }],
    [
      'with a character changed',
      { headers: (t: string) => ({ authorization: `Bearer ${t.toUpperCase()}` }) },
    ],
    ['with something after it', { headers: (t: string) => ({ authorization: `Bearer ${t} x` }) }],
    ['as a prefix', { headers: (t: string) => ({ authorization: `Bearer ${t.slice(0, 20)}` }) }],
    ['in X-Api-Key', { headers: (t: string) => ({ 'x-api-key': t }) }],
  ])('refuses a token %s with 401', async (_how, shape) => {
    const url = 'url' in shape ? shape.url(shopToken) : '/v1/campaigns?account=shop';
    const headers = 'headers' in shape ? shape.headers(shopToken) : {};

    const res = await fetch(`${pipeline.url('scheduler')}${url}`, { headers });

    expect(res.status).toBe(401);
  });

  it('takes the scheme in any case (RFC 7235) and the token only exactly', async () => {
    const lower = await fetch(`${pipeline.url('scheduler')}/v1/campaigns?account=shop`, {
      headers: { authorization: `bearer ${shopToken}` },
    });

    expect(lower.status).toBe(200);
  });

  it('uses the first of two Authorization headers, never whichever one works', async () => {
    const answer = await raw(port, [
      'GET /v1/campaigns?account=shop HTTP/1.1',
      'host: 127.0.0.1',
      'authorization: Bearer wrong-token',
      `authorization: Bearer ${shopToken}`,
    ]);

    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('refuses a huge Authorization header before looking at it', async () => {
    const big = await raw(port, [
      'GET /v1/campaigns HTTP/1.1',
      'host: 127.0.0.1',
      `authorization: Bearer ${'A'.repeat(64 * 1024)}`,
    ]);
    const started = performance.now();
    const long = await fetch(`${pipeline.url('scheduler')}/v1/campaigns`, {
      headers: { authorization: `Bearer ${'A'.repeat(8000)}` },
    });

    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(long.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    '/metrics',
    '//v1/campaigns?account=shop',
    '/V1/CAMPAIGNS?account=shop',
    '/v1/campaigns/../campaigns?account=shop',
    '/health/../v1/campaigns?account=shop',
    '/v1/campaigns%2F?account=shop',
    '/v1/tokens',
    '/nothing-here',
  ])('answers %s without a token with 401', async (url) => {
    const answer = await raw(port, [`GET ${url} HTTP/1.1`, 'host: 127.0.0.1']);

    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).not.toContain('postroom_');
  });

  it('lets no path under the public /docs reach the API', async () => {
    const answer = await raw(port, ['GET /docs/../v1/campaigns?account=shop HTTP/1.1', 'host: 127.0.0.1']);

    // the documents' static files refuse the traversal; the API never sees the request
    expect(answer).toMatch(/^HTTP\/1\.1 (401|403|404) /);
    expect(answer).not.toContain('"items"');
  });

  it('serves /health and the OpenAPI document without a token, and no /metrics with one', async () => {
    const health = await fetch(`${pipeline.url('scheduler')}/health`);
    const docs = await fetch(`${pipeline.url('scheduler')}/docs/openapi.json`);
    const metrics = await pipeline.api('/metrics');

    expect([health.status, docs.status, metrics.status]).toEqual([200, 200, 404]);
    expect(JSON.stringify(await docs.json())).not.toContain(API_TOKEN);
  });
});

describe('the API edge: requests per token', () => {
  const LIMIT = 5;
  let pipeline: Pipeline;
  const tokens: string[] = [];

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      services: ['scheduler'],
      env: { API_RATE_LIMIT_MAX: String(LIMIT), API_RATE_LIMIT_WINDOW_MS: '60000' },
    });
    for (const name of ['limited', 'other']) {
      const made = await pipeline.api('/v1/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, account: 'shop' }),
      });
      tokens.push(((await made.json()) as { token: string }).token);
    }
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const get = (token: string | undefined, path = '/v1/campaigns?account=shop') =>
    fetch(`${pipeline.url('scheduler')}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('answers 429 with Retry-After past the limit, for that token only', async () => {
    const [limited, other] = tokens;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await get(limited)).status);
    const over = await get(limited);
    const overBig = await postBig(pipeline.ports.get('scheduler')!, 10 * 1024 * 1024, {
      authorization: `Bearer ${limited}`,
      'content-type': 'application/json',
    });

    expect(statuses).toEqual(Array(LIMIT).fill(200));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // refused before its body is read, like an unauthenticated one
    expect(overBig.status).toBe(429);
    expect((await get(other)).status).toBe(200);
    expect((await get(undefined)).status).toBe(401);
    expect((await get(undefined, '/health')).status).toBe(200);
  });

  it('counts the console per client: guessing tokens at its sign-in form gets 429 too', async () => {
    const signIn = await fetch(`${pipeline.url('scheduler')}/console/sign-in`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await signIn.text())?.[1] ?? '';
    const guess = (i: number) =>
      fetch(`${pipeline.url('scheduler')}/console/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, token: `guessed-token-${i}` }).toString(),
      });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await guess(i)).status);

    // the first page load counted too: LIMIT - 1 guesses are answered, the rest refused
    expect(statuses.slice(0, LIMIT - 1).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(LIMIT - 1)).toEqual([429, 429, 429]);
    // the API's tokens are counted apart from the console's client
    expect((await get(tokens[1])).status).toBe(200);
  });
});
