import * as net from 'node:net';

/** Ports this process handed out already: the kernel may offer a just-closed one again. */
const given = new Set<number>();

/** A TCP port that was free a moment ago on 127.0.0.1, never the same one twice in a process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
}
