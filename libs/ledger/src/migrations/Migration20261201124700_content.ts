import { Migration } from '@mikro-orm/migrations';

/**
 * Templates and audiences (issue 13 §1, §4): the template report stored with each campaign, and
 * the index that lists an account's sent-to contacts in address order for its audience export.
 */
export class Migration20261201124700_content extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "campaigns" add column "template_report" jsonb null;`);
    this.addSql(
      `create index "deliveries_sent_contacts_index" on "deliveries" ("account_id", "email_normalized") where "sent_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "deliveries_sent_contacts_index";`);
    this.addSql(`alter table "campaigns" drop column if exists "template_report";`);
  }
}
