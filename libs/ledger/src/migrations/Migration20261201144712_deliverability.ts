import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 16: soft blacklist entries that expire (`blacklist.expires_at`), and the provider groups
 * that throttled a campaign (`throttled_groups`), written by the sender, read by the scheduler.
 */
export class Migration20261201144712_deliverability extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "blacklist" add column "expires_at" timestamptz null;`);
    this.addSql(
      `create table "throttled_groups" ("campaign_id" uuid not null, "group_name" text not null, "until" timestamptz not null, "rate" double precision not null, "full_rate" double precision not null, "deferrals" int not null, "updated_at" timestamptz not null, constraint "throttled_groups_pkey" primary key ("campaign_id", "group_name"));`,
    );
    this.addSql(`create index "throttled_groups_until_index" on "throttled_groups" ("until");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "throttled_groups" cascade;`);
    this.addSql(`alter table "blacklist" drop column "expires_at";`);
  }
}
