import { Migration } from '@mikro-orm/migrations';

/** Bounces, complaints, quarantined inbound mail and error notices. */
export class Migration20261128103000_bounces extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "bounce_events" ("id" bigserial primary key, "delivery_id" bigint not null references "deliveries" ("id") on delete cascade, "campaign_id" uuid not null, "account_id" text not null, "email_normalized" text not null, "kind" text not null, "source" text not null, "reason" text not null, "hard" boolean not null, "status_code" text null, "reply_code" text null, "diagnostic" text null, "feedback_type" text null, "blacklisted" boolean not null default false, "notice_id" bigint null, "at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "bounce_events_account_email_at_index" on "bounce_events" ("account_id", "email_normalized", "at");`,
    );
    this.addSql(
      `create index "bounce_events_unnoticed_index" on "bounce_events" ("campaign_id") where "notice_id" is null;`,
    );
    this.addSql(
      `create table "quarantine" ("id" bigserial primary key, "received_at" timestamptz not null default now(), "source" text not null, "cause" text not null, "detail" text null, "envelope_to" text null, "size" int not null, "raw" bytea null);`,
    );
    this.addSql(
      `create table "notices" ("id" bigserial primary key, "campaign_id" uuid not null references "campaigns" ("id") on delete cascade, "account_id" text not null, "to_address" text not null, "subject" text not null, "body" text not null, "status" text not null default 'queued', "smtp_reply" text null, "created_at" timestamptz not null default now(), "sent_at" timestamptz null);`,
    );
    this.addSql(
      `create index "notices_campaign_id_created_at_index" on "notices" ("campaign_id", "created_at");`,
    );
    this.addSql(
      `create index "deliveries_message_id_index" on "deliveries" ("message_id") where "message_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "deliveries_message_id_index";`);
    this.addSql(`drop table if exists "notices" cascade;`);
    this.addSql(`drop table if exists "quarantine" cascade;`);
    this.addSql(`drop table if exists "bounce_events" cascade;`);
  }
}
