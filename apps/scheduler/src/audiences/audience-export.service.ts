import { Inject, Injectable } from '@nestjs/common';
import { AudienceStore, type AudienceContactRow, type AudiencePage, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { Readable } from 'node:stream';
import { audienceCsv } from './audience-csv';
import type { AudiencePlatform } from './audience-formats';
import type { Contact } from './audience-row';

const PAGE = 5000;

export interface AudienceExport {
  /** Contacts left out because they are blacklisted or unsubscribed (0 with includeAll). */
  readonly excluded: number;
  readonly csv: Readable;
}

type Fetch = (page: AudiencePage) => Promise<AudienceContactRow[]>;

/**
 * A campaign's or an account's contacts as the CSV an ad platform imports, streamed page by
 * page. The number left out is counted first, so that it goes in a response header before the
 * body (no HTTP trailer needed); undefined when the campaign or account does not exist.
 */
@Injectable()
export class AudienceExportService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly audiences: AudienceStore,
  ) {}

  async campaign(
    campaignId: string,
    platform: AudiencePlatform,
    includeAll: boolean,
  ): Promise<AudienceExport | undefined> {
    const excluded = await this.audiences.campaignExcluded(this.ledger, campaignId);
    if (excluded === undefined) return undefined;
    return this.export(excluded, platform, includeAll, (page) =>
      this.audiences.campaignContacts(this.ledger, campaignId, page),
    );
  }

  async account(
    accountId: string,
    platform: AudiencePlatform,
    includeAll: boolean,
  ): Promise<AudienceExport | undefined> {
    const excluded = await this.audiences.accountExcluded(this.ledger, accountId);
    if (excluded === undefined) return undefined;
    return this.export(excluded, platform, includeAll, (page) =>
      this.audiences.accountContacts(this.ledger, accountId, page),
    );
  }

  private export(
    excluded: number,
    platform: AudiencePlatform,
    includeAll: boolean,
    fetch: Fetch,
  ): AudienceExport {
    return {
      excluded: includeAll ? 0 : excluded,
      csv: Readable.from(audienceCsv(contacts(fetch, includeAll), platform)),
    };
  }
}

async function* contacts(fetch: Fetch, includeAll: boolean): AsyncGenerator<Contact> {
  let after = '';
  for (;;) {
    const rows = await fetch({ after, limit: PAGE, includeAll });
    for (const row of rows) yield { email: row.email, phone: row.phone };
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].key;
  }
}
