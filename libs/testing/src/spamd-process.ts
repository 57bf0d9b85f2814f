import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** Debian's spamd (package `spamd`, with `spamassassin`), when installed. */
export const SPAMD_BINARY = ['/usr/sbin/spamd', '/usr/bin/spamd'].find((p) => fs.existsSync(p));

/**
 * SpamAssassin's spamd on a loopback port of its own, with a private site configuration (no
 * network tests, no Bayes), for the tests that score real messages. Stop it with `stop()`.
 */
export class SpamdProcess {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly home: string,
    readonly port: number,
  ) {
    child.stdout?.on('data', (c: Buffer) => (this.log += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.log += c.toString()));
  }

  get url(): string {
    return `spamd://127.0.0.1:${this.port}`;
  }

  static async start(siteRules = '/etc/spamassassin'): Promise<SpamdProcess> {
    if (!SPAMD_BINARY) throw new Error('spamd is not installed (apt-get install spamd spamassassin)');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-spamd-'));
    // spamd drops to nobody, who must read the configuration
    fs.chmodSync(home, 0o755);
    for (const pre of fs.readdirSync(siteRules).filter((f) => f.endsWith('.pre')))
      fs.copyFileSync(path.join(siteRules, pre), path.join(home, pre));
    fs.writeFileSync(
      path.join(home, 'local.cf'),
      'use_bayes 0\nskip_rbl_checks 1\nuse_razor2 0\nuse_pyzor 0\ndns_available no\n',
    );
    for (const f of fs.readdirSync(home)) fs.chmodSync(path.join(home, f), 0o644);
    const port = await freePort();
    const child = spawn(
      SPAMD_BINARY,
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
    const spamd = new SpamdProcess(child, home, port);
    await waitFor(
      () => /server successfully spawned child process/.test(spamd.log) || child.exitCode !== null,
      {
        timeoutMs: 30_000,
        message: 'spamd started',
      },
    );
    if (child.exitCode !== null) throw new Error(`spamd did not start:\n${spamd.log}`);
    return spamd;
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await waitFor(() => this.child.exitCode !== null || this.child.signalCode !== null, {
      timeoutMs: 5_000,
    }).catch(() => this.child.kill('SIGKILL'));
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
