import * as fs from 'node:fs';
import * as path from 'node:path';
import { bounceEnv, schedulerEnv, senderEnv, trackerEnv } from './apps';
import { ConfigError, loadConfig, type EnvSchema } from './env-schema';

const STRONG_TOKEN = 'Zq3vN8xK2mR7tY1wB5cF9hJ4lP6sD0gA';
const STRONG_KEYS = 'k2:9f8e7d6c5b4a39281706f5e4d3c2b1a0,k1:0a1b2c3d4e5f60718293a4b5c6d7e8f9';
/** Every `NAME=value` of .env.example, as an operator who copies it gets them. */
const EXAMPLE = Object.fromEntries(
  [
    ...fs
      .readFileSync(path.resolve(__dirname, '..', '..', '..', '.env.example'), 'utf8')
      .matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm),
  ].map((m) => [m[1], m[2]]),
);

const APPS: [string, EnvSchema][] = [
  ['scheduler', schedulerEnv],
  ['sender', senderEnv],
  ['tracker', trackerEnv],
  ['bounce', bounceEnv],
];

/** The problems loading `schema` from `source` reports ([] when it loads). */
function problems(schema: EnvSchema, source: Record<string, string>): string[] {
  try {
    loadConfig('test', schema, source);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

const production = (vars: Record<string, string>) => ({ ...vars, NODE_ENV: 'production' });

describe('production secrets', () => {
  it.each(APPS)(
    '%s: refuses the secrets of .env.example, naming the variable and how to make one',
    (_app, schema) => {
      const found = problems(schema, production(EXAMPLE));

      const secret = Object.keys(schema).includes('POSTROOM_API_TOKEN')
        ? 'POSTROOM_API_TOKEN'
        : 'TRACKING_KEYS';
      expect(found).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${secret}=\\(hidden\\) is refused in production: .*placeholder.*; make one with: .*openssl rand -hex 32`,
          ),
        ),
      ]);
    },
  );

  it('starts every app in development with the same file (the placeholders are fine there)', () => {
    for (const [, schema] of APPS) expect(problems(schema, EXAMPLE)).toEqual([]);
  });

  it.each(APPS)('%s: starts in production with strong secrets', (_app, schema) => {
    expect(
      problems(schema, production({ POSTROOM_API_TOKEN: STRONG_TOKEN, TRACKING_KEYS: STRONG_KEYS })),
    ).toEqual([]);
  });

  it('refuses an API token shorter than 32 characters in production, and takes it in development', () => {
    const token = 'Zq3vN8xK2mR7tY1wB5cF'; // 20 characters

    expect(problems(schedulerEnv, production({ POSTROOM_API_TOKEN: token }))).toEqual([
      expect.stringMatching(
        /^POSTROOM_API_TOKEN=\(hidden\) is refused in production: it is shorter than 32 characters; make one with: /,
      ),
    ]);
    expect(problems(schedulerEnv, { POSTROOM_API_TOKEN: token })).toEqual([]);
  });

  it('refuses a 20-character tracking key in production, naming the key', () => {
    const found = problems(
      trackerEnv,
      production({ TRACKING_KEYS: `${STRONG_KEYS},k0:Zq3vN8xK2mR7tY1wB5cF` }),
    );

    expect(found).toEqual([
      expect.stringMatching(
        /^TRACKING_KEYS=\(hidden\) is refused in production: key k0: it is shorter than 32 characters; make one with: echo "k1:\$\(openssl rand -hex 32\)"/,
      ),
    ]);
    expect(problems(trackerEnv, { TRACKING_KEYS: 'k0:Zq3vN8xK2mR7tY1wB5cF' })).toEqual([]);
  });

  it('refuses a key id listed twice, in any environment', () => {
    const twice = 'k1:9f8e7d6c5b4a39281706f5e4d3c2b1a0,k1:0a1b2c3d4e5f60718293a4b5c6d7e8f9';

    for (const source of [{ TRACKING_KEYS: twice }, production({ TRACKING_KEYS: twice })]) {
      expect(problems(senderEnv, source)).toEqual([
        expect.stringMatching(
          /^TRACKING_KEYS=\(hidden\) is invalid \(key id k1 is listed twice: each key needs its own id\): expected kid:secret/,
        ),
      ]);
    }
  });

  it('never shows a secret, not even one pasted where a key id belongs', () => {
    const pasted = 'averysecretvaluethatisnotanid:x';
    const found = problems(bounceEnv, production({ TRACKING_KEYS: pasted }));

    expect(found.join('\n')).not.toContain('averysecret');
    expect(found).toEqual([expect.stringContaining('key number 1: the id must be 1-8 letters or digits')]);
  });

  it('refuses a misspelt NODE_ENV rather than starting with development rules', () => {
    expect(problems(schedulerEnv, { NODE_ENV: 'prod', POSTROOM_API_TOKEN: STRONG_TOKEN })).toEqual([
      'NODE_ENV="prod" is invalid: expected one of development, production, test',
    ]);
  });
});
