import { randomBytes } from 'node:crypto';

/** Random bytes in a Message-ID: 128 bits, so knowing other ids of ours helps nobody guess one. */
const RANDOM_BYTES = 16;
const UNGUESSABLE = /^<[0-9a-f]{32,64}@[^<>@\s]{1,253}>$/;

/**
 * Random bytes are drawn from the CSPRNG a few KB at a time and each byte is used once: one
 * system call per 256 ids instead of one per id (the sender makes one per email).
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function freshRandom(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}

/** A fresh Message-ID, `<32 hex digits@domain>`: it names no delivery, the ledger does. */
export function newMessageId(domain: string): string {
  return `<${freshRandom(RANDOM_BYTES).toString('hex')}@${domain}>`;
}

/**
 * Whether a Message-ID (with angle brackets) has at least 128 random bits, the only kind that may
 * identify a delivery. Ids of the older `<deliveryId.12hex@domain>` form (48 random bits next to
 * a sequential id) do not.
 */
export function isUnguessableMessageId(messageId: string): boolean {
  return UNGUESSABLE.test(messageId);
}
