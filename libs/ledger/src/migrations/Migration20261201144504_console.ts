import { Migration } from '@mikro-orm/migrations';

/**
 * The operator console (issue 14): a campaign's state (running, paused, cancelled) and who
 * changed it, and the console's server-side sessions. Generated from the entities by
 * create-migration.ts. The `cancelled` delivery status needs no DDL: statuses are text.
 */
export class Migration20261201144504_console extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "campaign_audit" ("id" bigserial primary key, "campaign_id" uuid not null, "action" text not null, "actor" text not null, "figures" jsonb null, "at" timestamptz not null);`,
    );
    this.addSql(
      `create index "campaign_audit_campaign_id_at_index" on "campaign_audit" ("campaign_id", "at");`,
    );

    this.addSql(
      `create table "console_sessions" ("id_hash" text not null, "token_hash" text not null, "csrf_token" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "ended_at" timestamptz null, constraint "console_sessions_pkey" primary key ("id_hash"));`,
    );
    this.addSql(`create index "console_sessions_expires_at_index" on "console_sessions" ("expires_at");`);

    this.addSql(
      `alter table "campaign_audit" add constraint "campaign_audit_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on update no action on delete cascade;`,
    );

    this.addSql(`alter table "campaigns" add column "state" text not null default 'running';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "campaign_audit" cascade;`);

    this.addSql(`drop table if exists "console_sessions" cascade;`);

    this.addSql(`alter table "campaigns" drop column "state";`);
  }
}
