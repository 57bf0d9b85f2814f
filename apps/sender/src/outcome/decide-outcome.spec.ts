import type { TransportResult } from '../transports/mail-transport';
import { decideOutcome, type RetrySettings } from './decide-outcome';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const MESSAGE_ID = '<42.abcdef@bounces.postroom.local>';

function retrySettings(overrides: Partial<RetrySettings> = {}): RetrySettings {
  return { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 3_600_000, ...overrides };
}

function accepted(reply = '250 2.0.0 Ok: queued as 7F3A'): TransportResult {
  return { kind: 'accepted', reply };
}

function refused(code: number, reply = `${code} refused`, bodySent = true): TransportResult {
  return { kind: 'refused', code, reply, bodySent };
}

function notSent(reason = 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25'): TransportResult {
  return { kind: 'not-sent', reason };
}

function unknown(reason = 'ETIMEDOUT during DATA: Timeout'): TransportResult {
  return { kind: 'unknown', reason };
}

function decide(result: TransportResult, attempt = 1, retry = retrySettings()) {
  return decideOutcome('42', attempt, MESSAGE_ID, result, retry, NOW);
}

/** The retry delay the outcome asks for, in ms after NOW. */
function delayOf(result: TransportResult, attempt: number): number {
  const outcome = decide(result, attempt);
  if (outcome.status !== 'retrying') throw new Error(`expected retrying, got ${outcome.status}`);
  return outcome.retryAt.getTime() - NOW.getTime();
}

describe('decideOutcome', () => {
  it('marks an accepted message sent, with the reply and message id', () => {
    expect(decide(accepted())).toEqual({
      id: '42',
      status: 'sent',
      smtpReply: '250 2.0.0 Ok: queued as 7F3A',
      messageId: MESSAGE_ID,
    });
  });

  it.each([500, 550, 552, 554])('marks a %i refusal bounced, never retried', (code) => {
    expect(decide(refused(code, `${code} 5.1.1 no such user`))).toEqual({
      id: '42',
      status: 'bounced',
      smtpReply: `${code} 5.1.1 no such user`,
      messageId: MESSAGE_ID,
      quotaReturned: false,
    });
  });

  it('retries a send its paused provider group turned away when the pause ends, spending no attempt', () => {
    const until = new Date(NOW.getTime() + 30 * 60_000);
    const turnedAway: TransportResult = {
      kind: 'not-sent',
      reason: 'throttled: provider group google',
      retryAt: until,
    };

    expect(decide(turnedAway)).toEqual({
      id: '42',
      status: 'retrying',
      smtpReply: 'throttled: provider group google',
      retryAt: until,
      attemptReturned: true,
      quotaReturned: true,
    });
    // even on the last attempt: the server never saw it
    expect(decide(turnedAway, 5).status).toBe('retrying');
  });

  it('bounces a 5xx refusal even on the last attempt', () => {
    expect(decide(refused(550), 5).status).toBe('bounced');
  });

  it.each([421, 450, 451, 452])('retries a %i refusal later, keeping the reply', (code) => {
    const outcome = decide(refused(code, `${code} 4.7.1 try again later`));

    expect(outcome).toEqual({
      id: '42',
      status: 'retrying',
      smtpReply: `${code} 4.7.1 try again later`,
      retryAt: expect.any(Date),
      quotaReturned: false,
    });
  });

  it('retries after roughly the base delay on the first attempt', () => {
    const delay = delayOf(refused(451), 1);

    expect(delay).toBeGreaterThanOrEqual(0.8 * 60_000);
    expect(delay).toBeLessThanOrEqual(1.2 * 60_000);
  });

  it('waits longer with every attempt', () => {
    const delays = [1, 2, 3, 4].map((attempt) => delayOf(refused(421), attempt));

    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    expect(Math.min(...delays)).toBeGreaterThan(0);
  });

  it('never schedules a retry beyond the maximum delay', () => {
    const retry = retrySettings({ maxAttempts: 50, maxDelayMs: 10 * 60_000 });

    const outcome = decide(refused(421), 20, retry);

    expect(outcome.status).toBe('retrying');
    if (outcome.status !== 'retrying') return;
    expect(outcome.retryAt.getTime() - NOW.getTime()).toBeLessThanOrEqual(10 * 60_000);
  });

  it('retries a message that never left, with the reason as the reply', () => {
    const outcome = decide(notSent('ECONNECTION: connect ECONNREFUSED 127.0.0.1:25'), 2);

    expect(outcome).toEqual({
      id: '42',
      status: 'retrying',
      smtpReply: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25',
      retryAt: expect.any(Date),
      quotaReturned: true,
    });
    expect(delayOf(notSent(), 2)).toBeGreaterThan(0);
  });

  it.each([
    ['a 4xx refusal', refused(451, '451 greylisted'), '451 greylisted', false],
    ['a message that never left', notSent('ESOCKET: reset'), 'ESOCKET: reset', true],
  ])('fails %s once the attempts are spent', (_, result, reply, quotaReturned) => {
    const outcome = decide(result, 5, retrySettings({ maxAttempts: 5 }));

    expect(outcome).toEqual({
      id: '42',
      status: 'failed',
      smtpReply: reply,
      reason: 'temporary failure, 5 attempts spent',
      quotaReturned,
    });
  });

  it('gives the quota back for a refusal before the body left, and keeps it after', () => {
    expect(decide(refused(550, '550 no such user', false)).quotaReturned).toBe(true);
    expect(decide(refused(451, '451 later', false)).quotaReturned).toBe(true);
    expect(decide(refused(554, '554 spam', true)).quotaReturned).toBe(false);
    expect(decide(accepted()).quotaReturned).toBeUndefined();
    expect(decide(unknown('ETIMEDOUT')).quotaReturned).toBeUndefined();
  });

  it('still retries on the attempt before the last', () => {
    expect(decide(refused(421), 4, retrySettings({ maxAttempts: 5 })).status).toBe('retrying');
  });

  it('fails at once when only one attempt is allowed', () => {
    expect(decide(notSent(), 1, retrySettings({ maxAttempts: 1 })).status).toBe('failed');
  });

  it('marks a message whose reply never came unknown, never retried', () => {
    for (const attempt of [1, 2, 5]) {
      expect(decide(unknown('ETIMEDOUT during DATA: Timeout'), attempt)).toEqual({
        id: '42',
        status: 'unknown',
        smtpReply: '',
        reason: 'ETIMEDOUT during DATA: Timeout',
      });
    }
  });
});
