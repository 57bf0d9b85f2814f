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
  parse(raw: string): T;
}

export type EnvSchema = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSchema> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

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

/** Reads every variable of the schema from `source`; throws one ConfigError listing all problems. */
export function loadConfig<S extends EnvSchema>(
  app: string,
  schema: S,
  source: Record<string, string | undefined>,
): ConfigOf<S> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = source[name];
    if (raw === undefined || (raw === '' && spec.defaultValue !== undefined)) {
      if (spec.defaultValue === undefined && !spec.optional) {
        problems.push(`${name} is missing: expected ${spec.expected}`);
      }
      config[name] = spec.defaultValue;
      continue;
    }
    try {
      config[name] = spec.parse(raw);
    } catch {
      const shown = spec.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${name}=${shown} is invalid: expected ${spec.expected}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(app, problems);
  return config as ConfigOf<S>;
}
