/**
 * VERP: the sender sets the return path of each delivery to `bounces+<token>@<bounce domain>`,
 * so a bounce names the delivery in its envelope recipient (and usually its To header).
 */

const VERP = /^bounces\+([A-Za-z0-9._=-]{1,200})@[A-Za-z0-9.-]{1,253}$/i;

/**
 * The token of a VERP address (`bounces+42@bounce.example.com` → `42`), or null when the
 * address is not one. Accepts a bare address, `<address>` or `Name <address>`.
 */
export function verpTokenOf(address: string | null | undefined): string | null {
  if (!address || address.length > 600) return null;
  const bracket = /<([^<>]*)>\s*$/.exec(address);
  const bare = (bracket ? bracket[1] : address).trim();
  const m = VERP.exec(bare);
  return m ? m[1] : null;
}
