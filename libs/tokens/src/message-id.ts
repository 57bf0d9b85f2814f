import { randomBytes } from 'node:crypto';

/** Random bytes in a Message-ID: 128 bits, so knowing other ids of ours helps nobody guess one. */
const RANDOM_BYTES = 16;
const UNGUESSABLE = /^<[0-9a-f]{32,64}@[^<>@\s]{1,253}>$/;

/** A fresh Message-ID, `<32 hex digits@domain>`: it names no delivery, the ledger does. */
export function newMessageId(domain: string): string {
  return `<${randomBytes(RANDOM_BYTES).toString('hex')}@${domain}>`;
}

/**
 * Whether a Message-ID (with angle brackets) has at least 128 random bits, the only kind that may
 * identify a delivery. Ids of the older `<deliveryId.12hex@domain>` form (48 random bits next to
 * a sequential id) do not.
 */
export function isUnguessableMessageId(messageId: string): boolean {
  return UNGUESSABLE.test(messageId);
}
