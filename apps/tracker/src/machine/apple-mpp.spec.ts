import ipaddr from 'ipaddr.js';
import { APPLE_MPP_RANGES, AppleMppDetector, isAppleMppOpen } from './apple-mpp';
import { IpRangeSet } from './ip-ranges';

const APPLE_MAIL = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const HOME_IP = '198.51.100.20';

/** An address inside a range, away from its edges. */
function inside(cidr: string): string {
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  const bytes = addr.toByteArray();
  bytes[bytes.length - 1] |= bits < bytes.length * 8 ? 1 : 0;
  return ipaddr.fromByteArray(bytes).toString();
}

describe(isAppleMppOpen.name, () => {
  it('names its source and date', () => {
    expect(APPLE_MPP_RANGES.source).toContain('egress-ip-ranges.csv');
    expect(APPLE_MPP_RANGES.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  describe.each(APPLE_MPP_RANGES.ranges.map((r) => [r.cidr, r.evidence]))('range %s', (cidr) => {
    const ip = inside(cidr);

    it(`takes a background fetch from ${ip} for MPP`, () => {
      expect(isAppleMppOpen(ip, '')).toBe(true);
      expect(isAppleMppOpen(ip, APPLE_MAIL)).toBe(true);
    });

    it('keeps Safari or another browser on Private Relay a person', () => {
      expect(isAppleMppOpen(ip, SAFARI)).toBe(false);
      expect(isAppleMppOpen(ip, CHROME)).toBe(false);
    });
  });

  it('knows MPP’s bare user agent from anywhere', () => {
    expect(isAppleMppOpen(HOME_IP, 'Mozilla/5.0')).toBe(true);
    expect(isAppleMppOpen('2001:db8::1', ' Mozilla/5.0 ')).toBe(true);
  });

  it('keeps Apple Mail loading its own images from a home address a person', () => {
    expect(isAppleMppOpen(HOME_IP, APPLE_MAIL)).toBe(false);
    expect(isAppleMppOpen(HOME_IP, undefined)).toBe(false);
  });

  it('keeps Gmail’s image proxy a person: it loads when the reader opens the message', () => {
    expect(
      isAppleMppOpen(
        '66.249.84.1',
        'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      ),
    ).toBe(false);
  });

  it('matches IPv4-mapped addresses of the ranges, as dual-stack sockets report them', () => {
    expect(isAppleMppOpen('::ffff:17.58.1.2', '')).toBe(true);
  });

  it('takes any range set, e.g. the full feed', () => {
    const sut = new AppleMppDetector(new IpRangeSet(['203.0.113.0/24']));
    expect(sut.isMppOpen('203.0.113.5', '')).toBe(true);
    expect(sut.isMppOpen('17.1.1.1', '')).toBe(false);
  });
});
