import { Migration20261128091309_ledger } from './Migration20261128091309_ledger';
import { Migration20261128093855_quota } from './Migration20261128093855_quota';
import { Migration20261128101500_tracking } from './Migration20261128101500_tracking';
import { Migration20261128103000_bounces } from './Migration20261128103000_bounces';
import { Migration20261128120000_lean_tracking } from './Migration20261128120000_lean_tracking';
import { Migration20261201090000_entity_names } from './Migration20261201090000_entity_names';
import { Migration20261201091725_bounce_trust } from './Migration20261201091725_bounce_trust';
import { Migration20261201093000_api_tokens } from './Migration20261201093000_api_tokens';
import { Migration20261201124700_content } from './Migration20261201124700_content';
import { Migration20261201131700_signing_domains } from './Migration20261201131700_signing_domains';
import { Migration20261201132400_sender_leases } from './Migration20261201132400_sender_leases';
import { Migration20261201135100_sms_channel } from './Migration20261201135100_sms_channel';
import { Migration20261201144504_console } from './Migration20261201144504_console';
import { Migration20261201144712_deliverability } from './Migration20261201144712_deliverability';

/** Every migration in order; listed explicitly so compiled and TypeScript runs find the same set. */
export const migrationsList = [
  { name: 'Migration20261128091309_ledger', class: Migration20261128091309_ledger },
  { name: 'Migration20261128093855_quota', class: Migration20261128093855_quota },
  { name: 'Migration20261128101500_tracking', class: Migration20261128101500_tracking },
  { name: 'Migration20261128103000_bounces', class: Migration20261128103000_bounces },
  { name: 'Migration20261128120000_lean_tracking', class: Migration20261128120000_lean_tracking },
  { name: 'Migration20261201090000_entity_names', class: Migration20261201090000_entity_names },
  { name: 'Migration20261201091725_bounce_trust', class: Migration20261201091725_bounce_trust },
  { name: 'Migration20261201093000_api_tokens', class: Migration20261201093000_api_tokens },
  { name: 'Migration20261201124700_content', class: Migration20261201124700_content },
  { name: 'Migration20261201131700_signing_domains', class: Migration20261201131700_signing_domains },
  { name: 'Migration20261201132400_sender_leases', class: Migration20261201132400_sender_leases },
  { name: 'Migration20261201135100_sms_channel', class: Migration20261201135100_sms_channel },
  { name: 'Migration20261201144504_console', class: Migration20261201144504_console },
  { name: 'Migration20261201144712_deliverability', class: Migration20261201144712_deliverability },
];
