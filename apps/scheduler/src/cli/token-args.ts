import type { TokenRequest } from '../tokens/token-admin';

export type TokenCommand =
  { kind: 'create'; request: TokenRequest } | { kind: 'list' } | { kind: 'revoke'; name: string };

export const USAGE = `usage: npm run token -- create --account <account> --name <name>   a token for one account
       npm run token -- create --operator --name <name>             a token for every account
       npm run token -- list                                        every token (no values)
       npm run token -- revoke --name <name>                        its next request gets 401

The value of a new token is printed once, on stdout. DATABASE_URL names the ledger.`;

export class UsageError extends Error {}

/** `--name crm`, `--name=crm` and flags, after the command word. */
export function parseTokenArgs(argv: readonly string[]): TokenCommand {
  const [command, ...rest] = argv;
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) {
      positional.push(arg);
      continue;
    }
    const [, key, inline] = m;
    if (key === 'operator') options.set(key, true);
    else if (inline !== undefined) options.set(key, inline);
    else if (i + 1 < rest.length) options.set(key, rest[++i]);
    else throw new UsageError(`--${key} needs a value`);
  }
  const name = options.get('name') ?? positional[0];
  const unknown = [...options.keys()].filter((k) => !['name', 'account', 'operator'].includes(k));
  if (unknown.length) throw new UsageError(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
  switch (command) {
    case 'list':
      return { kind: 'list' };
    case 'revoke':
      if (typeof name !== 'string') throw new UsageError('revoke: --name is required');
      return { kind: 'revoke', name };
    case 'create': {
      if (typeof name !== 'string') throw new UsageError('create: --name is required');
      const account = options.get('account');
      const operator = options.get('operator') === true;
      if (operator === (account !== undefined))
        throw new UsageError('create: give either --account <account> or --operator');
      if (operator) return { kind: 'create', request: { name, scope: 'operator' } };
      if (typeof account !== 'string') throw new UsageError('--account needs a value');
      return { kind: 'create', request: { name, scope: 'account', account } };
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'a command is needed');
  }
}
