import { Migration } from '@mikro-orm/migrations';

/** Sender leases with a heartbeat (issue 15): a lapsed lease's sends become `unknown` within seconds. */
export class Migration20261201132400_sender_leases extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sender_leases" ("id" uuid not null, "holder" text not null, "started_at" timestamptz not null, "heartbeat_at" timestamptz not null, "expires_at" timestamptz not null, constraint "sender_leases_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "deliveries" add column "lease_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "deliveries" drop column "lease_id";`);
    this.addSql(`drop table if exists "sender_leases" cascade;`);
  }
}
