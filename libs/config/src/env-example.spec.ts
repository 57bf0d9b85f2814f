import * as fs from 'node:fs';
import * as path from 'node:path';
import { bounceEnv, schedulerEnv, senderEnv, trackerEnv } from './apps';

describe('.env.example', () => {
  const text = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '.env.example'), 'utf8');
  const documented = new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it.each(
    Object.entries({ scheduler: schedulerEnv, sender: senderEnv, tracker: trackerEnv, bounce: bounceEnv }),
  )('documents every variable of the %s', (_app, schema) => {
    const missing = Object.keys(schema).filter((name) => !documented.has(name));

    expect(missing).toEqual([]);
  });
});
