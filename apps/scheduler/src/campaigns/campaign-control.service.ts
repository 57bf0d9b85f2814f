import { Inject, Injectable } from '@nestjs/common';
import { CampaignStateStore, CampaignStore, type CampaignState, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';

export type ControlAction = 'pause' | 'resume' | 'cancel';

export type ControlOutcome =
  | { kind: 'changed'; state: CampaignState; cancelled: number }
  | { kind: 'conflict'; state: string; message: string };

/** Which states each action may leave, and where it leads. */
const MOVES: Record<ControlAction, { from: CampaignState[]; to: CampaignState; audit: string }> = {
  pause: { from: ['running'], to: 'paused', audit: 'paused' },
  resume: { from: ['paused'], to: 'running', audit: 'resumed' },
  cancel: { from: ['running', 'paused'], to: 'cancelled', audit: 'cancelled' },
};

/**
 * Pauses, resumes and cancels campaigns. A paused campaign's deliveries stay where they are
 * (queued, deferred) and the dispatcher claims none of them, so they use no quota; a cancel
 * ends every delivery that has not reached the sender as `cancelled`. Deliveries already
 * handed to the sender are stopped there (DeliveryStore.startSending: back to `queued`, or
 * `cancelled`, their quota given back); only those in the middle of their send go. Audited with
 * the token's name.
 */
@Injectable()
export class CampaignControlService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly campaigns: CampaignStore,
    private readonly states: CampaignStateStore,
  ) {}

  async apply(campaignId: string, action: ControlAction, actor: string): Promise<ControlOutcome> {
    const move = MOVES[action];
    const now = this.clock.now();
    return this.ledger.tx(async (sql): Promise<ControlOutcome> => {
      if (!(await this.states.change(sql, campaignId, move.from, move.to))) {
        const state = (await this.campaigns.findById(sql, campaignId))?.state ?? 'missing';
        return { kind: 'conflict', state, message: `campaign ${campaignId} is ${state}: cannot ${action}` };
      }
      const cancelled = action === 'cancel' ? await this.states.cancelUnsent(sql, campaignId, now) : 0;
      await this.states.audit(sql, {
        campaignId,
        action: move.audit,
        actor,
        figures: action === 'cancel' ? { cancelled } : undefined,
        at: now,
      });
      return { kind: 'changed', state: move.to, cancelled };
    });
  }
}
