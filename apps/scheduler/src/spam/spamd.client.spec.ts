import * as net from 'node:net';
import { freePort } from '../../../../libs/testing/src/free-port';
import { SpamCheckError } from './spam-checker';
import { parseSpamdResponse, SpamdClient, spamdClientFromUrl } from './spamd.client';

const REPORT = [
  'SPAMD/1.1 0 EX_OK',
  'Content-length: 999',
  'Spam: True ; 6.2 / 5.0',
  '',
  'Spam detection software, running on the system "vm",',
  'has identified this incoming email as possible spam.',
  '',
  'Content analysis details:   (6.2 points, 5.0 required)',
  '',
  ' pts rule name              description',
  '---- ---------------------- --------------------------------------------------',
  ' 3.1 HTML_IMAGE_ONLY_08     BODY: HTML: images with 400-800 bytes of words',
  '-0.0 NO_RELAYS              Informational: message was not relayed via SMTP',
  ' 3.1 URIBL_BLOCKED          ADMINISTRATOR NOTICE: The query to URIBL was',
  '                            blocked.  See the wiki',
  ' 0.0 TVD_SPACE_RATIO',
  '',
  '',
].join('\r\n');

/** A fake spamd: remembers each request and answers it with `answer(request)` (or never). */
async function fakeSpamd(answer: (request: Buffer) => string | null) {
  const requests: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  // half-open, as spamd: the client's end of request must not end our side before we answer
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const request = Buffer.concat(chunks);
      requests.push(request);
      const reply = answer(request);
      if (reply !== null) socket.end(reply);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    requests,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

const message = Buffer.from('From: a@shop.test\r\nTo: b@example.test\r\nSubject: Hi\r\n\r\nHello\r\n');

describe(SpamdClient.name, () => {
  it('sends a SPAMC/1.5 request and reads the report’s rules, scores and descriptions', async () => {
    const spamd = await fakeSpamd(() => REPORT);
    try {
      const sut = new SpamdClient({ host: '127.0.0.1', port: spamd.port, user: 'postroom' });
      const verdict = await sut.check(message);
      expect(spamd.requests[0].toString()).toBe(
        `REPORT SPAMC/1.5\r\nContent-length: ${message.length}\r\nUser: postroom\r\n\r\n${message.toString()}`,
      );
      expect(verdict).toEqual({
        isSpam: true,
        score: 6.2,
        threshold: 5,
        rules: [
          {
            name: 'HTML_IMAGE_ONLY_08',
            score: 3.1,
            description: 'BODY: HTML: images with 400-800 bytes of words',
          },
          { name: 'NO_RELAYS', score: -0, description: 'Informational: message was not relayed via SMTP' },
          {
            name: 'URIBL_BLOCKED',
            score: 3.1,
            description: 'ADMINISTRATOR NOTICE: The query to URIBL was blocked.  See the wiki',
          },
          { name: 'TVD_SPACE_RATIO', score: 0 },
        ],
      });
    } finally {
      await spamd.close();
    }
  });

  it('reads SYMBOLS as names without scores', async () => {
    const spamd = await fakeSpamd(
      () =>
        'SPAMD/1.1 0 EX_OK\r\nContent-length: 18\r\nSpam: False ; 1.3 / 5.0\r\n\r\nMISSING_DATE,NO_RELAYS',
    );
    try {
      const verdict = await new SpamdClient({
        host: '127.0.0.1',
        port: spamd.port,
        command: 'SYMBOLS',
      }).check(message);
      expect(verdict).toEqual({
        isSpam: false,
        score: 1.3,
        threshold: 5,
        rules: [{ name: 'MISSING_DATE' }, { name: 'NO_RELAYS' }],
      });
      expect(spamd.requests[0].toString()).toMatch(/^SYMBOLS SPAMC\/1\.5\r\n/);
    } finally {
      await spamd.close();
    }
  });

  it('says clearly when spamd is not running', async () => {
    const port = await freePort();
    const err = await new SpamdClient({ host: '127.0.0.1', port }).check(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpamCheckError);
    expect(err).toMatchObject({
      code: 'refused',
      retryable: true,
      message: `spamd at 127.0.0.1:${port} refused the connection: is spamd running?`,
    });
  });

  it('gives up after its timeout when spamd never answers', async () => {
    const spamd = await fakeSpamd(() => null);
    try {
      const started = Date.now();
      const err = await new SpamdClient({ host: '127.0.0.1', port: spamd.port, timeoutMs: 200 })
        .check(message)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'timeout',
        message: `spamd at 127.0.0.1:${spamd.port} did not answer within 200 ms`,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await spamd.close();
    }
  });

  it('says so when spamd closes without answering', async () => {
    const spamd = await fakeSpamd(() => '');
    try {
      const err = await new SpamdClient({ host: '127.0.0.1', port: spamd.port })
        .check(message)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'network',
        message: `spamd at 127.0.0.1:${spamd.port} closed the connection without answering`,
      });
    } finally {
      await spamd.close();
    }
  });

  it('tells spamd’s own errors and answers that are not SPAMC apart', async () => {
    const errorFor = async (reply: string) => {
      const spamd = await fakeSpamd(() => reply);
      try {
        return await new SpamdClient({ host: '127.0.0.1', port: spamd.port })
          .check(message)
          .catch((e: unknown) => e);
      } finally {
        await spamd.close();
      }
    };
    expect(await errorFor('SPAMD/1.0 76 Bad header line: (EOF)\r\n')).toMatchObject({
      code: 'spamd',
      retryable: false,
    });
    expect(await errorFor('HTTP/1.1 400 Bad Request\r\n\r\n')).toMatchObject({ code: 'protocol' });
    expect(await errorFor('SPAMD/1.1 0 EX_OK\r\n\r\n')).toMatchObject({
      code: 'protocol',
      message: 'spamd answered without a Spam: header',
    });
  });

  it('does not send a message over the size limit', async () => {
    const err = await new SpamdClient({ host: '127.0.0.1', port: 1, maxBytes: 10 })
      .check(message)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'too-large', retryable: false });
  });
});

describe(spamdClientFromUrl.name, () => {
  it('reads SPAMD_URL', () => {
    expect(spamdClientFromUrl('spamd://127.0.0.1:7830')).toBeInstanceOf(SpamdClient);
    expect(() => spamdClientFromUrl('http://127.0.0.1:7830')).toThrow(
      'SPAMD_URL must look like spamd://host:port',
    );
  });
});

describe(parseSpamdResponse.name, () => {
  it('reads a report without a rules table as no rules', () => {
    expect(
      parseSpamdResponse(Buffer.from('SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n'), 'REPORT'),
    ).toEqual({
      isSpam: false,
      score: -0.1,
      threshold: 5,
      rules: [],
    });
  });
});
