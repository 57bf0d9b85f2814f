import * as fs from 'node:fs';
import * as path from 'node:path';
import { bounceEnv, schedulerEnv, senderEnv, trackerEnv, type EnvSchema } from '@postroom/config';
import { OPS_DIR } from './ops-queries';

/**
 * Prometheus in the stack scrapes each app's ops listener: the port in prometheus.yml, the one
 * docker-compose.yml gives the app, and the app's own default must be the same, and no app's
 * public or API port may be a scrape target.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const APPS: [string, EnvSchema, string, string][] = [
  ['scheduler', schedulerEnv, 'SCHEDULER_OPS_PORT', 'SCHEDULER_PORT'],
  ['sender', senderEnv, 'SENDER_OPS_PORT', 'SENDER_PORT'],
  ['tracker', trackerEnv, 'TRACKER_OPS_PORT', 'TRACKER_PORT'],
  ['bounce', bounceEnv, 'BOUNCE_OPS_PORT', 'BOUNCE_PORT'],
];

const prometheus = fs.readFileSync(path.join(OPS_DIR, 'prometheus', 'prometheus.yml'), 'utf8');
const compose = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

function scrapePort(job: string): number {
  const m = new RegExp(
    `job_name: ${job}\\n\\s+dns_sd_configs:\\n\\s+- names: \\[${job}\\]\\n\\s+type: A\\n\\s+port: (\\d+)`,
  ).exec(prometheus);
  if (!m) throw new Error(`no dns_sd scrape of ${job} in prometheus.yml`);
  return Number(m[1]);
}

function composePort(name: string): number {
  const m = new RegExp(`^\\s+${name}: '(\\d+)'$`, 'm').exec(compose);
  if (!m) throw new Error(`docker-compose.yml sets no ${name}`);
  return Number(m[1]);
}

describe('ops listener ports', () => {
  it.each(APPS)(
    '%s: Prometheus scrapes the ops port the stack and the app agree on',
    (app, schema, ops, main) => {
      expect(scrapePort(app)).toBe(composePort(ops));
      expect(scrapePort(app)).toBe(schema[ops].defaultValue);
      expect(scrapePort(app)).not.toBe(composePort(main));
    },
  );

  it('gives every app a distinct ops port', () => {
    const ports = APPS.map(([, schema, ops]) => schema[ops].defaultValue);

    expect(new Set(ports).size).toBe(APPS.length);
  });

  it('binds the ops listeners inside the compose network and publishes none of them', () => {
    expect(compose).toMatch(/^\s+OPS_HOST: 0\.0\.0\.0$/m);
    for (const [, , ops] of APPS) expect(compose).not.toMatch(new RegExp(`- .*:${composePort(ops)}\\b`));
  });
});
