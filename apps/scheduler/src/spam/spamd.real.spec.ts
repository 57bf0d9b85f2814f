import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../../libs/testing/src/free-port';
import { waitFor } from '../../../../libs/testing/src/wait-for';
import { SpamdClient } from './spamd.client';

/**
 * Against SpamAssassin's own spamd on a loopback port, with a private site configuration (no
 * network tests, no Bayes). Needs Debian's `spamassassin` package; without it this file says so
 * and runs nothing (the fake-spamd tests in spamd.client.spec.ts still run).
 */
const SPAMD = ['/usr/sbin/spamd', '/usr/bin/spamd'].find((p) => fs.existsSync(p));
const SITE_RULES = '/etc/spamassassin';

const CLEAN = [
  'From: Ada Lovelace <ada@shop.example>',
  'To: Charles Babbage <charles@example.org>',
  'Subject: Minutes of Tuesday',
  'Date: Mon, 04 Jan 2027 09:00:00 +0000',
  'Message-ID: <minutes-2027-01-04.4f1c9a@shop.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Charles,',
  '',
  'here are the minutes of Tuesday. We agreed to meet again next week to go',
  'through the figures of the analytical engine, and you will bring the drawings.',
  '',
  'Best regards,',
  'Ada',
  '',
].join('\r\n');
const GTUBE = CLEAN.replace(
  'Hello Charles,',
  'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X',
);

(SPAMD ? describe : describe.skip)(`${SpamdClient.name} against a real spamd`, () => {
  let spamd: ChildProcess;
  let port: number;
  let home: string;
  let log = '';

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-spamd-'));
    // spamd drops to nobody, who must read the configuration
    fs.chmodSync(home, 0o755);
    for (const pre of fs.readdirSync(SITE_RULES).filter((f) => f.endsWith('.pre')))
      fs.copyFileSync(path.join(SITE_RULES, pre), path.join(home, pre));
    fs.writeFileSync(
      path.join(home, 'local.cf'),
      'use_bayes 0\nskip_rbl_checks 1\nuse_razor2 0\nuse_pyzor 0\ndns_available no\n',
    );
    for (const f of fs.readdirSync(home)) fs.chmodSync(path.join(home, f), 0o644);
    port = await freePort();
    spamd = spawn(
      SPAMD!,
      [
        `--listen=127.0.0.1:${port}`,
        '--local',
        '--nouser-config',
        '--max-children=1',
        '--min-children=1',
        `--siteconfigpath=${home}`,
        `--pidfile=${path.join(home, 'pid')}`,
        '--syslog=stderr',
        ...(process.getuid?.() === 0 ? ['--username=nobody'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    spamd.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    spamd.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    await waitFor(() => /server successfully spawned child process/.test(log) || spamd.exitCode !== null, {
      timeoutMs: 20_000,
    });
    if (spamd.exitCode !== null) throw new Error(`spamd did not start:\n${log}`);
  }, 30_000);

  afterAll(async () => {
    spamd?.kill('SIGTERM');
    await waitFor(() => spamd.exitCode !== null || spamd.signalCode !== null, { timeoutMs: 5_000 }).catch(
      () => spamd.kill('SIGKILL'),
    );
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('scores a clean message low and GTUBE high, with the rules that fired', async () => {
    const sut = new SpamdClient({ host: '127.0.0.1', port, timeoutMs: 15_000 });
    const clean = await sut.check(Buffer.from(CLEAN));
    const gtube = await sut.check(Buffer.from(GTUBE));

    expect(clean.isSpam).toBe(false);
    expect(clean.score).toBeLessThan(clean.threshold);
    expect(gtube).toMatchObject({ isSpam: true, threshold: 5 });
    expect(gtube.score).toBeGreaterThanOrEqual(1000);
    expect(gtube.rules).toContainEqual({
      name: 'GTUBE',
      score: 1000,
      description: 'BODY: Generic Test for Unsolicited Bulk Email',
    });
    expect(clean.rules.map((r) => r.name)).not.toContain('GTUBE');
  });

  it('lists the same rules by name with SYMBOLS', async () => {
    const gtube = await new SpamdClient({
      host: '127.0.0.1',
      port,
      command: 'SYMBOLS',
      timeoutMs: 15_000,
    }).check(Buffer.from(GTUBE));
    expect(gtube.rules).toContainEqual({ name: 'GTUBE' });
  });
});

if (!SPAMD) {
  // eslint-disable-next-line no-console
  console.warn(
    'spamd.real.spec: spamd is not installed (apt-get install spamassassin); the real-spamd tests did not run',
  );
}
