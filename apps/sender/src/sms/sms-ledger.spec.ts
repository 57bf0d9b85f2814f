import { deltas } from './sms-ledger';

describe('SMS account-day deltas', () => {
  it('sums quota given back and receipts per account day, skipping rows without a day', () => {
    const sut = deltas([
      { account_id: 'a', quota_day: '2031-03-14', status: 'sent', returned: false },
      { account_id: 'a', quota_day: '2031-03-14', status: 'retrying', returned: true },
      { account_id: 'a', quota_day: '2031-03-15', status: 'sent', returned: false },
      { account_id: 'b', quota_day: null, status: 'sent', returned: false },
    ]);

    expect(sut).toEqual([
      { accountId: 'a', day: '2031-03-14', returned: 1, delivered: 1 },
      { accountId: 'a', day: '2031-03-15', returned: 0, delivered: 1 },
    ]);
  });
});
