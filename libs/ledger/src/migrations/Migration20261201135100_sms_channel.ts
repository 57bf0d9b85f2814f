import { Migration } from '@mikro-orm/migrations';

/**
 * SMS campaigns (issue 13 §3): a channel on campaigns and deliveries, a phone on deliveries (an
 * SMS delivery has no email; its E.164 number is its `email_normalized` key, so uniqueness and
 * the blacklist work unchanged), and an SMS limit per account counted apart on the account day.
 */
export class Migration20261201135100_sms_channel extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "campaigns" add column "channel" text not null default 'email', add column "sms_from" text null;`,
    );
    this.addSql(`alter table "deliveries" alter column "email" drop not null;`);
    this.addSql(
      `alter table "deliveries" add column "channel" text not null default 'email', add column "phone" text null;`,
    );
    this.addSql(
      `create index "deliveries_sms_phone_index" on "deliveries" ("email_normalized") where "channel" = 'sms';`,
    );
    this.addSql(`alter table "accounts" add column "sms_daily_limit" int not null default 1000;`);
    this.addSql(
      `alter table "quota_days" add column "sms_used" int not null default 0, add column "sms_delivered" int not null default 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "quota_days" drop column "sms_used", drop column "sms_delivered";`);
    this.addSql(`alter table "accounts" drop column "sms_daily_limit";`);
    this.addSql(`drop index if exists "deliveries_sms_phone_index";`);
    this.addSql(`delete from "deliveries" where "channel" = 'sms';`);
    this.addSql(`alter table "deliveries" drop column "channel", drop column "phone";`);
    this.addSql(`alter table "deliveries" alter column "email" set not null;`);
    this.addSql(`alter table "campaigns" drop column "channel", drop column "sms_from";`);
  }
}
