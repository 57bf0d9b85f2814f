import * as net from 'node:net';
// straight from the files: the testing index loads the Postgres and broker helpers too
import { SmtpCapture } from '../../../../libs/testing/src/smtp-capture';
import { waitFor } from '../../../../libs/testing/src/wait-for';
import { DnsZoneServer, type Zone } from '../../../../libs/testing/src/dns-zone';
import { DirectTransport, isDeadBeforeGreeting, refineBodySent, refusedByDns } from './direct.transport';
import type { OutgoingMail } from './mail-transport';
import { isLoopback, MxResolver } from './mx-resolver';

/**
 * Real parts on loopback: a DNS server, two SMTP sinks on one port at 127.0.0.2 and 127.0.0.3,
 * nothing at 127.0.0.4 (connection refused) and a server at 127.0.0.5 that never greets.
 */
const zone: Zone = {
  'ordered.test': {
    MX: [
      { exchange: 'mx2.ordered.test', priority: 20 },
      { exchange: 'mx1.ordered.test', priority: 10 },
    ],
  },
  'mx1.ordered.test': { A: ['127.0.0.2'] },
  'mx2.ordered.test': { A: ['127.0.0.3'] },
  'dead-first.test': {
    MX: [
      { exchange: 'dead.dead-first.test', priority: 10 },
      { exchange: 'live.dead-first.test', priority: 20 },
    ],
  },
  'dead.dead-first.test': { A: ['127.0.0.4'] },
  'live.dead-first.test': { A: ['127.0.0.3'] },
  'mute-first.test': {
    MX: [
      { exchange: 'mute.mute-first.test', priority: 10 },
      { exchange: 'live.mute-first.test', priority: 20 },
    ],
  },
  'mute.mute-first.test': { A: ['127.0.0.5'] },
  'live.mute-first.test': { A: ['127.0.0.3'] },
  'all-dead.test': { MX: [{ exchange: 'dead.all-dead.test', priority: 10 }] },
  'dead.all-dead.test': { A: ['127.0.0.4'] },
  'no-mx.test': { A: ['127.0.0.3'] },
  'nullmx.test': { MX: [{ exchange: '.', priority: 0 }] },
  'nxdomain.test': 'NXDOMAIN',
  'dns-timeout.test': 'TIMEOUT',
};

function mail(to: string): OutgoingMail {
  return {
    envelopeFrom: 'bounces+t0k3n@bounce.shop.test',
    to,
    raw: Buffer.from(`From: news@shop.test\r\nTo: ${to}\r\nSubject: Hello\r\n\r\nHi\r\n`),
  };
}

