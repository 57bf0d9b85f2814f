import { getEventListeners } from 'node:events';
import {
  formatSummary,
  inFlight,
  LiveLine,
  progressLine,
  watchCampaign,
  type CampaignStatus,
} from './progress';

const status = (counts: Record<string, number>): CampaignStatus => ({
  id: '1f3a9c0e-7d2b-4c55-9a61-000000000000',
  account: 'demo',
  recipientCount: 1500,
  counts,
});

/** A LiveLine over a fake non-TTY stream that prints every update. */
function fakeLive() {
  const written: string[] = [];
  const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  return { live: new LiveLine(out, 0), written };
}

describe(progressLine.name, () => {
  it('lists present statuses in the order of a delivery’s life', () => {
    const sut = progressLine(status({ sent: 1150, queued: 200, sending: 50, dispatched: 100 }));
    expect(sut).toBe(
      'campaign 1f3a9c0e…: 1500 recipients | queued 200 · dispatched 100 · sending 50 · sent 1150',
    );
  });
});

describe(inFlight.name, () => {
  it('does not count deferred work, which waits for the next day', () => {
    expect(inFlight({ deferred: 500, sent: 1000 })).toBe(0);
    expect(inFlight({ queued: 1, dispatched: 2, sending: 3, retrying: 4, deferred: 5 })).toBe(10);
  });
});

describe(LiveLine.name, () => {
  it('redraws in place on a terminal', () => {
    const written: string[] = [];
    const out = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const sut = new LiveLine(out);
    sut.update('a');
    sut.update('b');
    sut.end();
    expect(written).toEqual(['\ra\x1b[K', '\rb\x1b[K', '\n']);
  });

  it('prints at most one line per interval elsewhere', () => {
    let now = 10_000;
    const written: string[] = [];
    const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const sut = new LiveLine(out, 2000, () => now);
    sut.update('a');
    now += 1000;
    sut.update('b');
    now += 1000;
    sut.update('c');
    expect(written).toEqual(['a\n', 'c\n']);
  });
});

describe(watchCampaign.name, () => {
  it('settles as done once nothing is in flight, deferred work left waiting', async () => {
    const answers = [
      status({ queued: 1500 }),
      status({ sending: 500, sent: 500, deferred: 500 }),
      status({ sent: 1000, deferred: 500 }),
    ];
    const { live } = fakeLive();

    const sut = await watchCampaign({
      live,
      intervalMs: 0,
      fetchStatus: async () => answers.shift() ?? status({}),
    });

    expect(sut.settled).toBe('done');
    expect(sut.status.counts).toEqual({ sent: 1000, deferred: 500 });
  });

  it('settles as stalled when the counts stop moving', async () => {
    let now = 0;
    const { live } = fakeLive();

    const sut = await watchCampaign({
      live,
      intervalMs: 0,
      stallMs: 15_000,
      now: () => now,
      fetchStatus: async () => {
        now += 1000;
        return status({ retrying: 3, sent: 1497 });
      },
    });

    expect(sut.settled).toBe('stalled');
    expect(now).toBeGreaterThanOrEqual(15_000);
  });

  it('gives up when the API keeps failing', async () => {
    let now = 0;
    const { live } = fakeLive();
    const sut = watchCampaign({
      live,
      intervalMs: 0,
      errorLimitMs: 5000,
      now: () => now,
      fetchStatus: async () => {
        now += 1000;
        throw new Error('HTTP 503');
      },
    });
    await expect(sut).rejects.toThrow('kept failing for 5 s: HTTP 503');
  });
});

describe(formatSummary.name, () => {
  it('tells what went today, what waits, where the mail is and how to export', () => {
    const sut = formatSummary(
      { status: status({ sent: 1000, deferred: 500 }), settled: 'done', lastChangeAt: 20_000 },
      { startedAt: 0, mailDir: '/m', mailCaught: 1000, catcherUrl: 'http://c', csvCommand: 'curl x' },
    ).join('\n');
    expect(sut).toContain('today: 1000 went out (sent 1000); waiting for the next day: 500');
    expect(sut).toContain('elapsed: 20.0 s, 50.0 sent/s');
    expect(sut).toContain('caught mail: /m (1000 messages caught since start)');
    expect(sut).toContain('segment export: curl x');
    expect(sut).toContain('Services stay up; press Ctrl-C to stop.');
  });
});

describe(`${watchCampaign.name} cancellation`, () => {
  it('stops when aborted, without piling up abort listeners while it polls', async () => {
    const controller = new AbortController();
    const { live } = fakeLive();
    let polls = 0;
    let mostListeners = 0;
    const sut = watchCampaign({
      live,
      intervalMs: 1,
      errorLimitMs: 1000,
      signal: controller.signal,
      fetchStatus: async () => {
        mostListeners = Math.max(mostListeners, getEventListeners(controller.signal, 'abort').length);
        if (++polls === 30) controller.abort(new Error('stopping'));
        return status({ queued: 1, sent: polls });
      },
    });

    await expect(sut).rejects.toThrow('stopping');
    expect(mostListeners).toBeLessThanOrEqual(1);
  });
});
