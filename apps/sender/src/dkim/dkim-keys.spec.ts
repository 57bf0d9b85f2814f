import { generateKeyPairSync } from 'node:crypto';
import { DkimKeyError, parseDkimKeys } from './dkim-keys';

const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe(parseDkimKeys.name, () => {
  const files: Record<string, string> = {
    '/keys/rsa2048.pem': pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    '/keys/ed25519.pem': pem(generateKeyPairSync('ed25519').privateKey),
    '/keys/rsa1024.pem': pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey),
    '/keys/ec.pem': pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
    '/keys/public.pem': generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString(),
    '/keys/garbage.pem': 'not a key\n',
  };
  const readFile = (path: string) => {
    if (path in files) return files[path];
    throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
  };
  const problems = (spec: string) => {
    try {
      parseDkimKeys(spec, readFile);
    } catch (err) {
      if (err instanceof DkimKeyError) return err.problems;
      throw err;
    }
    throw new Error('expected DkimKeyError');
  };

  it('reads RSA 2048 and Ed25519 keys per domain, two for one domain when given', () => {
    const sut = parseDkimKeys(
      ' Shop.Example:rsa1:/keys/rsa2048.pem, shop.example:ed1:/keys/ed25519.pem ,news.example.org:s:/keys/ed25519.pem',
      readFile,
    );

    expect([...sut.keys()]).toEqual(['shop.example', 'news.example.org']);
    expect(sut.get('shop.example')?.map((k) => [k.selector, k.algorithm, k.file])).toEqual([
      ['rsa1', 'rsa-sha256', '/keys/rsa2048.pem'],
      ['ed1', 'ed25519-sha256', '/keys/ed25519.pem'],
    ]);
    expect(sut.get('shop.example')?.[0].privateKeyPem).toBe(files['/keys/rsa2048.pem']);
  });

  it('takes an empty list as no keys', () => {
    expect(parseDkimKeys('', readFile).size).toBe(0);
    expect(parseDkimKeys(' , ', readFile).size).toBe(0);
  });

  it('names the file that is missing, not a key, too weak or of the wrong kind, all at once', () => {
    expect(
      problems(
        'a.example:s:/keys/missing.pem,b.example:s:/keys/garbage.pem,c.example:s:/keys/rsa1024.pem,d.example:s:/keys/ec.pem,e.example:s:/keys/public.pem',
      ),
    ).toEqual([
      '/keys/missing.pem: cannot be read (ENOENT)',
      '/keys/garbage.pem: is not a PEM private key',
      '/keys/rsa1024.pem: an RSA key of 1024 bits; DKIM keys need at least 2048',
      '/keys/ec.pem: a ec key; DKIM signs with RSA or Ed25519',
      '/keys/public.pem: is not a PEM private key',
    ]);
  });

  it('refuses entries that are not domain:selector:path, bad names and duplicates', () => {
    expect(problems('shop.example:/keys/rsa2048.pem')).toEqual([
      '"shop.example:/keys/rsa2048.pem" is not domain:selector:/path/to/key.pem',
    ]);
    expect(problems('not_a_domain:s:/keys/rsa2048.pem')).toEqual([
      '"not_a_domain:s:/keys/rsa2048.pem": not_a_domain is not a domain name',
    ]);
    expect(problems('a.example:s;x:/keys/rsa2048.pem')).toEqual([
      '"a.example:s;x:/keys/rsa2048.pem": s;x is not a DKIM selector',
    ]);
    expect(problems('a.example:s:/keys/rsa2048.pem,a.example:s:/keys/ed25519.pem')).toEqual([
      '"a.example:s:/keys/ed25519.pem": s for a.example is listed twice',
    ]);
  });

  it('reads real files by default and names the one it cannot open', () => {
    expect(() => parseDkimKeys('a.example:s:/nonexistent/postroom-dkim.pem')).toThrow(
      'DKIM keys: /nonexistent/postroom-dkim.pem: cannot be read (ENOENT)',
    );
  });
});
