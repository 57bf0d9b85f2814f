import { Migration } from '@mikro-orm/migrations';

export class Migration20261128091309_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "accounts" ("id" text not null, "daily_limit" int not null, "time_zone" text not null, "status" text not null default 'active', "created_at" timestamptz not null default now(), constraint "accounts_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "blacklist" ("account_id" text not null, "email_normalized" text not null, "reason" text not null, "source" text not null, "delivery_id" bigint null, "diagnostic" text null, "created_at" timestamptz not null default now(), constraint "blacklist_pkey" primary key ("account_id", "email_normalized"));`,
    );

    this.addSql(
      `create table "campaigns" ("id" uuid not null default gen_random_uuid(), "account_id" text not null, "idempotency_key" text not null, "from_address" text not null, "subject" text not null, "html" text not null, "text" text null, "send_at" timestamptz null, "recipient_count" int not null default 0, "duplicate_count" int not null default 0, "priority" int not null default 0, "created_at" timestamptz not null default now(), constraint "campaigns_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "campaigns_account_id_created_at_index" on "campaigns" ("account_id", "created_at");`,
    );
    this.addSql(
      `alter table "campaigns" add constraint "campaigns_account_id_idempotency_key_unique" unique ("account_id", "idempotency_key");`,
    );
    this.addSql(
      `alter table "campaigns" add constraint "campaigns_account_id_foreign" foreign key ("account_id") references "accounts" ("id");`,
    );

    this.addSql(
      `create table "deliveries" ("id" bigserial primary key, "campaign_id" uuid not null, "account_id" text not null, "email" text not null, "email_normalized" text not null, "name" text null, "vars" jsonb null, "status" text not null, "reason" text null, "due_at" timestamptz null, "attempts" smallint not null default 0, "sent_at" timestamptz null, "smtp_reply" text null, "message_id" text null, "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "deliveries_campaign_id_id_index" on "deliveries" ("campaign_id", "id");`);
    // the dispatcher's scan: only work that is waiting, in submission order
    this.addSql(
      `create index "deliveries_waiting_index" on "deliveries" ("account_id", "id") where "status" in ('queued', 'retrying', 'deferred');`,
    );
    // sweepers: claimed work whose message or sender went missing
    this.addSql(
      `create index "deliveries_in_flight_index" on "deliveries" ("updated_at") where "status" in ('dispatched', 'sending');`,
    );
    this.addSql(
      `alter table "deliveries" add constraint "deliveries_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "deliveries" add constraint "deliveries_campaign_id_email_normalized_unique" unique ("campaign_id", "email_normalized");`,
    );

    this.addSql(
      `create table "delivery_events" ("id" bigserial primary key, "delivery_id" bigint not null, "from_status" text null, "to_status" text not null, "detail" text null, "smtp_reply" text null, "at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "delivery_events_delivery_id_id_index" on "delivery_events" ("delivery_id", "id");`,
    );
    this.addSql(
      `alter table "delivery_events" add constraint "delivery_events_delivery_id_foreign" foreign key ("delivery_id") references "deliveries" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "outbox" ("id" bigserial primary key, "routing_key" text not null, "payload" jsonb not null, "created_at" timestamptz not null default now());`,
    );

    this.addSql(
      `create table "quota_days" ("account_id" text not null, "day" date not null, "daily_limit" int not null, "used" int not null default 0, constraint "quota_days_pkey" primary key ("account_id", "day"));`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'delivery_events',
      'outbox',
      'quota_days',
      'blacklist',
      'deliveries',
      'campaigns',
      'accounts',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
