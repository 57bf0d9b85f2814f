import { DnsZoneServer, FakeDns, type Zone } from '../../../../libs/testing/src/dns-zone';
import { isLoopback, isPublicUnicast, MxResolver } from './mx-resolver';

const zone: Zone = {
  'ordered.test': {
    MX: [
      { exchange: 'mx-b.ordered.test', priority: 20 },
      { exchange: 'mx-a.ordered.test', priority: 10 },
    ],
  },
  'mx-a.ordered.test': { A: ['127.0.0.10'] },
  'mx-b.ordered.test': { A: ['127.0.0.11'], AAAA: ['::1'] },
  'equal.test': {
    MX: [
      { exchange: 'one.equal.test', priority: 10 },
      { exchange: 'two.equal.test', priority: 10 },
    ],
  },
  'one.equal.test': { A: ['127.0.0.21'] },
  'two.equal.test': { A: ['127.0.0.22'] },
  'no-mx.test': { A: ['127.0.0.30'] },
  'nullmx.test': { MX: [{ exchange: '.', priority: 0 }] },
  'nxdomain.test': 'NXDOMAIN',
  'servfail.test': 'SERVFAIL',
  'silent.test': 'TIMEOUT',
  'empty.test': { TXT: ['v=spf1 -all'] },
  'dangling.test': { MX: [{ exchange: 'gone.dangling.test', priority: 10 }] },
  'slow-host.test': { MX: [{ exchange: 'silent-host.slow-host.test', priority: 10 }] },
  'silent-host.slow-host.test': 'TIMEOUT',
  'private.test': { MX: [{ exchange: 'mx.private.test', priority: 10 }] },
  'mx.private.test': { A: ['10.1.2.3', '127.0.0.1'] },
};

const loopbackOnly = { acceptAddress: isLoopback };

describe(MxResolver.name, () => {
  describe('answers from a zone (fake DNS)', () => {
    it('orders MX hosts by preference, with their addresses, IPv4 first', async () => {
      const sut = new MxResolver(new FakeDns(zone), loopbackOnly);
      expect(await sut.resolve('Ordered.Test.')).toEqual({
        kind: 'targets',
        domain: 'ordered.test',
        implicit: false,
        targets: [
          { host: 'mx-a.ordered.test', preference: 10, addresses: ['127.0.0.10'] },
          { host: 'mx-b.ordered.test', preference: 20, addresses: ['127.0.0.11', '::1'] },
        ],
      });
    });

    it('shuffles hosts of equal preference', async () => {
      const hostsWith = async (random: number) => {
        const r = await new MxResolver(new FakeDns(zone), { ...loopbackOnly, random: () => random }).resolve(
          'equal.test',
        );
        return r.kind === 'targets' ? r.targets.map((t) => t.host) : [];
      };
      let n = 0;
      const alternating = new MxResolver(new FakeDns(zone), {
        ...loopbackOnly,
        random: () => [0.9, 0.1][n++ % 2],
      });
      const r = await alternating.resolve('equal.test');
      expect(r.kind === 'targets' && r.targets.map((t) => t.host)).toEqual([
        'two.equal.test',
        'one.equal.test',
      ]);
      expect(await hostsWith(0.5)).toEqual(['one.equal.test', 'two.equal.test']);
    });

    it('falls back to the domain’s own address when it has no MX (RFC 5321 §5.1)', async () => {
      const sut = new MxResolver(new FakeDns(zone), loopbackOnly);
      expect(await sut.resolve('no-mx.test')).toEqual({
        kind: 'targets',
        domain: 'no-mx.test',
        implicit: true,
        targets: [{ host: 'no-mx.test', preference: 0, addresses: ['127.0.0.30'] }],
      });
    });

    it.each([
      ['nullmx.test', 'notaccept', /null MX/],
      ['nxdomain.test', 'hostunknown', /NXDOMAIN/],
      ['empty.test', 'hostunknown', /no MX and no usable address/],
      ['dangling.test', 'hostunknown', /gone\.dangling\.test IPv4 ENOTFOUND/],
      ['private.test', 'hostunknown', /not public: 10\.1\.2\.3 127\.0\.0\.1/],
    ])('calls %s permanent %s', async (domain, reason, detail) => {
      const sut = new MxResolver(new FakeDns(zone));
      const r = await sut.resolve(domain);
      expect(r).toMatchObject({ kind: 'permanent', reason });
      expect(r.kind === 'permanent' && r.detail).toMatch(detail);
    });

    it.each([
      ['servfail.test', /ESERVFAIL/],
      ['silent.test', /ETIMEOUT/],
      ['slow-host.test', /ETIMEOUT/],
    ])('calls %s temporary', async (domain, detail) => {
      const r = await new MxResolver(new FakeDns(zone), loopbackOnly).resolve(domain);
      expect(r.kind).toBe('temporary');
      expect(r.kind === 'temporary' && r.detail).toMatch(detail);
    });

    it('accepts only public unicast addresses by default', () => {
      expect(['8.8.8.8', '2001:4860::1'].map(isPublicUnicast)).toEqual([true, true]);
      expect(
        [
          '127.0.0.1',
          '10.0.0.1',
          '192.168.1.1',
          '169.254.1.1',
          '100.64.0.1',
          '::1',
          'fe80::1',
          '::ffff:127.0.0.1',
          'nonsense',
        ].map(isPublicUnicast),
      ).toEqual(Array(9).fill(false));
    });
  });

  describe('against a DNS server on loopback', () => {
    let server: DnsZoneServer;

    beforeAll(async () => {
      server = await DnsZoneServer.start(zone);
    });
    afterAll(() => server.stop());

    it('reads MX order, null MX, NXDOMAIN, SERVFAIL, timeout and the A fallback off the wire', async () => {
      const sut = new MxResolver(server.resolver(300), loopbackOnly);
      const [ordered, nullMx, nx, servfail, silent, fallback] = await Promise.all(
        ['ordered.test', 'nullmx.test', 'nxdomain.test', 'servfail.test', 'silent.test', 'no-mx.test'].map(
          (d) => sut.resolve(d),
        ),
      );
      expect(ordered.kind === 'targets' && ordered.targets.map((t) => [t.host, t.addresses])).toEqual([
        ['mx-a.ordered.test', ['127.0.0.10']],
        ['mx-b.ordered.test', ['127.0.0.11', '::1']],
      ]);
      expect(nullMx).toMatchObject({ kind: 'permanent', reason: 'notaccept' });
      expect(nx).toMatchObject({ kind: 'permanent', reason: 'hostunknown' });
      expect(servfail).toMatchObject({ kind: 'temporary' });
      expect(silent).toMatchObject({ kind: 'temporary' });
      expect(fallback).toMatchObject({ kind: 'targets', implicit: true });
      expect(server.queries.some((q) => q.name === 'silent.test')).toBe(true);
    });
  });
});
