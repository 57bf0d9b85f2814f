import { keyProblems, parseSigningKeys } from '@postroom/tokens';
import { env, Refused, weakSecret, type EnvVar } from './env-schema';

/**
 * The two secrets every deployment sets itself (DESIGN §7, configuration): production refuses
 * them missing, short or left at a placeholder, and says how to make a good one. Development
 * keeps the lower bar, so `npm start`'s generated key and token still start.
 */
const PRODUCTION_MIN = 32;
const NODE_RANDOM = `node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))"`;

/** POSTROOM_API_TOKEN: the bootstrap operator token of the scheduler's API. */
export function apiTokenSecret(): EnvVar<string> {
  return env.secret({
    minLength: 16,
    productionMinLength: PRODUCTION_MIN,
    hint: `openssl rand -hex 32 (or ${NODE_RANDOM})`,
  });
}

/** TRACKING_KEYS: `kid:secret[,kid:secret…]`, distinct key ids; the first signs. */
export function trackingKeys(): EnvVar<string> {
  return {
    expected:
      'kid:secret[,kid:secret…] with distinct key ids of 1-8 letters or digits and secrets of at least ' +
      `16 characters (${PRODUCTION_MIN} in production)`,
    secret: true,
    hint: `echo "k1:$(openssl rand -hex 32)" (or ${NODE_RANDOM} for the secret)`,
    parse(raw) {
      let keys;
      try {
        keys = parseSigningKeys(raw);
      } catch {
        throw new Refused('a part is not kid:secret');
      }
      if (keys.length === 0) throw new Refused('no key');
      const problems = keyProblems(keys);
      if (problems.length > 0) throw new Refused(problems.join('; '));
      return raw;
    },
    inProduction(value) {
      const weak = parseSigningKeys(value)
        .map((k) => [k.kid, weakSecret(k.secret, PRODUCTION_MIN)] as const)
        .filter(([, why]) => why !== undefined);
      return weak.length ? weak.map(([kid, why]) => `key ${kid}: ${why}`).join('; ') : undefined;
    },
  };
}
