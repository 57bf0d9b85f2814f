import { Migration } from '@mikro-orm/migrations';

/**
 * Scoped API tokens (DESIGN §7): generated from the ApiToken entity by create-migration.ts and
 * kept to its own table (the generator also proposes undoing older hand-written indexes and
 * keys that the entities do not describe; those are not this migration's business).
 */
export class Migration20261201093000_api_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_tokens" ("id" bigserial primary key, "name" text not null, "scope" text not null, "account_id" text null, "token_hash" text not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint api_tokens_scope_check check ((scope = 'operator' and account_id is null) or (scope = 'account' and account_id is not null)));`,
    );
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_name_unique" unique ("name");`);
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_tokens" cascade;`);
  }
}
