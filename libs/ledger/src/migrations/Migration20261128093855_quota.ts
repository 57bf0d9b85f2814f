import { Migration } from '@mikro-orm/migrations';

/** Daily limit, deferral and reputation: account days with outcome counters, limit history, priority. */
export class Migration20261128093855_quota extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "limit_history" ("id" bigserial primary key, "account_id" text not null references "accounts" ("id"), "at" timestamptz not null default now(), "day" date null, "old_limit" int not null, "new_limit" int not null, "old_status" text not null, "new_status" text not null, "rule" text not null, "reason" text not null, "figures" jsonb null, "actor" text not null);`,
    );
    this.addSql(`create index "limit_history_account_id_id_index" on "limit_history" ("account_id", "id");`);

    this.addSql(
      `alter table "accounts" add column "block_reason" text null, add column "window_start" timestamptz null, add column "window_baseline" jsonb null, add column "updated_at" timestamptz not null default now();`,
    );

    this.addSql(
      `alter table "deliveries" add column "priority" smallint not null default 0, add column "quota_day" date null;`,
    );
    // the claim's scan: waiting work of one account, highest priority first, then submission order
    this.addSql(`drop index "deliveries_waiting_index";`);
    this.addSql(
      `create index "deliveries_waiting_index" on "deliveries" ("account_id", "priority" desc, "id") where "status" in ('queued', 'retrying', 'deferred');`,
    );
    this.addSql(
      `create index "deliveries_held_index" on "deliveries" ("account_id") where "status" = 'held';`,
    );

    this.addSql(
      `alter table "quota_days" add column "delivered" int not null default 0, add column "hard_bounced" int not null default 0, add column "complaints" int not null default 0, add column "errors" int not null default 0, add column "closed_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "quota_days" add constraint "quota_days_account_id_foreign" foreign key ("account_id") references "accounts" ("id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "limit_history" cascade;`);
    this.addSql(`alter table "quota_days" drop constraint "quota_days_account_id_foreign";`);
    this.addSql(
      `alter table "quota_days" drop column "delivered", drop column "hard_bounced", drop column "complaints", drop column "errors", drop column "closed_at";`,
    );
    this.addSql(`drop index "deliveries_held_index";`);
    this.addSql(`drop index "deliveries_waiting_index";`);
    this.addSql(
      `create index "deliveries_waiting_index" on "deliveries" ("account_id", "id") where "status" in ('queued', 'retrying', 'deferred');`,
    );
    this.addSql(`alter table "deliveries" drop column "priority", drop column "quota_day";`);
    this.addSql(
      `alter table "accounts" drop column "block_reason", drop column "window_start", drop column "window_baseline", drop column "updated_at";`,
    );
  }
}
