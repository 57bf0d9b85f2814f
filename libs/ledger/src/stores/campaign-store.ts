import type { CampaignSubmission, CampaignSubmit, Recipient } from '@postroom/contracts';
import type { Sql } from '../ledger';
import { normalizeEmail } from './normalize-email';

export interface CampaignRow {
  id: string;
  account_id: string;
  idempotency_key: string;
  from_address: string;
  subject: string;
  html: string;
  text: string | null;
  channel: 'email' | 'sms';
  sms_from: string | null;
  /** The template check's findings on submit; null for campaigns stored before it existed. */
  template_report: TemplateReportEntry[] | null;
  send_at: Date | null;
  recipient_count: number;
  duplicate_count: number;
  priority: number;
  created_at: Date;
  /** running, paused or cancelled (campaign-state-store.ts) */
  state: string;
}

export interface CampaignTemplateRow {
  id: string;
  from_address: string;
  subject: string;
  html: string;
  text: string | null;
}

/** An email campaign without its segment. */
export type EmailCampaignHeader = Omit<CampaignSubmit, 'recipients'>;

/** Either channel's campaign without its segment. */
export type CampaignHeader = CampaignSubmission extends infer C
  ? C extends { recipients: unknown }
    ? Omit<C, 'recipients'>
    : never
  : never;

export interface TemplateReportEntry {
  severity: 'error' | 'warning';
  element: string;
  message: string;
}

export interface InsertedRecipients {
  queued: number;
  suppressed: number;
  duplicates: number;
}

/** One SMS recipient, checked by the submit service: `phone` is E.164. */
export interface SmsRecipientRow {
  readonly phone: string;
  readonly name?: string | null;
  readonly vars?: Record<string, unknown> | null;
}

/** Campaigns and their segments in the ledger. Every write takes the caller's transaction. */
export class CampaignStore {
  /**
   * Creates the campaign (and its account, with the defaults, on first use) unless the
   * idempotency key is known; returns the campaign and whether it was created now.
   */
  async create(
    sql: Sql,
    header: CampaignHeader,
    defaultDailyLimit: number,
    templateReport: readonly TemplateReportEntry[] = [],
  ): Promise<{ campaign: CampaignRow; created: boolean }> {
    await sql.query(
      `insert into accounts (id, daily_limit, time_zone) values ($1, $2, 'UTC') on conflict (id) do nothing`,
      [header.account, defaultDailyLimit],
    );
    const inserted = await sql.query<CampaignRow>(
      `insert into campaigns (account_id, idempotency_key, from_address, subject, html, text, send_at, priority, template_report, channel, sms_from)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       on conflict (account_id, idempotency_key) do nothing
       returning *`,
      [
        header.account,
        header.idempotencyKey,
        header.from,
        header.channel === 'sms' ? '' : header.subject, // an SMS campaign has neither
        header.channel === 'sms' ? '' : header.html,
        header.text ?? null,
        header.sendAt ?? null,
        header.priority ?? 0,
        JSON.stringify(templateReport),
        header.channel ?? 'email',
        header.channel === 'sms' ? (header.smsFrom ?? null) : null,
      ],
    );
    if (inserted.rows[0]) return { campaign: inserted.rows[0], created: true };
    const existing = await this.findByKey(sql, header.account, header.idempotencyKey);
    if (!existing) throw new Error('campaign vanished between insert and select');
    return { campaign: existing, created: false };
  }

  async findByKey(sql: Sql, account: string, idempotencyKey: string): Promise<CampaignRow | undefined> {
    const res = await sql.query<CampaignRow>(
      `select * from campaigns where account_id = $1 and idempotency_key = $2`,
      [account, idempotencyKey],
    );
    return res.rows[0];
  }

  /** An account's latest campaigns (at most `limit`), optionally only the one with this key. */
  async list(
    sql: Sql,
    account: string,
    idempotencyKey: string | undefined,
    limit = 100,
  ): Promise<CampaignRow[]> {
    const res = await sql.query<CampaignRow>(
      `select * from campaigns where account_id = $1 and ($2::text is null or idempotency_key = $2)
        order by created_at desc limit $3`,
      [account, idempotencyKey ?? null, limit],
    );
    return res.rows;
  }

  async findById(sql: Sql, id: string): Promise<CampaignRow | undefined> {
    if (!isUuid(id)) return undefined;
    const res = await sql.query<CampaignRow>(`select * from campaigns where id = $1`, [id]);
    return res.rows[0];
  }

