import * as net from 'node:net';
import { SpamCheckError, type SpamChecker, type SpamRule, type SpamVerdict } from './spam-checker';

export interface SpamdClientOptions {
  readonly host: string;
  readonly port: number;
  /** For the whole exchange: connect, send, score, answer. */
  readonly timeoutMs?: number;
  /** REPORT gives each rule's score and description; SYMBOLS only the names. */
  readonly command?: 'REPORT' | 'SYMBOLS';
  /** The spamd user whose preferences apply (spamd -u …); spamd's own default when absent. */
  readonly user?: string;
  /** Larger messages are not sent: spamc's default limit, which spamd setups expect. */
  readonly maxBytes?: number;
}

/**
 * SpamAssassin's spamd over SPAMC/1.5 (the protocol of spamc, spamd(1) "PROTOCOL"), written here:
 * the one npm client (`spamc`, 0.0.x) is an untyped callback library without a deadline or a
 * way to tell a refused connection from a protocol error. The exchange is one request per
 * connection: a command line, Content-length, a blank line and the message; spamd answers a
 * status line, headers (`Spam: True ; 7.3 / 5.0`), a blank line and the report, then closes.
 */
export class SpamdClient implements SpamChecker {
  constructor(private readonly options: SpamdClientOptions) {}

  async check(raw: Buffer): Promise<SpamVerdict> {
    const { host, port } = this.options;
    const command = this.options.command ?? 'REPORT';
    const maxBytes = this.options.maxBytes ?? 500 * 1024;
    if (raw.length > maxBytes)
      throw new SpamCheckError(
        'too-large',
        `message of ${raw.length} bytes is over the ${maxBytes}-byte limit for spamd`,
      );
    const head =
      `${command} SPAMC/1.5\r\n` +
      `Content-length: ${raw.length}\r\n` +
      (this.options.user ? `User: ${this.options.user}\r\n` : '') +
      '\r\n';
    const answer = await exchange(
      host,
      port,
      Buffer.concat([Buffer.from(head, 'latin1'), raw]),
      this.options.timeoutMs ?? 10_000,
    );
    return parseSpamdResponse(answer, command);
  }
}

/** `spamd://host:port` (port 783 when absent), as SPAMD_URL gives it. */
export function spamdClientFromUrl(
  url: string,
  options: Omit<SpamdClientOptions, 'host' | 'port'> = {},
): SpamdClient {
  const parsed = new URL(url);
  if (parsed.protocol !== 'spamd:') throw new Error(`SPAMD_URL must look like spamd://host:port, not ${url}`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new Error(`SPAMD_URL has no host: ${url}`);
  return new SpamdClient({ ...options, host, port: Number(parsed.port || 783) });
}

function exchange(host: string, port: number, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const where = `spamd at ${host}:${port}`;
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (err: SpamCheckError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(
      () => finish(new SpamCheckError('timeout', `${where} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('connect', () => {
      socket.write(request);
      // half-close: spamd reads to Content-length, but older ones wait for EOF
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () =>
      finish(
        chunks.length === 0
          ? new SpamCheckError('network', `${where} closed the connection without answering`)
          : null,
      ),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED')
        return finish(new SpamCheckError('refused', `${where} refused the connection: is spamd running?`));
      finish(new SpamCheckError('network', `${where}: ${err.code ?? ''} ${err.message}`.trim()));
    });
  });
}

/** Pure: a whole spamd answer to REPORT or SYMBOLS. */
export function parseSpamdResponse(answer: Buffer, command: 'REPORT' | 'SYMBOLS'): SpamVerdict {
  const text = answer.toString('utf8');
  const split = text.search(/\r?\n\r?\n/);
  const headText = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const [statusLine = '', ...headerLines] = headText.split(/\r?\n/);
  const status = /^SPAMD\/(\d+\.\d+) (\d+) (.*)$/.exec(statusLine.trim());
  if (!status) throw new SpamCheckError('protocol', `not a spamd answer: "${statusLine.slice(0, 80)}"`);
  if (status[2] !== '0') throw new SpamCheckError('spamd', `spamd answered ${status[2]} ${status[3]}`);
  const spam = headerLines
    .map((l) => /^Spam:\s*(True|False|Yes|No)\s*;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)\s*$/i.exec(l))
    .find(Boolean);
  if (!spam) throw new SpamCheckError('protocol', 'spamd answered without a Spam: header');
  const rules = command === 'SYMBOLS' ? symbols(body) : reportRules(body);
  return { isSpam: /^(true|yes)$/i.test(spam[1]), score: Number(spam[2]), threshold: Number(spam[3]), rules };
}

function symbols(body: string): SpamRule[] {
  return body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/** The "Content analysis details" table: ` pts rule name  description`, descriptions may wrap. */
function reportRules(body: string): SpamRule[] {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => /^-{3,}\s+-{3,}/.test(l.trim()));
  if (start === -1) return [];
  const rules: { name: string; score: number; description?: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const row = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s*(.*)$/.exec(line);
    if (row)
      rules.push({
        score: Number(row[1]),
        name: row[2],
        ...(row[3].trim() ? { description: row[3].trim() } : {}),
      });
    else if (rules.length > 0) {
      const last = rules[rules.length - 1];
      last.description = `${last.description ?? ''} ${line.trim()}`.trim();
    }
  }
  return rules;
}
