import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, trackerEnv } from '@postroom/config';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LOGGER, METRICS, type Clock, type FrontHandler } from '@postroom/runtime';
import { TokenSigner, type TokenClaims, type TokenKind } from '@postroom/tokens';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { BurstDetector } from './machine-detection';
import { clickRequestReason } from './machine/click-request';
import { pixelRequestHeaders } from './pixel-request-headers';
import { clientIpOf } from './client-ip';
import type { IncomingMessage } from 'node:http';
import {
  CONFIRM_UNSUBSCRIBE_PAGE,
  NOT_FOUND_PAGE,
  PAGE_SECURITY_HEADERS,
  PIXEL,
  UNSUBSCRIBED_PAGE,
} from './pages';
import { RecordingThread } from './recording/recording-thread';
import { TrackingLookups } from './tracking-lookups';

type Req = FastifyRequest<{ Params: { token: string } }>;

const NO_CACHE = {
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  pragma: 'no-cache',
  expires: '0',
};
/** The pixel's headers, built once: the open route is the hot path. */
const PIXEL_HEADERS = { ...NO_CACHE, 'content-type': 'image/gif', 'content-length': PIXEL.length };
/** Every route the public port has; anything else, whatever its path spelling, is a 404 page. */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['/o/:token', '/c/:token', '/u/:token', '/health']);

/**
 * The public endpoints: open pixel, click redirect, one-click unsubscribe, on Fastify directly
 * (no Nest pipeline), the pixel even before Fastify routes the request (`answerPixel`). Every
 * answer is decided by the signed token and the ledger, never by the request's query or path
 * shape. Opens and clicks are recorded by the recorder thread.
 */
@Injectable()
export class TrackingController implements OnApplicationShutdown {
  private readonly recorder: RecordingThread;
  private readonly bursts = new BurstDetector();
  private readonly targets = new Map<string, string>();
  // resolved once: no label hashing per request on the hot path
  private readonly openDuration: ReturnType<Metrics['trackerRequestDuration']['labels']>;
  private readonly limit: { max: number; timeWindow: number };
  private readonly clientIp: (req: IncomingMessage) => string;