  /**
   * Stores one chunk of the segment in one statement. Blacklisted addresses are stored as
   * `suppressed` with the reason, never dropped; a repeated address is stored once. Without a
   * `sendAt` a delivery is due at `now`, the injected clock's instant.
   */
  async insertRecipients(
    sql: Sql,
    campaign: CampaignRow,
    recipients: readonly Recipient[],
    now: Date,
  ): Promise<InsertedRecipients> {
    if (recipients.length === 0) return { queued: 0, suppressed: 0, duplicates: 0 };
    const emails: string[] = [];
    const normalized: string[] = [];
    const names: (string | null)[] = [];
    const vars: (string | null)[] = [];
    for (const r of recipients) {
      emails.push(r.email.trim());
      normalized.push(normalizeEmail(r.email));
      names.push(r.name ?? null);
      vars.push(r.vars ? JSON.stringify(r.vars) : null);
    }
    const res = await sql.query<{ status: string; n: string }>(
      `with input as (
         select * from unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) with ordinality
           as t(email, email_normalized, name, vars, ord)
       ), inserted as (
         insert into deliveries (campaign_id, account_id, email, email_normalized, name, vars, status, reason, due_at, priority)
         select $1, $2, i.email, i.email_normalized, i.name, i.vars,
                case when b.reason is null then 'queued' else 'suppressed' end,
                case when b.reason is null then null else 'blacklisted: ' || b.reason end,
                coalesce($7::timestamptz, $9::timestamptz), $8::smallint
           from input i
           left join blacklist b on b.account_id = $2 and b.email_normalized = i.email_normalized
                and (b.expires_at is null or b.expires_at > $9::timestamptz)
          order by i.ord
         on conflict (campaign_id, email_normalized) do nothing
         returning id, status
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, null, status, case when status = 'suppressed' then 'blacklisted address' end from inserted
       )
       select status, count(*) as n from inserted group by status`,
      [
        campaign.id,
        campaign.account_id,
        emails,
        normalized,
        names,
        vars,
        campaign.send_at,
        campaign.priority,
        now,
      ],
    );
    return this.countInserted(sql, campaign, recipients.length, res.rows);
  }

  /**
   * An SMS campaign's segment: the E.164 number is the delivery's key (`email_normalized`), so a
   * number listed twice is stored once, and a number on the account's blacklist (an SMS
   * opt-out, an operator's entry) is stored `suppressed`, as for email. An email address never
   * equals an E.164 number, so email unsubscribes never suppress an SMS.
   */
  async insertSmsRecipients(
    sql: Sql,
    campaign: CampaignRow,
    recipients: readonly SmsRecipientRow[],
    now: Date,
  ): Promise<InsertedRecipients> {
    if (recipients.length === 0) return { queued: 0, suppressed: 0, duplicates: 0 };
    const res = await sql.query<{ status: string; n: string }>(
      `with input as (
         select * from unnest($3::text[], $4::text[], $5::jsonb[]) with ordinality as t(phone, name, vars, ord)
       ), inserted as (
         insert into deliveries (campaign_id, account_id, channel, phone, email, email_normalized, name, vars, status, reason, due_at, priority)
         select $1, $2, 'sms', i.phone, null, i.phone, i.name, i.vars,
                case when b.reason is null then 'queued' else 'suppressed' end,
                case when b.reason is null then null else 'blacklisted: ' || b.reason end,
                coalesce($6::timestamptz, $8::timestamptz), $7::smallint
           from input i
           left join blacklist b on b.account_id = $2 and b.email_normalized = i.phone
          order by i.ord
         on conflict (campaign_id, email_normalized) do nothing
         returning id, status
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, null, status, case when status = 'suppressed' then 'blacklisted number' end from inserted
       )
       select status, count(*) as n from inserted group by status`,
      [
        campaign.id,
        campaign.account_id,
        recipients.map((r) => r.phone),
        recipients.map((r) => r.name ?? null),
        recipients.map((r) => (r.vars ? JSON.stringify(r.vars) : null)),
        campaign.send_at,
        campaign.priority,
        now,
      ],
    );
    return this.countInserted(sql, campaign, recipients.length, res.rows);
  }

  /**
   * A chunk's inserted rows by status, added to the campaign's counts: whatever of the
   * `asked` the unique key turned away is a duplicate.
   */
  private async countInserted(
    sql: Sql,
    campaign: CampaignRow,
    asked: number,
    rows: readonly { status: string; n: string }[],
  ): Promise<InsertedRecipients> {
    const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const queued = counts.queued ?? 0;
    const suppressed = counts.suppressed ?? 0;
    const duplicates = asked - queued - suppressed;
    await sql.query(
      `update campaigns set recipient_count = recipient_count + $2, duplicate_count = duplicate_count + $3 where id = $1`,
      [campaign.id, queued + suppressed, duplicates],
    );
    return { queued, suppressed, duplicates };
  }

  /** Deliveries read by a person (open or click), and those opened only by machines. */
  async readCounts(sql: Sql, campaignId: string): Promise<{ read: number; read_machine: number }> {
    const res = await sql.query<{ read: number; read_machine: number }>(
      `select count(*) filter (where read_at is not null)::int as read,
              count(*) filter (where read_at is null and read_machine_at is not null)::int as read_machine
         from deliveries where campaign_id = $1`,
      [campaignId],
    );
    return res.rows[0];
  }

  async statusCounts(sql: Sql, campaignId: string): Promise<Record<string, number>> {
    const res = await sql.query<{ status: string; n: string }>(
      `select status, count(*) as n from deliveries where campaign_id = $1 group by status`,
      [campaignId],
    );
    return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
  }

  /** What the sender renders from: the campaign's from-address, subject and bodies. */
  async template(sql: Sql, id: string): Promise<CampaignTemplateRow | undefined> {
    const res = await sql.query<CampaignTemplateRow>(
      `select id, from_address, subject, html, text from campaigns where id = $1`,
      [id],
    );
    return res.rows[0];
  }

  /**
   * In the submission's transaction, with SPAMD_URL: nothing of the campaign is due until its
   * sample is scored (SpamCheckStore: the check itself).
   */
  async holdForSpamCheck(sql: Sql, campaignId: string, now: Date): Promise<void> {
    await sql.query(
      `insert into spam_checks (campaign_id, status, created_at) values ($1, 'pending', $2) on conflict do nothing`,
      [campaignId, now],
    );
    await sql.query(
      `update deliveries set due_at = 'infinity' where campaign_id = $1 and status = 'queued'`,
      [campaignId],
    );
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
