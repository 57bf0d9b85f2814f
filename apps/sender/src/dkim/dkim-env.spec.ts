import { ConfigError, loadConfig } from '@postroom/config';
import { dkimKeysVar } from './dkim-env';

describe(dkimKeysVar.name, () => {
  const files: Record<string, string> = {};
  const read = (path: string) => {
    if (!(path in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return files[path];
  };
  const schema = { DKIM_KEYS: dkimKeysVar(read) };

  it('signs nothing when unset', () => {
    expect(loadConfig('sender', schema, {}).DKIM_KEYS.size).toBe(0);
  });

  it('stops the start with a message naming every bad file', () => {
    files['/keys/bad.pem'] = 'not a key';
    const load = () =>
      loadConfig('sender', schema, {
        DKIM_KEYS: 'shop.example:s1:/keys/gone.pem,ed.example:s2:/keys/bad.pem',
      });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /\/keys\/gone\.pem: cannot be read \(ENOENT\); \/keys\/bad\.pem: is not a PEM private key/,
    );
  });
});
