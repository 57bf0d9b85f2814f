import { createHash, hash } from 'node:crypto';

const BLOCK = 64;
const DIGEST = 32;
/** Messages up to this many bytes reuse one scratch buffer; longer ones get their own. */
const SCRATCH_MESSAGE = 512;

/**
 * HMAC-SHA256 (RFC 2104) for one key, on `node:crypto`'s one-shot `hash()`: the key's inner and
 * outer pads are prepared once, so a MAC is two SHA-256 calls and no keyed object. A
 * `createHmac()` per request cost the tracker's pixel route more than all the rest of it under
 * load (a native object and a key import per call). Synchronous and single-threaded, so the
 * scratch buffers are never shared by two calls at once.
 */
export class HmacSha256 {
  private readonly innerScratch = Buffer.alloc(BLOCK + SCRATCH_MESSAGE);
  private readonly outerScratch = Buffer.alloc(BLOCK + DIGEST);
  private readonly innerPad: Buffer;

  constructor(key: Buffer) {
    const block = Buffer.alloc(BLOCK);
    (key.length > BLOCK ? createHash('sha256').update(key).digest() : key).copy(block);
    this.innerPad = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      this.innerPad[i] = block[i] ^ 0x36;
      this.outerScratch[i] = block[i] ^ 0x5c;
    }
    this.innerPad.copy(this.innerScratch);
  }

  /** The 32-byte MAC of `message` (UTF-8). */
  digest(message: string): Buffer {
    const length = Buffer.byteLength(message, 'utf8');
    let inner = this.innerScratch;
    if (length > SCRATCH_MESSAGE) {
      inner = Buffer.alloc(BLOCK + length);
      this.innerPad.copy(inner);
    }
    inner.write(message, BLOCK, 'utf8');
    hash('sha256', inner.subarray(0, BLOCK + length), 'buffer').copy(this.outerScratch, BLOCK);
    return hash('sha256', this.outerScratch, 'buffer');
  }
}
