import { parseSmppUrl } from './smpp-url';

describe(parseSmppUrl.name, () => {
  it('reads system_id, password, host and port', () => {
    expect(parseSmppUrl('smpp://postroom:s%40cret@smsc.example.net:2776?system_type=VMA')).toEqual({
      host: 'smsc.example.net',
      port: 2776,
      tls: false,
      systemId: 'postroom',
      password: 's@cret',
      systemType: 'VMA',
    });
  });

  it('defaults the port to 2775, and 3550 for ssmpp://', () => {
    expect(parseSmppUrl('smpp://a:b@127.0.0.1')).toMatchObject({ port: 2775, tls: false });
    expect(parseSmppUrl('ssmpp://a:b@smsc.example.net')).toMatchObject({ port: 3550, tls: true });
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['http://a:b@host', 'must start with smpp://'],
    ['smpp://host:2775', 'has no system_id'],
    ['smpp://a-very-long-system-id:pw@host', 'system_id is 21 characters, SMPP allows 15'],
    ['smpp://id:ninechars@host', 'the password is 9 characters, SMPP allows 8'],
  ])('refuses %s', (url, message) => {
    expect(() => parseSmppUrl(url)).toThrow(message);
  });

  it('does not repeat the password in its error', () => {
    expect(() => parseSmppUrl('smpp://id:topsecret@')).toThrow(/^(?!.*topsecret)/);
  });
});
