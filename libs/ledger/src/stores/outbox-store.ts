import type { Ledger, Sql } from '../ledger';

export interface OutboxItem {
  routingKey: string;
  payload: unknown;
  messageId?: string;
}

/** The transactional outbox: rows written with the change that caused them, drained by the relay. */
export class OutboxStore {
  constructor(private readonly ledger: Ledger) {}

  async add(sql: Sql, items: readonly { routingKey: string; payload: unknown }[]): Promise<void> {
    if (items.length === 0) return;
    await sql.query(
      `insert into outbox (routing_key, payload) select * from unnest($1::text[], $2::jsonb[])`,
      [items.map((i) => i.routingKey), items.map((i) => JSON.stringify(i.payload))],
    );
  }

  async drain(limit: number, publish: (messages: OutboxItem[]) => Promise<void>): Promise<number> {
    return this.ledger.tx(async (sql) => {
      const res = await sql.query<{ id: string; routing_key: string; payload: unknown }>(
        `select id::text, routing_key, payload from outbox order by outbox.id limit $1 for update skip locked`,
        [limit],
      );
      if (res.rows.length === 0) return 0;
      await publish(
        res.rows.map((r) => ({ routingKey: r.routing_key, payload: r.payload, messageId: `outbox-${r.id}` })),
      );
      await sql.query(`delete from outbox where id = any($1::bigint[])`, [res.rows.map((r) => r.id)]);
      return res.rows.length;
    });
  }
}
