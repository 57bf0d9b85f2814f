import { enhancedStatusIn, normalizeStatus, replyCodeIn } from './smtp-codes';

describe(enhancedStatusIn.name, () => {
  it.each([
    ['550 5.1.1 <a@example.net>... User unknown', '5.1.1'],
    ["5.1.0 - Unknown address error 550-'5.2.2 <a@example.net>... Mailbox Full'", '5.2.2'],
    ['Unable to contact LDAP server. (#4.4.3)', '4.4.3'],
    ['554 5.7.606 Access denied, banned sending IP [192.0.2.225]', '5.7.606'],
    ['host 192.0.2.153 said: blocked', null],
    ['see 4.16.55.1 for details', null],
  ])('reads %s as %s', (text, status) => {
    expect(enhancedStatusIn(text)).toBe(status);
  });
});

describe(replyCodeIn.name, () => {
  it.each([
    ['550 5.1.1 User unknown', '550'],
    ['Remote host said:\n554 INVALID IP FOR SENDING MAIL', '554'],
    ['ERROR_CODE :550, ERROR_CODE :5.1.1', '550'],
    ['connect to mx.example.org[192.0.2.1]:25: Connection timed out', null],
    ['Date: Thu, 29 Apr 2010 23:34:45 +0900', null],
  ])('reads %s as %s', (text, reply) => {
    expect(replyCodeIn(text)).toBe(reply);
  });
});

describe(normalizeStatus.name, () => {
  it('keeps the code and drops the comment', () => {
    expect(normalizeStatus('5.0.0 (permanent failure)')).toBe('5.0.0');
    expect(normalizeStatus('4.07.001')).toBe('4.7.1');
    expect(normalizeStatus('failed')).toBeNull();
  });
});
