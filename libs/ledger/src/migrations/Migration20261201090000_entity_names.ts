import { Migration } from '@mikro-orm/migrations';

/** The foreign keys that were declared inline get the names the entities give them. */
const RENAMED: ReadonlyArray<[table: string, from: string, to: string]> = [
  ['campaign_links', 'campaign_links_campaign_id_fkey', 'campaign_links_campaign_id_foreign'],
  ['bounce_events', 'bounce_events_delivery_id_fkey', 'bounce_events_delivery_id_foreign'],
  ['limit_history', 'limit_history_account_id_fkey', 'limit_history_account_id_foreign'],
  ['notices', 'notices_campaign_id_fkey', 'notices_campaign_id_foreign'],
];

/**
 * The entities are the schema (a test fails when a database built by the migrations differs
 * from them): this aligns the last names that differed. Nothing else changes.
 */
export class Migration20261201090000_entity_names extends Migration {
  override async up(): Promise<void> {
    for (const [table, from, to] of RENAMED) {
      this.addSql(`alter table "${table}" rename constraint "${from}" to "${to}";`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, from, to] of RENAMED) {
      this.addSql(`alter table "${table}" rename constraint "${to}" to "${from}";`);
    }
  }
}