  constructor(
    private readonly lookups: TrackingLookups,
    private readonly signer: TokenSigner,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CONFIG) config: ConfigOf<typeof trackerEnv>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.clientIp = clientIpOf(config.TRACKER_TRUST_PROXY);
    this.openDuration = metrics.trackerRequestDuration.labels({ route: 'open' });
    this.limit = { max: config.TRACKER_RATE_LIMIT_MAX, timeWindow: config.TRACKER_RATE_LIMIT_WINDOW_MS };
    this.recorder = new RecordingThread(
      {
        databaseUrl: config.DATABASE_URL,
        trackingKeys: config.TRACKING_KEYS,
        tokenTtlDays: config.TRACKING_TOKEN_TTL_DAYS,
        logLevel: config.LOG_LEVEL,
        nice: config.TRACKING_RECORDER_NICE,
        buffer: {
          flushMs: config.TRACKING_FLUSH_MS,
          flushMax: config.TRACKING_FLUSH_MAX,
          capacity: config.TRACKING_BUFFER_MAX,
          machineWindowS: config.MACHINE_OPEN_WINDOW_S,
          machineClickWindowS: config.MACHINE_CLICK_WINDOW_S,
        },
      },
      metrics,
      logger.child({ component: 'recorder' }),
    );
  }

  async register(app: FastifyInstance): Promise<void> {
    // routed, but not one of ours (Nest's own, or a path spelling that matched nothing): 404 page
    app.addHook('onRequest', async (req, reply) => {
      if (req.routeOptions.url === undefined || !PUBLIC_ROUTES.has(req.routeOptions.url)) {
        return notFound(reply);
      }
    });
    app.addHook('onSend', async (_req, reply, payload) => {
      reply.headers(PAGE_SECURITY_HEADERS);
      return payload;
    });
    // per client IP (TRACKER_TRUST_PROXY says whose X-Forwarded-For to believe), on the routes
    // that do work; never on the pixel, which is answered before Fastify sees the request
    await app.register(rateLimit, { global: false });
    const limited = { rateLimit: this.limit };
    // RFC 8058 allows the one-click body as multipart/form-data too (Nest already parses the
    // urlencoded form); the body carries nothing we need: drain it
    app.addContentTypeParser('multipart/form-data', { bodyLimit: 4096 }, (_req, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, undefined));
      payload.on('error', (err) => done(err, undefined));
    });
    app.route({
      method: ['GET', 'HEAD'],
      url: '/o/:token',
      handler: (req: Req, reply) => this.open(req, reply),
    });
    app.get('/c/:token', { config: limited }, (req: Req, reply) => this.click(req, reply));
    app.get('/u/:token', { config: limited }, (req: Req, reply) => this.confirmUnsubscribe(req, reply));
    app.post('/u/:token', { config: limited }, (req: Req, reply) => this.unsubscribe(req, reply));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.recorder.stop();
  }

  /**
   * The pixel, answered before Fastify routes the request (see FrontHandler): `GET` or `HEAD`
   * `/o/<token>`, query ignored. Anything else, odd shapes included, goes on to Fastify, whose
   * `/o/:token` route answers the same GIF.
   */
  readonly answerPixel: FrontHandler = (req, res) => {
    const url = req.url;
    if (url === undefined || !url.startsWith('/o/') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return false;
    }
    const token = pixelToken(url);
    if (token === undefined) return false;
    const started = performance.now();
    res.writeHead(200, PIXEL_HEADERS);
    res.end(PIXEL);
    this.noteOpen(token, req.method === 'HEAD', req.rawHeaders, this.clientIp(req));
    this.openDuration.observe((performance.now() - started) / 1000);
    return true;
  };

  private open(req: Req, reply: FastifyReply): FastifyReply {
    const started = performance.now();
    reply.code(200).headers(PIXEL_HEADERS).send(PIXEL);
    this.noteOpen(req.params.token ?? '', req.method === 'HEAD', req.raw.rawHeaders, req.ip);
    this.openDuration.observe((performance.now() - started) / 1000);
    return reply;
  }

  /**
   * The hot path answers the GIF first, whatever the token (it never depends on the ledger),
   * and only notes the open: the recorder thread checks the token and records it.
   */
  private noteOpen(token: string, head: boolean, rawHeaders: readonly string[], ip: string): void {
    const headers = pixelRequestHeaders(rawHeaders);
    this.recorder.open(token, this.clock.now().getTime(), head, headers.purpose, headers.userAgent, ip);
  }

  private async click(req: Req, reply: FastifyReply): Promise<FastifyReply> {
    const stop = this.metrics.trackerRequestDuration.startTimer({ route: 'click' });
    try {
      const at = this.clock.now();
      const claims = this.claims(req.params.token, 'c', 'click', at);
      const target = claims?.linkId ? await this.target(claims.linkId, claims.deliveryId) : undefined;
      if (!claims || !target) return notFound(reply);
      const reason = this.bursts.observe(claims.deliveryId, at.getTime(), claims.linkId)
        ? 'burst: several links within a second'
        : clickRequestReason({ method: req.method, headers: req.headers, ip: req.ip }, at);
      this.recorder.event({
        deliveryId: claims.deliveryId,
        kind: 'click',
        linkId: claims.linkId,
        at,
        machineReason: reason,
        userAgent: req.headers['user-agent'],
      });
      this.metrics.clicks.inc();
      // the target comes from the ledger only: no open redirect, whatever the request says
      return reply
        .code(302)
        .headers({ ...NO_CACHE, location: target })
        .send();
    } finally {
      stop();
    }
  }

  private confirmUnsubscribe(req: Req, reply: FastifyReply): FastifyReply {
    if (!this.claims(req.params.token, 'u', 'unsubscribe', this.clock.now())) return notFound(reply);
    return reply
      .code(200)
      .headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' })
      .send(CONFIRM_UNSUBSCRIBE_PAGE);
  }

  private async unsubscribe(req: Req, reply: FastifyReply): Promise<FastifyReply> {
    const stop = this.metrics.trackerRequestDuration.startTimer({ route: 'unsubscribe' });
    try {
      const claims = this.claims(req.params.token, 'u', 'unsubscribe', this.clock.now());
      if (!claims) return notFound(reply);
      // written before answering: an unsubscribe must never be lost
      const result = await this.lookups.unsubscribe(claims.deliveryId);
      if (!result.found) return notFound(reply);
      if (result.created) this.metrics.unsubscribes.inc();
      return reply
        .code(200)
        .headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' })
        .send(UNSUBSCRIBED_PAGE);
    } finally {
      stop();
    }
  }

  private claims(token: string, kind: TokenKind, route: string, at: Date): TokenClaims | undefined {
    const verified = this.signer.verify(token ?? '', at);
    if (verified.ok && verified.claims.kind === kind) return verified.claims;
    this.metrics.invalidTokens.inc({ route });
    return undefined;
  }

  private async target(linkId: string, deliveryId: string): Promise<string | undefined> {
    const key = `${linkId}:${deliveryId}`;
    const cached = this.targets.get(key);
    if (cached) return cached;
    try {
      const url = await this.lookups.target(linkId, deliveryId);
      if (url) {
        if (this.targets.size > 100_000) this.targets.clear();
        this.targets.set(key, url);
      }
      return url;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'click target lookup failed');
      return undefined;
    }
  }
}

/** The token of a pixel URL as Fastify's `/o/:token` would see it; undefined for other shapes. */
export function pixelToken(url: string): string | undefined {
  const end = url.indexOf('?');
  let token = end < 0 ? url.slice(3) : url.slice(3, end);
  if (token.includes('%')) {
    try {
      token = decodeURIComponent(token);
    } catch {
      return undefined;
    }
  }
  return token.length === 0 || token.includes('/') ? undefined : token;
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' })
    .send(NOT_FOUND_PAGE);
}
