import { createHash } from 'node:crypto';

const BLOCK = 64;

/** SHA-256's round constants and initial state (FIPS 180-4, 4.2.2 and 5.3.3). */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * HMAC-SHA256 (RFC 2104) for one key, in plain JavaScript: the key's inner and outer states
 * are computed once, so a MAC of a short message is two SHA-256 compressions and no call into
 * native code. `node:crypto` (a `createHmac()`, or two one-shot `hash()` calls) cost several
 * microseconds per token under load, more than answering the request. Every operation is an
 * add, rotate, xor or and on 32-bit words: no branch or memory access depends on the key or
 * the message, as in any SHA-256. Checked against the RFC 4231 vectors and, on random keys and
 * messages, against `createHmac`. Single-threaded use only (scratch buffers).
 */
export class HmacSha256 {
  private readonly innerState = new Int32Array(8);
  private readonly outerState = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly words = new Int32Array(64);
  private bytes = new Uint8Array(256);

  constructor(key: Buffer) {
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? createHash('sha256').update(key).digest() : key);
    const pad = new Uint8Array(BLOCK);
    for (const [state, xor] of [
      [this.innerState, 0x36],
      [this.outerState, 0x5c],
    ] as const) {
      for (let i = 0; i < BLOCK; i++) pad[i] = block[i] ^ xor;
      state.set(IV);
      this.compress(state, pad, 0);
    }
  }

  /** The 32-byte MAC of `message` (UTF-8). */
  digest(message: string): Buffer {
    const length = this.encode(message);
    // inner hash: the key's inner state, then the message, padded, its length counting the pad block
    const s = this.state;
    s.set(this.innerState);
    const padded = padTo(length);
    const b = this.bytes; // encode() made room for the padded message
    b[length] = 0x80;
    b.fill(0, length + 1, padded - 8);
    writeBitLength(b, padded, BLOCK + length);
    for (let at = 0; at < padded; at += BLOCK) this.compress(s, b, at);
    // outer hash: the key's outer state, then the inner digest, padded
    for (let i = 0; i < 8; i++) writeWord(b, i * 4, s[i]);
    b[32] = 0x80;
    b.fill(0, 33, 56);
    writeBitLength(b, 64, BLOCK + 32);
    s.set(this.outerState);
    this.compress(s, b, 0);
    const out = Buffer.allocUnsafe(32);
    for (let i = 0; i < 8; i++) writeWord(out, i * 4, s[i]);
    return out;
  }

  /** Writes `message` as UTF-8 at the start of the scratch bytes; returns its length. */
  private encode(message: string): number {
    const n = message.length;
    if (this.bytes.length < padTo(n)) this.grow(padTo(n));
    const b = this.bytes;
    for (let i = 0; i < n; i++) {
      const c = message.charCodeAt(i);
      if (c > 0x7f) {
        // not ASCII: let Buffer do UTF-8 (tokens never get here)
        const utf8 = Buffer.from(message, 'utf8');
        if (this.bytes.length < padTo(utf8.length)) this.grow(padTo(utf8.length));
        this.bytes.set(utf8);
        return utf8.length;
      }
      b[i] = c;
    }
    return n;
  }

  private grow(size: number): void {
    this.bytes = new Uint8Array(Math.max(size, this.bytes.length * 2));
  }

  /** One SHA-256 compression of the 64 bytes at `at` into `s` (FIPS 180-4, 6.2.2). */
  private compress(s: Int32Array, b: Uint8Array, at: number): void {
    const w = this.words;
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = s[0];
    let bb = s[1];
    let c = s[2];
    let d = s[3];
    let e = s[4];
    let f = s[5];
    let g = s[6];
    let h = s[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    s[0] = (s[0] + a) | 0;
    s[1] = (s[1] + bb) | 0;
    s[2] = (s[2] + c) | 0;
    s[3] = (s[3] + d) | 0;
    s[4] = (s[4] + e) | 0;
    s[5] = (s[5] + f) | 0;
    s[6] = (s[6] + g) | 0;
    s[7] = (s[7] + h) | 0;
  }
}

/** Bytes of `length` message bytes once padded: a 0x80, zeros, and the 8-byte length, to a whole block. */
function padTo(length: number): number {
  return Math.ceil((length + 9) / BLOCK) * BLOCK;
}

/** The message's length in bits, big-endian, in the last 8 bytes before `end`. */
function writeBitLength(b: Uint8Array, end: number, byteLength: number): void {
  const bits = byteLength * 8;
  const high = Math.floor(bits / 0x100000000);
  writeWord(b, end - 8, high);
  writeWord(b, end - 4, bits >>> 0);
}

function writeWord(b: Uint8Array, at: number, word: number): void {
  b[at] = word >>> 24;
  b[at + 1] = (word >>> 16) & 0xff;
  b[at + 2] = (word >>> 8) & 0xff;
  b[at + 3] = word & 0xff;
}
