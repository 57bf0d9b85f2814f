import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha256 } from './hmac-sha256';

describe(HmacSha256.name, () => {
  it('gives the RFC 4231 test case 2 MAC', () => {
    const sut = new HmacSha256(Buffer.from('Jefe'));

    expect(sut.digest('what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('gives the RFC 4231 test case 6 MAC (a key longer than a block is hashed first)', () => {
    const sut = new HmacSha256(Buffer.alloc(131, 0xaa));

    expect(sut.digest('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with node:crypto createHmac for any key and message, also one after another', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 700 }), { minLength: 1, maxLength: 4 }),
        (key, messages) => {
          const sut = new HmacSha256(Buffer.from(key));
          for (const message of messages) {
            const expected = createHmac('sha256', Buffer.from(key)).update(message, 'utf8').digest();
            expect(sut.digest(message).equals(expected)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees with createHmac at every length around the block and padding boundaries', () => {
    const key = Buffer.from('a key of sixteen+');
    const sut = new HmacSha256(key);
    for (let n = 0; n <= 200; n++) {
      const message = 'x'.repeat(n);
      expect(sut.digest(message).toString('hex')).toBe(
        createHmac('sha256', key).update(message).digest('hex'),
      );
    }
  });

  it('returns a MAC that later calls do not overwrite', () => {
    const sut = new HmacSha256(Buffer.from('a key of sixteen+'));
    const first = sut.digest('one');
    const copy = Buffer.from(first);

    sut.digest('two');

    expect(first.equals(copy)).toBe(true);
  });
});
