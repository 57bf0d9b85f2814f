import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 16: soft blacklist entries that expire (`blacklist.expires_at`), the provider groups
 * that throttled a campaign (`throttled_groups`), written by the sender, read by the scheduler, and
 * each delivery's first human and machine click (`deliveries.clicked_at`, `clicked_machine_at`),
 * and the optional pre-send spam check of each campaign (`spam_checks`).
 */
export class Migration20261201144712_deliverability extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "blacklist" add column "expires_at" timestamptz null;`);
    this.addSql(
      `create table "throttled_groups" ("campaign_id" uuid not null, "group_name" text not null, "until" timestamptz not null, "rate" double precision not null, "full_rate" double precision not null, "deferrals" int not null, "updated_at" timestamptz not null, constraint "throttled_groups_pkey" primary key ("campaign_id", "group_name"));`,
    );
    this.addSql(`create index "throttled_groups_until_index" on "throttled_groups" ("until");`);
    this.addSql(
      `alter table "deliveries" add column "clicked_at" timestamptz null, add column "clicked_machine_at" timestamptz null;`,
    );
    this.addSql(
      `create table "spam_checks" ("campaign_id" uuid not null, "status" text not null, "score" double precision null, "hold_score" double precision null, "rules" jsonb null, "detail" text null, "created_at" timestamptz not null, "checked_at" timestamptz null, "released_by" text null, "released_at" timestamptz null, constraint "spam_checks_pkey" primary key ("campaign_id"));`,
    );
    this.addSql(`create index "spam_checks_status_index" on "spam_checks" ("status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "spam_checks" cascade;`);
    this.addSql(`alter table "deliveries" drop column "clicked_at", drop column "clicked_machine_at";`);
    this.addSql(`drop table if exists "throttled_groups" cascade;`);
    this.addSql(`alter table "blacklist" drop column "expires_at";`);
  }
}
