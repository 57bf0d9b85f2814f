import { clientKey, ConnectionLimiter } from './connection-limiter';

describe(clientKey.name, () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:0:0:0:9', '2001:db8:1:2::/64'],
    ['2001:db8::7', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('counts %s as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe(ConnectionLimiter.name, () => {
  it('admits up to the cap per client and frees a place when one closes', () => {
    const sut = new ConnectionLimiter(2);

    expect(sut.admit('a', '203.0.113.7')).toBe(true);
    expect(sut.admit('b', '::ffff:203.0.113.7')).toBe(true);
    expect(sut.admit('c', '203.0.113.7')).toBe(false);
    expect(sut.admit('d', '198.51.100.1')).toBe(true);
    sut.release('a');
    expect(sut.admit('e', '203.0.113.7')).toBe(true);
  });

  it('counts a whole IPv6 /64 as one client', () => {
    const sut = new ConnectionLimiter(1);

    expect(sut.admit('a', '2001:db8:1:2::1')).toBe(true);
    expect(sut.admit('b', '2001:db8:1:2::2')).toBe(false);
    expect(sut.admit('c', '2001:db8:1:3::1')).toBe(true);
  });

  it('ignores the close of a session it refused, and a second close', () => {
    const sut = new ConnectionLimiter(1);
    sut.admit('a', '203.0.113.7');
    sut.admit('refused', '203.0.113.7');

    sut.release('refused');
    sut.release('never-seen');
    expect(sut.openFor('203.0.113.7')).toBe(1);
    sut.release('a');
    sut.release('a');
    expect(sut.openFor('203.0.113.7')).toBe(0);
    expect(sut.admit('b', '203.0.113.7')).toBe(true);
  });
});
