import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Answers some requests before Fastify routes them, for a hot path where Fastify's routing,
 * hooks and reply cost more than the answer itself. Returns true when it answered; any other
 * request goes on to Fastify as usual.
 */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

interface ServerOptions {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/**
 * Fastify's `serverFactory`: the HTTP server Fastify would create, with the same timeouts, that
 * offers each request to the front handler first (once one is set: the app's providers exist
 * only after the server does).
 */
export function frontServer(front: () => FrontHandler | undefined) {
  return (
    fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void,
    options: ServerOptions,
  ): Server => {
    const server = createServer((req, res) => {
      const handler = front();
      if (handler === undefined || !handler(req, res)) fastifyHandler(req, res);
    });
    // what Fastify sets on the servers it creates itself (its defaults when unset)
    server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
    server.requestTimeout = options.requestTimeout ?? 0;
    server.setTimeout(options.connectionTimeout ?? 0);
    if ((options.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket!;
    return server;
  };
}
