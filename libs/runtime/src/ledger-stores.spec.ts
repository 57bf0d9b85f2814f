import * as ledger from '@postroom/ledger';
import { LEDGER_STORES } from './ledger-stores';

describe('LEDGER_STORES', () => {
  it('provides every store the ledger exports, each once', () => {
    const exported = Object.entries(ledger)
      .filter(([name, value]) => name.endsWith('Store') && typeof value === 'function')
      .map(([name]) => name)
      .sort();
    const provided = LEDGER_STORES.map(
      (p) => ('provide' in p ? (p.provide as { name: string }) : p).name,
    ).sort();

    expect(provided).toEqual(exported);
  });
});
