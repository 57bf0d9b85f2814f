import { IpRangeSet, parseAppleEgressCsv } from './ip-ranges';

describe(IpRangeSet.name, () => {
  const sut = new IpRangeSet([
    '192.0.2.0/25',
    '192.0.2.128/25',
    '198.51.100.7/32',
    '2001:db8::/48',
    '10.0.0.0/8',
    '10.1.0.0/16',
  ]);

  it('matches the first and last address of a range and nothing beside it', () => {
    expect(['192.0.2.0', '192.0.2.255', '198.51.100.7', '10.255.255.255'].map((ip) => sut.has(ip))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['192.0.1.255', '192.0.3.0', '198.51.100.6', '198.51.100.8', '11.0.0.0'].map((ip) => sut.has(ip)),
    ).toEqual(Array(5).fill(false));
  });

  it('matches IPv6, and IPv4-mapped IPv6 as IPv4', () => {
    expect(sut.has('2001:db8:0:ffff::1')).toBe(true);
    expect(sut.has('2001:db8:1::1')).toBe(false);
    expect(sut.has('::ffff:192.0.2.9')).toBe(true);
  });

  it('merges adjacent and nested ranges, and ignores what is not an address', () => {
    expect(sut.size).toBe(4);
    expect(sut.has('not an ip')).toBe(false);
    expect(sut.has('')).toBe(false);
  });

  it('reads Apple’s egress CSV as served', () => {
    const csv =
      '172.224.226.0/27,US,US-CA,Los Angeles,\n2606:54c0::/45,US,US-NY,New York,\n\nprefix,country\n';
    expect(parseAppleEgressCsv(csv)).toEqual(['172.224.226.0/27', '2606:54c0::/45']);
  });
});
