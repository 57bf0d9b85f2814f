/**
 * Who is calling the API, as its token says. An operator token covers every account; an
 * account token one. `name` is what audit trails record: never a field of the request.
 */
export type Principal =
  | { readonly name: string; readonly scope: 'operator' }
  | { readonly name: string; readonly scope: 'account'; readonly account: string };

/** The bootstrap operator token (POSTROOM_API_TOKEN) is named so; no ledger token may be. */
export const BOOTSTRAP_NAME = 'bootstrap';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook before the body is read; absent on public routes. */
    principal?: Principal;
  }
}

/** Whether the caller may see and change this account's resources. */
export function mayAct(caller: Principal, account: string): boolean {
  return caller.scope === 'operator' || caller.account === account;
}
