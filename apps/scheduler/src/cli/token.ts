import { commonEnv, ConfigError, loadConfig } from '@postroom/config';
import { ApiTokenStore, Ledger } from '@postroom/ledger';
import { systemClock } from '@postroom/runtime';
import { TokenAdmin, tokenView } from '../tokens/token-admin';
import { parseTokenArgs, USAGE, UsageError, type TokenCommand } from './token-args';

/**
 * `npm run token -- create|list|revoke`: API tokens in the ledger named by DATABASE_URL (in the
 * stack: `docker compose run --rm scheduler node dist/apps/scheduler/src/cli/token.js …`).
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: TokenCommand;
  try {
    command = parseTokenArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`token: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const { DATABASE_URL } = loadConfig('token', { DATABASE_URL: commonEnv.DATABASE_URL }, process.env);
  const ledger = await Ledger.connect(DATABASE_URL, { poolMax: 1 });
  try {
    // the CLI is its own composition root: no Nest here
    return await run(new TokenAdmin(ledger, new ApiTokenStore(), systemClock), command);
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') {
      process.stderr.write('token: the ledger has no api_tokens table yet: run `npm run migrate` first\n');
      return 1;
    }
    throw err;
  } finally {
    await ledger.close();
  }
}

async function run(admin: TokenAdmin, command: TokenCommand): Promise<number> {
  if (command.kind === 'list') {
    for (const t of (await admin.list()).map(tokenView)) {
      const scope = t.scope === 'operator' ? 'operator' : `account ${t.account}`;
      process.stdout.write(
        `${t.name}\t${scope}\tcreated ${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`,
      );
    }
    return 0;
  }
  if (command.kind === 'revoke') {
    if ((await admin.revoke(command.name)) === 'unknown') {
      process.stderr.write(`token: no token named ${command.name}\n`);
      return 1;
    }
    process.stderr.write(`revoked ${command.name}: its next request gets 401\n`);
    return 0;
  }
  const outcome = await admin.create(command.request);
  if (outcome.kind !== 'created') {
    process.stderr.write(
      `token: ${outcome.kind === 'invalid' ? outcome.reason : `the name ${command.request.name} is taken`}\n`,
    );
    return 1;
  }
  const scope =
    command.request.scope === 'operator' ? 'every account (operator)' : `account ${command.request.account}`;
  process.stderr.write(`created ${command.request.name} for ${scope}; the value below is shown this once:\n`);
  process.stdout.write(`${outcome.token}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`token: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  },
);
