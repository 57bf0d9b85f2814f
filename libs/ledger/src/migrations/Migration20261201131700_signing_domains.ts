import { Migration } from '@mikro-orm/migrations';

/** The From domains the senders sign with DKIM (issue 13 §2), from the SigningDomain entity. */
export class Migration20261201131700_signing_domains extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "signing_domains" ("domain" text not null, "selectors" text not null, "published_at" timestamptz not null, constraint "signing_domains_pkey" primary key ("domain"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signing_domains" cascade;`);
  }
}
