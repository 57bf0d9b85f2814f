import { Migration } from '@mikro-orm/migrations';

/**
 * Bounces and complaints you cannot replay, quarantine that expires. A delivery's hard bounce,
 * complaint, account error or soft failure counts once: the event row is unique on (delivery,
 * what it counted as), inserted with `on conflict do nothing`. Rows from before keep a null
 * there, which the key leaves alone. The quarantine purge walks the arrival time.
 * Generated from the entities (create-migration).
 */
export class Migration20261201091725_bounce_trust extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "bounce_events" add column "counted_as" text null;`);
    this.addSql(
      `alter table "bounce_events" add constraint "bounce_events_delivery_id_counted_as_unique" unique ("delivery_id", "counted_as");`,
    );
    this.addSql(`create index "quarantine_received_at_index" on "quarantine" ("received_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "quarantine_received_at_index";`);
    this.addSql(`alter table "bounce_events" drop constraint "bounce_events_delivery_id_counted_as_unique";`);
    this.addSql(`alter table "bounce_events" drop column "counted_as";`);
  }
}