describe(DirectTransport.name, () => {
  let dns: DnsZoneServer;
  let first: SmtpCapture;
  let second: SmtpCapture;
  let mute: net.Server;
  let sut: DirectTransport;

  beforeAll(async () => {
    dns = await DnsZoneServer.start(zone);
    first = await SmtpCapture.start({
      host: '127.0.0.2',
      replies: (rcpt) =>
        rcpt.startsWith('busy@') ? { code: 451, message: '4.7.1 try again later' } : undefined,
      dropAfterData: (rcpt) => rcpt.startsWith('drop@'),
    });
    second = await SmtpCapture.start({ host: '127.0.0.3', port: first.port });
    mute = net.createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(first.port, '127.0.0.5', resolve));
  });

  beforeEach(() => {
    first.clear();
    second.clear();
    sut = new DirectTransport({
      mx: new MxResolver(dns.resolver(300), { acceptAddress: isLoopback, random: () => 0.5 }),
      heloName: 'mta.shop.test',
      port: first.port,
      connectTimeoutMs: 1_000,
      greetingTimeoutMs: 300,
      socketTimeoutMs: 2_000,
    });
  });

  afterEach(() => sut.close());
  afterAll(async () => {
    await Promise.all([first.stop(), second.stop(), dns.stop(), new Promise((r) => mute.close(r))]);
  });

  it('delivers to the most preferred MX', async () => {
    const result = await sut.send(mail('ada@ordered.test'));
    expect(result).toMatchObject({ kind: 'accepted' });
    expect(first.messages.map((m) => m.to)).toEqual([['ada@ordered.test']]);
    expect(first.messages[0].from).toBe('bounces+t0k3n@bounce.shop.test');
    expect(second.acceptedCount).toBe(0);
  });

  it('moves on to the next MX when the first refuses the connection', async () => {
    expect(await sut.send(mail('ada@dead-first.test'))).toMatchObject({ kind: 'accepted' });
    expect(second.messages.map((m) => m.to)).toEqual([['ada@dead-first.test']]);
  });

  it('moves on to the next MX when the first never greets', async () => {
    expect(await sut.send(mail('ada@mute-first.test'))).toMatchObject({ kind: 'accepted' });
    expect(second.messages.map((m) => m.to)).toEqual([['ada@mute-first.test']]);
  });

  it('takes a live MX’s refusal as final: the backup MX is not tried', async () => {
    expect(await sut.send(mail('busy@ordered.test'))).toEqual({
      kind: 'refused',
      code: 451,
      reply: expect.stringContaining('4.7.1 try again later'),
      bodySent: false,
    });
    expect(second.attemptsFor('busy@ordered.test')).toBe(0);
  });

  it('never resends when the connection drops after the body: unknown, and no second MX', async () => {
    expect(await sut.send(mail('drop@ordered.test'))).toMatchObject({ kind: 'unknown' });
    expect(first.dropped).toHaveLength(1);
    expect(second.attemptsFor('drop@ordered.test')).toBe(0);
  });

  it('says not-sent when no MX answers at all', async () => {
    const result = await sut.send(mail('ada@all-dead.test'));
    expect(result.kind).toBe('not-sent');
    expect(result.kind === 'not-sent' && result.reason).toMatch(
      /no MX of all-dead\.test answered: dead\.all-dead\.test \[127\.0\.0\.4\]: .*ECONNREFUSED/,
    );
  });

  it('delivers to the domain’s own address when it has no MX', async () => {
    expect(await sut.send(mail('ada@no-mx.test'))).toMatchObject({ kind: 'accepted' });
    expect(second.messages.map((m) => m.to)).toEqual([['ada@no-mx.test']]);
  });

  it('refuses a null MX domain permanently, in words the bounce classifier reads as notaccept', async () => {
    expect(await sut.send(mail('ada@nullmx.test'))).toEqual({
      kind: 'refused',
      code: 556,
      reply:
        '556 5.1.10 Recipient address has null MX (notaccept): nullmx.test publishes a null MX (RFC 7505): it accepts no mail',
      bodySent: false,
    });
  });

  it('refuses an NXDOMAIN domain permanently as hostunknown', async () => {
    expect(await sut.send(mail('ada@nxdomain.test'))).toEqual({
      kind: 'refused',
      code: 550,
      reply: '550 5.1.2 Host unknown (hostunknown): nxdomain.test: no such domain (NXDOMAIN)',
      bodySent: false,
    });
  });

  it('calls a DNS timeout temporary: not sent, to be retried', async () => {
    const result = await sut.send(mail('ada@dns-timeout.test'));
    expect(result).toEqual({
      kind: 'not-sent',
      reason: expect.stringMatching(/^DNS: MX lookup for dns-timeout\.test failed: ETIMEOUT/),
    });
  });

  it('keeps one pool per MX host, closes idle ones, and keeps the count bounded', async () => {
    let now = 0;
    const bounded = new DirectTransport({
      mx: new MxResolver(dns.resolver(300), { acceptAddress: isLoopback }),
      heloName: 'mta.shop.test',
      port: first.port,
      maxPools: 1,
      idleCloseMs: 1_000,
      clock: { now: () => new Date(now) },
    });
    try {
      await bounded.send(mail('a@ordered.test'));
      await bounded.send(mail('b@ordered.test'));
      expect(bounded.poolCount).toBe(1);
      await bounded.send(mail('c@no-mx.test'));
      expect(bounded.poolCount).toBe(1); // the idle pool to mx1 made room
      now += 1_000;
      await waitFor(() => bounded.poolCount === 0, { timeoutMs: 2_000 });
    } finally {
      await bounded.close();
    }
    expect(first.acceptedCount + second.acceptedCount).toBe(3);
  });
});

describe(isDeadBeforeGreeting.name, () => {
  const err = (fields: object) => Object.assign(new Error('x'), fields);

  it('knows a host that said nothing from one that answered', () => {
    expect(isDeadBeforeGreeting(err({ code: 'ESOCKET', command: 'CONN', syscall: 'connect' }))).toBe(true);
    expect(
      isDeadBeforeGreeting(err({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' })),
    ).toBe(true);
    expect(isDeadBeforeGreeting(err({ code: 'ECONNECTION' }))).toBe(true);
    expect(
      isDeadBeforeGreeting(err({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' })),
    ).toBe(false);
    expect(
      isDeadBeforeGreeting(
        err({ code: 'ECONNECTION', command: 'CONN', responseCode: 421, response: '421 bye' }),
      ),
    ).toBe(false);
    expect(isDeadBeforeGreeting(err({ code: 'EPROTOCOL', command: 'CONN', response: 'HTTP/1.1 400' }))).toBe(
      false,
    );
  });
});

describe(refusedByDns.name, () => {
  it('words the two permanent DNS verdicts with their RFC codes', () => {
    expect(refusedByDns('notaccept', 'x')).toMatchObject({
      code: 556,
      reply: expect.stringMatching(/^556 5\.1\.10 .*notaccept/),
    });
    expect(refusedByDns('hostunknown', 'x')).toMatchObject({
      code: 550,
      reply: expect.stringMatching(/^550 5\.1\.2 .*hostunknown/),
    });
  });
});

describe(refineBodySent.name, () => {
  const refused = { kind: 'refused' as const, code: 451, reply: '451 4.7.1 later', bodySent: true };

  it('takes a refusal of an envelope command as before the body, whatever the stream said', () => {
    expect(refineBodySent(refused, Object.assign(new Error('x'), { command: 'RCPT TO' }))).toEqual({
      ...refused,
      bodySent: false,
    });
    expect(refineBodySent(refused, Object.assign(new Error('x'), { command: 'MAIL FROM' }))).toEqual({
      ...refused,
      bodySent: false,
    });
  });

  it('leaves a refusal after DATA, or one it cannot place, as it was', () => {
    expect(refineBodySent(refused, Object.assign(new Error('x'), { command: 'DATA' }))).toEqual(refused);
    expect(refineBodySent(refused, Object.assign(new Error('x'), { command: 'CONN' }))).toEqual(refused);
    expect(refineBodySent(refused, new Error('x'))).toEqual(refused);
  });
});
