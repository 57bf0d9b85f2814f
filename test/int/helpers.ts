import { Ledger } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });

export function testMetrics(): Metrics {
  return new Metrics('test');
}

export async function connectLedger(url: string): Promise<Ledger> {
  return Ledger.connect(url, { poolMax: 8 });
}
