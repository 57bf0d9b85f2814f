import { clickRequestReason } from './click-request';

const at = new Date('2030-02-03T10:00:00Z');
const browser =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function click(method: string, userAgent: string | undefined, ip = '198.51.100.20') {
  return clickRequestReason({ method, headers: { 'user-agent': userAgent }, ip }, at);
}

describe(clickRequestReason.name, () => {
  it('takes a browser from an ordinary address for a person, whenever it comes', () => {
    expect(click('GET', browser)).toBeUndefined();
  });

  it('flags HEAD, a gateway’s agent and a gateway’s published range', () => {
    expect(click('HEAD', browser)).toBe('head-request: HEAD request: a link checker, not a browser');
    expect(click('GET', `${browser} BingPreview/1.0b`)).toMatch(
      /^gateway-agent: user agent of Microsoft Defender/,
    );
    expect(click('GET', browser, '40.92.1.1')).toMatch(
      /^gateway-range: 40\.92\.1\.1 is in Microsoft Defender/,
    );
  });

  it('flags the scanners the open rules know, and keeps Gmail’s image proxy out of it', () => {
    expect(click('GET', 'Mimecast URL Protect')).toBe('gateway-agent: user agent of Mimecast URL Protect');
    expect(click('GET', 'python-requests/2.32.3')).toBe('gateway-agent: user agent of HTTP library');
    expect(click('GET', 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)')).toBeUndefined();
  });
});
