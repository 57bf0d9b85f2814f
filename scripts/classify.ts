import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify, parseReport } from '../apps/bounce/src/classify';

/**
 * `npm run -s classify -- a.eml b.eml …`: the bounce classifier on its own. One JSON line per
 * failed recipient, in the order each message names them; a message that is not a bounce (or
 * cannot be parsed) prints one line with reason null.
 */
function main(files: string[]): number {
  if (files.length === 0) {
    process.stderr.write('usage: npm run -s classify -- <message.eml> [more.eml …]\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const name = path.basename(file);
    let raw: Buffer;
    try {
      raw = fs.readFileSync(file);
    } catch (err) {
      process.stderr.write(`${file}: ${(err as Error).message}\n`);
      failed++;
      continue;
    }
    const report = parseReport(raw);
    if (report.kind === 'rejected') {
      print({
        file: name,
        recipient: null,
        status: null,
        reply: null,
        reason: null,
        hardbounce: false,
        error: `${report.reason}: ${report.detail}`,
      });
      continue;
    }
    const result = classify(report);
    if (!result.isBounce || result.recipients.length === 0) {
      print({
        file: name,
        recipient: null,
        status: null,
        reply: null,
        reason: null,
        hardbounce: false,
        kind: result.kind,
      });
      continue;
    }
    for (const r of result.recipients) {
      print({
        file: name,
        recipient: r.recipient || null,
        status: r.status,
        reply: r.reply,
        reason: r.reason,
        hardbounce: r.hard,
      });
    }
  }
  return failed > 0 ? 1 : 0;
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

process.exitCode = main(process.argv.slice(2));
