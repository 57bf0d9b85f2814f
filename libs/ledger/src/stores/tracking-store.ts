import type { Sql } from '../ledger';

export interface TrackingEventInput {
  deliveryId: string;
  kind: 'open' | 'click';
  linkId?: string;
  at: Date;
  /** Set when the request itself looked machine-made (HEAD, prefetch, known scanner, burst). */
  machineReason?: string;
  userAgent?: string;
}

/** Opens, clicks and unsubscribes in the ledger. */
export class TrackingStore {
  /**
   * Writes a batch of events in one statement (the events are the counts) and sets a delivery's
   * read times when its first open or click arrives. An open within `machineWindowS` of the send is flagged as machine-made here,
   * where the send time is known. Events of unknown deliveries are dropped. Returns how many
   * events were stored, and how many of them were machine-made.
   */
  async record(
    sql: Sql,
    events: readonly TrackingEventInput[],
    machineWindowS: number,
    /** A click this soon after the send is a security gateway scanning the message on arrival. */
    clickWindowS = machineWindowS,
  ): Promise<{ stored: number; machine: number }> {
    if (events.length === 0) return { stored: 0, machine: 0 };
    const res = await sql.query<{ stored: string; machine: string }>(
      `with input as (
         -- times as ms since 1970: a number costs the client and the server less than a date's text
         select delivery_id, kind, link_id, to_timestamp(at_ms / 1000.0) as at, machine_reason, user_agent, ord
           from unnest($1::bigint[], $2::text[], $3::bigint[], $4::float8[], $5::text[], $6::text[])
             with ordinality as t(delivery_id, kind, link_id, at_ms, machine_reason, user_agent, ord)
       ), judged as (
         select i.ord, i.delivery_id, i.kind, i.link_id, i.at, i.user_agent, m.reason,
                -- whether the event can move its delivery's read time earlier, known from the
                -- row read here: most opens are later ones and then cost no second look-up
                i.at < case when m.reason is null then coalesce(d.read_at, 'infinity')
                            else coalesce(d.read_machine_at, 'infinity') end as earlier
           from input i
           join deliveries d on d.id = i.delivery_id
           cross join lateral (
             select coalesce(i.machine_reason,
                      case when i.kind = 'open' and d.sent_at is not null
                                and i.at < d.sent_at + make_interval(secs => $7::double precision)
                           then 'within ' || $7 || 's of the send'
                           when i.kind = 'click' and d.sent_at is not null
                                and i.at < d.sent_at + make_interval(secs => $8::double precision)
                           then 'too-soon: clicked within ' || $8 || 's of the send' end) as reason
           ) m
       ), stored as (
         insert into tracking_events (delivery_id, kind, link_id, at, machine, machine_reason, user_agent)
         select delivery_id, kind, link_id, at, reason is not null, reason, user_agent from judged order by ord
       ), per_delivery as (
         -- clicks are few beside opens: each one is looked at for the click times
         select delivery_id,
                min(at) filter (where reason is null and earlier) as first_human,
                min(at) filter (where reason is not null and earlier) as first_machine,
                min(at) filter (where kind = 'click' and reason is null) as first_human_click,
                min(at) filter (where kind = 'click' and reason is not null) as first_machine_click
           from judged where earlier or kind = 'click' group by delivery_id
       ), updated as (
         update deliveries d set
             read_at = least(d.read_at, p.first_human),
             read_machine_at = least(d.read_machine_at, p.first_machine),
             clicked_at = least(d.clicked_at, p.first_human_click),
             clicked_machine_at = least(d.clicked_machine_at, p.first_machine_click)
           from per_delivery p
          where d.id = p.delivery_id
            and (p.first_human < coalesce(d.read_at, 'infinity')
                 or p.first_machine < coalesce(d.read_machine_at, 'infinity')
                 or p.first_human_click < coalesce(d.clicked_at, 'infinity')
                 or p.first_machine_click < coalesce(d.clicked_machine_at, 'infinity'))
       )
       select count(*) as stored, count(reason) as machine from judged`,
      [
        events.map((e) => e.deliveryId),
        events.map((e) => e.kind),
        events.map((e) => e.linkId ?? null),
        events.map((e) => e.at.getTime()),
        events.map((e) => e.machineReason ?? null),
        events.map((e) => e.userAgent?.slice(0, 512) ?? null),
        machineWindowS,
        clickWindowS,
      ],
    );
    return { stored: Number(res.rows[0].stored), machine: Number(res.rows[0].machine) };
  }

  /**
   * Blacklists the delivery's address for its account with reason `unsubscribed`, at once and
   * idempotently. Returns false when the delivery is unknown.
   */
  async unsubscribe(sql: Sql, deliveryId: string, at: Date): Promise<{ found: boolean; created: boolean }> {
    const res = await sql.query<{ created: boolean }>(
      `with d as (select id, account_id, email_normalized from deliveries where id = $1),
       entry as (
         insert into blacklist (account_id, email_normalized, reason, source, delivery_id, diagnostic, created_at)
         select account_id, email_normalized, 'unsubscribed', 'unsubscribe', id, 'one-click unsubscribe (RFC 8058)', $2 from d
         on conflict (account_id, email_normalized) do update
           set reason = 'unsubscribed', source = 'unsubscribe', delivery_id = excluded.delivery_id,
               diagnostic = excluded.diagnostic, created_at = excluded.created_at, expires_at = null
           where blacklist.reason <> 'unsubscribed'
         returning (xmax = 0) as created
       ), event as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select d.id, null, 'unsubscribed', 'recipient unsubscribed' from d where exists (select 1 from entry)
       )
       select coalesce((select created from entry), false) as created, exists (select 1 from d) as found`,
      [deliveryId, at],
    );
    const row = res.rows[0] as unknown as { created: boolean; found: boolean };
    return { found: row.found, created: row.created };
  }
}
