/**
 * The VERP return path of one delivery, `bounces+<signed token>@<bounce domain>`: the sender
 * writes it, the bounce listener reads it back from the envelope recipient of a bounce.
 */

const PREFIX = 'bounces+';
const TOKEN = /^[A-Za-z0-9._-]{1,200}$/;

export function verpAddress(token: string, bounceDomain: string): string {
  return `${PREFIX}${token}@${bounceDomain}`;
}

/**
 * The token of `address` when it is a VERP address of `bounceDomain`, else null. The prefix and
 * the domain compare case-insensitively (as mail systems treat them); the token is returned as
 * written, so a token whose case was changed fails its signature check.
 */
export function verpTokenIn(address: string, bounceDomain: string): string | null {
  if (address.length > 320) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (domain.toLowerCase() !== bounceDomain.toLowerCase()) return null;
  if (local.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const token = local.slice(PREFIX.length);
  return TOKEN.test(token) ? token : null;
}
