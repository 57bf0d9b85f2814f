import { Migration } from '@mikro-orm/migrations';

/**
 * Cheaper opens: an open used to update its delivery's row (counters) and lock it (the foreign
 * key's check) every time. Now the events are the counts, and a delivery's row changes only when
 * its first open or click arrives. The tracker inserts events joined to their delivery, and
 * deliveries are never deleted, so the key's check bought nothing on this append-only log.
 * No query reads events by delivery (read times live on the delivery), so their by-delivery
 * index, a random insert per open, gives way to a BRIN index on the time, which costs next to
 * nothing and serves time ranges (clean-ups).
 */
export class Migration20261128120000_lean_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "tracking_events" drop constraint if exists "tracking_events_delivery_id_fkey";`,
    );
    this.addSql(`alter table "deliveries" drop column "open_count", drop column "click_count";`);
    this.addSql(`drop index if exists "tracking_events_delivery_id_at_index";`);
    this.addSql(`create index "tracking_events_at_brin" on "tracking_events" using brin ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "tracking_events_at_brin";`);
    this.addSql(
      `create index "tracking_events_delivery_id_at_index" on "tracking_events" ("delivery_id", "at");`,
    );
    this.addSql(
      `alter table "deliveries" add column "open_count" int not null default 0, add column "click_count" int not null default 0;`,
    );
    this.addSql(
      `update deliveries d set open_count = t.opens, click_count = t.clicks
         from (select delivery_id, count(*) filter (where kind = 'open') as opens,
                      count(*) filter (where kind = 'click') as clicks
                 from tracking_events group by delivery_id) t
        where t.delivery_id = d.id;`,
    );
    this.addSql(
      `delete from tracking_events t where not exists (select 1 from deliveries d where d.id = t.delivery_id);`,
    );
    this.addSql(
      `alter table "tracking_events" add constraint "tracking_events_delivery_id_fkey" foreign key ("delivery_id") references "deliveries" ("id") on delete cascade;`,
    );
  }
}
