import { bounceEnv, schedulerEnv, senderEnv, trackerEnv } from './apps';
import { ConfigError, env, loadConfig, type EnvSchema } from './env-schema';

const TOKEN = 'a-token-of-at-least-16-characters';

function schema() {
  return {
    PORT: env.port(3000),
    LIMIT: env.int(10, 1, 100),
    NAME: env.string('postroom'),
    TOKEN: env.string(undefined, { secret: true, minLength: 16 }),
    DATABASE_URL: env.url('postgres://127.0.0.1/db', ['postgres:', 'postgresql:'], { secret: true }),
    PUBLIC_URL: env.url('http://127.0.0.1:3001', ['http:', 'https:']),
    WEBHOOK_URL: env.optionalUrl(['https:']),
    LOG_LEVEL: env.oneOf(['info', 'debug'] as const, 'info'),
  } satisfies EnvSchema;
}

function source(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { TOKEN, ...overrides };
}

/** Runs `fn`, which must throw a ConfigError, and returns it. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('loadConfig', () => {
  it('uses the defaults for variables that are unset', () => {
    const config = loadConfig('test', schema(), source());

    expect(config).toEqual({
      PORT: 3000,
      LIMIT: 10,
      NAME: 'postroom',
      TOKEN,
      DATABASE_URL: 'postgres://127.0.0.1/db',
      PUBLIC_URL: 'http://127.0.0.1:3001',
      WEBHOOK_URL: undefined,
      LOG_LEVEL: 'info',
    });
  });

  it('uses the default for a variable set to the empty string', () => {
    const config = loadConfig('test', schema(), source({ LIMIT: '', NAME: '' }));

    expect(config.LIMIT).toBe(10);
    expect(config.NAME).toBe('postroom');
  });

  it('parses the values it is given', () => {
    const config = loadConfig(
      'test',
      schema(),
      source({
        PORT: '8080',
        LIMIT: ' 42 ',
        NAME: 'mailer',
        DATABASE_URL: 'postgresql://user:pw@db:5432/postroom',
        PUBLIC_URL: 'https://track.example.com',
        WEBHOOK_URL: 'https://hooks.example.com/x',
        LOG_LEVEL: 'debug',
      }),
    );

    expect(config).toMatchObject({
      PORT: 8080,
      LIMIT: 42,
      NAME: 'mailer',
      DATABASE_URL: 'postgresql://user:pw@db:5432/postroom',
      PUBLIC_URL: 'https://track.example.com',
      WEBHOOK_URL: 'https://hooks.example.com/x',
      LOG_LEVEL: 'debug',
    });
  });

  it('treats an empty optional URL as unset', () => {
    expect(loadConfig('test', schema(), source({ WEBHOOK_URL: '' })).WEBHOOK_URL).toBeUndefined();
  });

  it('accepts both ends of an integer range', () => {
    expect(loadConfig('test', schema(), source({ LIMIT: '1' })).LIMIT).toBe(1);
    expect(loadConfig('test', schema(), source({ LIMIT: '100' })).LIMIT).toBe(100);
  });

  it.each([
    ['not a number', 'ten'],
    ['a decimal', '1.5'],
    ['an exponent', '1e2'],
    ['below the range', '0'],
    ['above the range', '101'],
  ])('rejects an integer that is %s', (_, raw) => {
    const err = configError(() => loadConfig('test', schema(), source({ LIMIT: raw })));

    expect(err.problems).toEqual([
      `LIMIT=${JSON.stringify(raw)} is invalid: expected an integer from 1 to 100`,
    ]);
  });

  it('throws one ConfigError listing every bad variable with what it expected', () => {
    const err = configError(() =>
      loadConfig('scheduler', schema(), {
        // TOKEN missing
        PORT: '70000',
        LIMIT: 'lots',
        PUBLIC_URL: 'ftp://files.example.com',
        WEBHOOK_URL: 'http://hooks.example.com',
        LOG_LEVEL: 'verbose',
      }),
    );

    expect(err.app).toBe('scheduler');
    expect(err.problems).toEqual([
      'PORT="70000" is invalid: expected an integer from 0 to 65535',
      'LIMIT="lots" is invalid: expected an integer from 1 to 100',
      'TOKEN is missing: expected a string of at least 16 characters',
      'PUBLIC_URL="ftp://files.example.com" is invalid: expected a URL starting with http:// or https://',
      'WEBHOOK_URL="http://hooks.example.com" is invalid: expected empty or a URL starting with https://',
      'LOG_LEVEL="verbose" is invalid: expected one of info, debug',
    ]);
    expect(err.message.split('\n')).toEqual([
      'scheduler: invalid configuration',
      ...err.problems.map((p) => `  - ${p}`),
    ]);
  });

  it('reports a required variable set to the empty string as invalid', () => {
    const err = configError(() => loadConfig('test', schema(), source({ TOKEN: '' })));

    expect(err.problems).toEqual(['TOKEN=(hidden) is invalid: expected a string of at least 16 characters']);
  });

  it('never shows the value of a secret variable', () => {
    const secretToken = 'short-secret';
    const secretUrl = 'mysql://admin:hunter2@db.example.com/prod';

    const err = configError(() =>
      loadConfig('test', schema(), source({ TOKEN: secretToken, DATABASE_URL: secretUrl })),
    );

    expect(err.problems).toEqual([
      'TOKEN=(hidden) is invalid: expected a string of at least 16 characters',
      'DATABASE_URL=(hidden) is invalid: expected a URL starting with postgres:// or postgresql://',
    ]);
    expect(err.message).not.toContain(secretToken);
    expect(err.message).not.toContain('hunter2');
  });

  it('hides a secret value that is not a URL at all', () => {
    const err = configError(() => loadConfig('test', schema(), source({ DATABASE_URL: 'hunter2' })));

    expect(err.message).toContain('DATABASE_URL=(hidden) is invalid');
    expect(err.message).not.toContain('hunter2');
  });

  it('reads a trusted-proxy setting as none, a hop count or addresses, and refuses anything else', () => {
    const trust = (raw?: string) => loadConfig('test', { P: env.trustProxy() }, { P: raw }).P;

    expect([
      trust(),
      trust(''),
      trust('false'),
      trust('1'),
      trust('10.0.0.1, 192.168.0.0/16'),
      trust('::1'),
    ]).toEqual([false, false, false, 1, '10.0.0.1, 192.168.0.0/16', '::1']);
    expect(() => trust('true')).toThrow(ConfigError);
    expect(() => trust('proxy.example')).toThrow(ConfigError);
  });

  it('ignores variables that are not in the schema', () => {
    const config = loadConfig('test', { NAME: env.string('x') }, { NAME: 'y', OTHER: 'z' });

    expect(config).toEqual({ NAME: 'y' });
  });
});

describe('app schemas', () => {
  it('load the scheduler with only POSTROOM_API_TOKEN set', () => {
    const config = loadConfig('scheduler', schedulerEnv, { POSTROOM_API_TOKEN: TOKEN });

    expect(config).toMatchObject({
      POSTROOM_API_TOKEN: TOKEN,
      SCHEDULER_PORT: 3000,
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/postroom',
      AMQP_NAMESPACE: 'postroom',
      LOG_LEVEL: 'info',
    });
  });

  it('refuse to start the scheduler without an API token, naming the variable', () => {
    const err = configError(() => loadConfig('scheduler', schedulerEnv, {}));

    expect(err.problems).toEqual([
      expect.stringMatching(
        /^POSTROOM_API_TOKEN is missing: expected a string of at least 16 characters; make one with: openssl rand -hex 32/,
      ),
    ]);
  });

  it.each([
    ['sender', senderEnv],
    ['tracker', trackerEnv],
    ['bounce', bounceEnv],
  ] as const)('load the %s with only the tracking keys set', (app, appSchema) => {
    const config: Record<string, unknown> = loadConfig(app, appSchema, {
      TRACKING_KEYS: 'k1:0123456789abcdefghij',
    });

    for (const name of Object.keys(appSchema)) {
      expect(config[name]).toBeDefined();
    }
  });

  it.each([
    ['sender', senderEnv],
    ['tracker', trackerEnv],
    ['bounce', bounceEnv],
  ] as const)('refuse to start the %s without tracking keys (no insecure default)', (app, appSchema) => {
    expect(() => loadConfig(app, appSchema, {})).toThrow('TRACKING_KEYS is missing');
  });

  it('mark every URL that can carry credentials as secret', () => {
    const secret = (s: EnvSchema, name: string) => s[name].secret;

    expect(secret(schedulerEnv, 'POSTROOM_API_TOKEN')).toBe(true);
    expect(secret(schedulerEnv, 'DATABASE_URL')).toBe(true);
    expect(secret(schedulerEnv, 'AMQP_URL')).toBe(true);
    expect(secret(senderEnv, 'SMTP_URL')).toBe(true);
  });

  it('give every default a value its own parser accepts', () => {
    const schemas: EnvSchema[] = [schedulerEnv, senderEnv, trackerEnv, bounceEnv];
    for (const s of schemas) {
      for (const [name, spec] of Object.entries(s)) {
        if (spec.defaultValue === undefined) continue;
        expect({ name, value: spec.parse(String(spec.defaultValue)) }).toEqual({
          name,
          value: spec.defaultValue,
        });
      }
    }
  });
});
