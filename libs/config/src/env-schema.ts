/**
 * A tiny, typed environment schema. Each variable knows how to parse itself and what it
 * expects, so a bad start lists every bad variable at once (STYLE.md §7).
 */
export interface EnvVar<T> {
  readonly expected: string;
  readonly defaultValue?: T;
  readonly secret?: boolean;
  /** May stay unset (then undefined). */
  readonly optional?: boolean;
  /** How to make a good value (a command), shown with every problem of this variable. */
  readonly hint?: string;
  /**
   * The stricter rule of production (`NODE_ENV=production`): what is wrong with a value that
   * parses, or undefined. Development keeps the plain parse, so local defaults still start.
   */
  inProduction?(value: T): string | undefined;
  parse(raw: string): T;
}

export type EnvSchema = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSchema> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

/** Thrown by a parser with a reason that is safe to show: it never contains the value. */
export class Refused extends Error {}

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: string[],
  ) {
    super(`${app}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function variable<T>(
  expected: string,
  parse: (raw: string) => T,
  defaultValue?: T,
  secret = false,
  optional = false,
): EnvVar<T> {
  return { expected, parse, defaultValue, secret, optional };
}

export const env = {
  string(defaultValue?: string, opts: { secret?: boolean; minLength?: number } = {}): EnvVar<string> {
    const min = opts.minLength ?? 1;
    return variable(
      min > 1 ? `a string of at least ${min} characters` : 'a non-empty string',
      (raw) => {
        if (raw.length < min) throw new Error('too short');
        return raw;
      },
      defaultValue,
      opts.secret,
    );
  },
  int(defaultValue: number | undefined, min: number, max: number): EnvVar<number> {
    return variable(
      `an integer from ${min} to ${max}`,
      (raw) => {
        if (!/^-?\d+$/.test(raw.trim())) throw new Error('not an integer');
        const n = Number(raw);
        if (n < min || n > max) throw new Error('out of range');
        return n;
      },
      defaultValue,
    );
  },
  number(defaultValue: number | undefined, min: number, max: number): EnvVar<number> {
    return variable(
      `a number from ${min} to ${max}`,
      (raw) => {
        if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) throw new Error('not a number');
        const n = Number(raw);
        if (n < min || n > max) throw new Error('out of range');
        return n;
      },
      defaultValue,
    );
  },
  port(defaultValue?: number): EnvVar<number> {
    return env.int(defaultValue, 0, 65535);
  },
  url(
    defaultValue: string | undefined,
    protocols: string[],
    opts: { secret?: boolean } = {},
  ): EnvVar<string> {
    return variable(
      `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      (raw) => {
        const url = new URL(raw);
        if (!protocols.includes(url.protocol)) throw new Error(`protocol ${url.protocol}`);
        return raw;
      },
      defaultValue,
      opts.secret,
    );
  },
  optionalUrl(protocols: string[]): EnvVar<string | undefined> {
    return variable<string | undefined>(
      `empty or a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      (raw) => {
        if (raw === '') return undefined;
        const url = new URL(raw);
        if (!protocols.includes(url.protocol)) throw new Error(`protocol ${url.protocol}`);
        return raw;
      },
      undefined,
      false,
      true,
    );
  },
  /**
   * A secret that production requires strong: at least `productionMinLength` characters and
   * none of the placeholders (`.env.example`'s, the development defaults). Never shown.
   */
  secret(opts: { minLength: number; productionMinLength: number; hint: string }): EnvVar<string> {
    return {
      ...env.string(undefined, { secret: true, minLength: opts.minLength }),
      hint: opts.hint,
      inProduction: (value) => weakSecret(value, opts.productionMinLength),
    };
  },
  /** Fastify's `trustProxy`: empty (trust none), a number of hops, or addresses/CIDRs, comma-separated. */
  trustProxy(): EnvVar<false | number | string> {
    return variable<false | number | string>(
      'empty, a number of proxy hops, or IP addresses/CIDRs separated by commas',
      (raw) => {
        const value = raw.trim();
        if (value === '' || value === 'false') return false;
        if (/^\d{1,2}$/.test(value)) return Number(value);
        if (!/^[0-9A-Fa-f.:/, ]+$/.test(value)) throw new Error('not addresses');
        return value;
      },
      false,
    );
  },
  oneOf<T extends string>(values: readonly T[], defaultValue?: T): EnvVar<T> {
    return variable(
      `one of ${values.join(', ')}`,
      (raw) => {
        if (!values.includes(raw as T)) throw new Error('not allowed');
        return raw as T;
      },
      defaultValue,
    );
  },
};

/** Placeholders no production secret may contain: `.env.example`'s and the development defaults'. */
const PLACEHOLDER = /change-?me|placeholder|example|postroom-dev/i;

/** What makes a secret too weak for production, or undefined. */
export function weakSecret(value: string, minLength: number): string | undefined {
  if (PLACEHOLDER.test(value)) return 'it is a placeholder (from .env.example or a development default)';
  if (value.length < minLength) return `it is shorter than ${minLength} characters`;
  return undefined;
}

/**
 * Reads every variable of the schema from `source`; throws one ConfigError listing all problems.
 * With `NODE_ENV=production` in the source, each variable's production rule applies as well.
 */
export function loadConfig<S extends EnvSchema>(
  app: string,
  schema: S,
  source: Record<string, string | undefined>,
): ConfigOf<S> {
  const production = source.NODE_ENV === 'production';
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = source[name];
    const hint = spec.hint ? `; make one with: ${spec.hint}` : '';
    const shown = spec.secret ? '(hidden)' : JSON.stringify(raw);
    if (raw === undefined || (raw === '' && spec.defaultValue !== undefined)) {
      if (spec.defaultValue === undefined && !spec.optional) {
        problems.push(`${name} is missing: expected ${spec.expected}${hint}`);
      }
      config[name] = spec.defaultValue;
      continue;
    }
    try {
      config[name] = spec.parse(raw);
    } catch (err) {
      const why = err instanceof Refused ? ` (${err.message})` : '';
      problems.push(`${name}=${shown} is invalid${why}: expected ${spec.expected}${hint}`);
      continue;
    }
    const weak = production ? spec.inProduction?.(config[name]) : undefined;
    if (weak) problems.push(`${name}=${shown} is refused in production: ${weak}${hint}`);
  }
  if (problems.length > 0) throw new ConfigError(app, problems);
  return config as ConfigOf<S>;
}
