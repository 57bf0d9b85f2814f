import { migrateUp } from '../migrate';

/** `npm run migrate`: creates the database named by DATABASE_URL if needed and applies pending migrations. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postroom';
  const applied = await migrateUp(url);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'ledger is up to date\n');
}

main().catch((err: Error) => {
  process.stderr.write(`migration failed: ${err.message}\n`);
  process.exit(1);
});
