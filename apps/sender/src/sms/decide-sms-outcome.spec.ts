import { decideSmsOutcome } from './decide-sms-outcome';

const retry = { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 };
const now = new Date('2031-03-14T09:00:00Z');

describe(decideSmsOutcome.name, () => {
  it('keeps an accepted SMS sending with its message id, for the receipt to settle', () => {
    const sut = decideSmsOutcome(
      '7',
      1,
      { kind: 'accepted', messageId: 'a1', messageIds: ['a1', 'a2'], segments: 2 },
      retry,
      now,
    );

    expect(sut).toEqual({
      kind: 'submitted',
      submitted: {
        id: '7',
        messageId: 'a1',
        detail: 'submit_sm_resp ESME_ROK: 2 segments, message id a1 a2',
      },
    });
  });

  it('fails a permanent refusal with the command status, giving its quota back', () => {
    const sut = decideSmsOutcome(
      '7',
      1,
      { kind: 'refused', status: 'ESME_RINVDSTADR', permanent: true, segmentsSent: 0 },
      retry,
      now,
    );

    expect(sut).toEqual({
      kind: 'settled',
      outcome: {
        id: '7',
        status: 'failed',
        smtpReply: 'submit_sm_resp ESME_RINVDSTADR',
        reason: 'refused by the SMS centre: ESME_RINVDSTADR',
        quotaReturned: true,
      },
    });
  });

  it('retries throttling, a temporary refusal and a missing bind later, until the attempts are spent', () => {
    for (const result of [
      { kind: 'throttled', status: 'ESME_RMSGQFUL' },
      { kind: 'refused', status: 'ESME_RSYSERR', permanent: false, segmentsSent: 0 },
      { kind: 'not-sent', reason: 'no bind to the SMS centre' },
    ] as const) {
      const first = decideSmsOutcome('7', 1, result, retry, now);
      expect(first).toMatchObject({ kind: 'settled', outcome: { status: 'retrying', quotaReturned: true } });
      const at = (first as { outcome: { retryAt: Date } }).outcome.retryAt.getTime() - now.getTime();
      expect(at).toBeGreaterThanOrEqual(48_000);
      expect(at).toBeLessThanOrEqual(72_000);
      expect(decideSmsOutcome('7', 3, result, retry, now)).toMatchObject({
        outcome: { status: 'failed', reason: 'temporary failure, 3 attempts spent' },
      });
    }
  });

  it('never retries what may have reached the phone: a refusal after some segments, or no answer', () => {
    expect(
      decideSmsOutcome(
        '7',
        1,
        { kind: 'refused', status: 'ESME_RSYSERR', permanent: false, segmentsSent: 1 },
        retry,
        now,
      ),
    ).toEqual({
      kind: 'settled',
      outcome: {
        id: '7',
        status: 'failed',
        smtpReply: 'submit_sm_resp ESME_RSYSERR',
        reason: 'refused by the SMS centre after 1 segments: ESME_RSYSERR',
      },
    });
    expect(
      decideSmsOutcome('7', 1, { kind: 'unknown', reason: 'the bind dropped', segmentsSent: 0 }, retry, now),
    ).toEqual({
      kind: 'settled',
      outcome: { id: '7', status: 'unknown', smtpReply: '', reason: 'the bind dropped' },
    });
  });
});
