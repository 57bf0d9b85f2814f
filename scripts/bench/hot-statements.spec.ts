import { parseHotStatements, per100 } from './hot-statements';

describe(parseHotStatements.name, () => {
  it('reads each kind of the counter, whatever other labels and metrics the exposition holds', () => {
    const text = [
      '# HELP postroom_ledger_hot_statements_total Ledger statements …',
      '# TYPE postroom_ledger_hot_statements_total counter',
      'postroom_ledger_hot_statements_total{kind="send-claim",service="sender"} 41',
      'postroom_ledger_hot_statements_total{service="sender",kind="send-settle"} 57',
      'postroom_deliveries_total{status="sent"} 10000',
      'postroom_ledger_hot_statements_total_other{kind="x"} 9',
    ].join('\n');

    expect(parseHotStatements(text)).toEqual({ 'send-claim': 41, 'send-settle': 57 });
  });
});

describe(per100.name, () => {
  it('gives each kind and the total per 100 emails', () => {
    expect(per100({ 'send-claim': 40, 'send-settle': 60, 'dispatch-claim': 5 }, 10_000)).toEqual({
      'send-claim': 0.4,
      'send-settle': 0.6,
      'dispatch-claim': 0.05,
      total: 1.05,
    });
  });
});
