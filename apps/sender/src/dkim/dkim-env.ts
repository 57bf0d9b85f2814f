import { Refused, type EnvVar } from '@postroom/config';
import { DkimKeyError, parseDkimKeys, type DkimKeys } from './dkim-keys';

/**
 * DKIM_KEYS, read and checked when the configuration is: every key file is read once at start,
 * and a missing, unreadable or unfit one stops the sender with a message naming the file.
 * Empty (the default): no domain is signed.
 */
export function dkimKeysVar(readFile?: (path: string) => string): EnvVar<DkimKeys> {
  return {
    expected: 'empty, or domain:selector:/path/key.pem[,…] (PEM files: RSA of 2048 bits or more, or Ed25519)',
    defaultValue: new Map(),
    parse(raw) {
      try {
        return parseDkimKeys(raw, readFile);
      } catch (err) {
        if (err instanceof DkimKeyError) throw new Refused(err.problems.join('; '));
        throw err;
      }
    },
  };
}
