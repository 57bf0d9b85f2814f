import { Inject, Injectable } from '@nestjs/common';
import { BlacklistStore, type BlacklistRow, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';

export type AddOutcome =
  { kind: 'added' | 'existing'; entry: BlacklistRow } | { kind: 'refused'; message: string };

export type RemoveOutcome =
  | { kind: 'removed'; entry: BlacklistRow }
  | { kind: 'missing'; message: string }
  | { kind: 'unsubscribed'; message: string };

/** Why an unsubscribe stays: shown by the API (409) and the console alike. */
export function unsubscribeStays(address: string): string {
  return (
    `${address} unsubscribed: the entry cannot be removed here. The contact must opt in again ` +
    '(for example by subscribing through a confirmed form); until then no campaign goes to them.'
  );
}

/**
 * The blacklist's hand-made changes, for the API and the console: an operator adds and removes
 * entries, both audited with the token's name. `unsubscribed` is the recipient's own word:
 * nobody else sets it, and nobody removes it.
 */
@Injectable()
export class BlacklistAdminService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: BlacklistStore,
  ) {}

  async add(
    e: { account: string; address: string; reason: string; note?: string },
    actor: string,
  ): Promise<AddOutcome> {
    const { account, address, reason } = e;
    if (reason === 'unsubscribed')
      return { kind: 'refused', message: '/reason: `unsubscribed` is set only by the recipient' };
    const note = e.note?.slice(0, 500);
    const created = await this.ledger.tx(async (sql) => {
      const added = await this.store.addMany(sql, [
        { account, address, reason, source: 'operator', diagnostic: note ?? null },
      ]);
      if (added.length)
        await this.store.audit(sql, { account, address, action: 'added', reason, note, actor });
      return added.length > 0;
    });
    const entry = (await this.store.get(this.ledger, account, address))!;
    return { kind: created ? 'added' : 'existing', entry };
  }

  async remove(
    account: string,
    address: string,
    why: string | undefined,
    actor: string,
  ): Promise<RemoveOutcome> {
    return this.ledger.tx(async (sql): Promise<RemoveOutcome> => {
      const entry = await this.store.get(sql, account, address);
      if (!entry) return { kind: 'missing', message: `${address} is not on the blacklist of ${account}` };
      if (entry.reason === 'unsubscribed')
        return { kind: 'unsubscribed', message: unsubscribeStays(address) };
      await this.store.remove(sql, account, address);
      await this.store.audit(sql, {
        account,
        address,
        action: 'removed',
        reason: entry.reason,
        note: why?.slice(0, 500),
        actor,
        entry: entryView(entry),
      });
      return { kind: 'removed', entry };
    });
  }
}

/** An entry as the API shows it. */
export function entryView(e: BlacklistRow) {
  return {
    account: e.account_id,
    address: e.email_normalized,
    reason: e.reason,
    source: e.source,
    deliveryId: e.delivery_id,
    diagnostic: e.diagnostic,
    createdAt: new Date(e.created_at).toISOString(),
    // soft reasons only (repeated temporary failures): sent to again from then on
    expiresAt: e.expires_at ? new Date(e.expires_at).toISOString() : null,
  };
}
