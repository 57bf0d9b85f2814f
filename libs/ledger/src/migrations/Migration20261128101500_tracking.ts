import { Migration } from '@mikro-orm/migrations';

/** Read status, clicks and unsubscribes: tracked links, tracking events, read times; blacklist audit. */
export class Migration20261128101500_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "campaign_links" ("id" bigserial primary key, "campaign_id" uuid not null references "campaigns" ("id") on delete cascade, "url" text not null);`,
    );
    this.addSql(
      `alter table "campaign_links" add constraint "campaign_links_campaign_id_url_unique" unique ("campaign_id", "url");`,
    );
    this.addSql(
      `create table "tracking_events" ("id" bigserial primary key, "delivery_id" bigint not null references "deliveries" ("id") on delete cascade, "kind" text not null, "link_id" bigint null, "at" timestamptz not null, "machine" boolean not null default false, "machine_reason" text null, "user_agent" text null);`,
    );
    this.addSql(
      `create index "tracking_events_delivery_id_at_index" on "tracking_events" ("delivery_id", "at");`,
    );
    this.addSql(
      `create table "blacklist_audit" ("id" bigserial primary key, "account_id" text not null, "email_normalized" text not null, "action" text not null, "reason" text null, "note" text null, "actor" text not null, "entry" jsonb null, "at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "blacklist_audit_account_id_email_normalized_index" on "blacklist_audit" ("account_id", "email_normalized");`,
    );
    this.addSql(`create index "blacklist_reason_index" on "blacklist" ("account_id", "reason");`);
    this.addSql(
      `alter table "deliveries" add column "read_at" timestamptz null, add column "read_machine_at" timestamptz null, add column "open_count" int not null default 0, add column "click_count" int not null default 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "blacklist_reason_index";`);
    this.addSql(`drop table if exists "blacklist_audit" cascade;`);
    this.addSql(
      `alter table "deliveries" drop column "read_at", drop column "read_machine_at", drop column "open_count", drop column "click_count";`,
    );
    this.addSql(`drop table if exists "tracking_events" cascade;`);
    this.addSql(`drop table if exists "campaign_links" cascade;`);
  }
}
