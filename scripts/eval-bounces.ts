import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  byFamily,
  DEFAULT_CORPUS,
  familyFolds,
  scoreCorpus,
  split,
  tally,
  wordingCoverage,
  type Tally,
} from '../apps/bounce/src/classify/corpus-eval';
import { isHeldOut } from '../apps/bounce/src/classify/held-out';
import { WORDING } from '../apps/bounce/src/classify/patterns/wording';

/**
 * `npm run eval:bounces [-- <corpus dir>] [--verbose] [--by-family] [--show-held-out]`: scores the
 * bounce classifier against a labelled corpus (test/fixtures/bounces by default) and prints the
 * accuracy figures, the training and held-out splits (held-out.ts), the confusion table and every
 * misclassification grouped by (expected → got). The held-out families' messages are left out of
 * the confusion table and the list unless --show-held-out: rules are not written from them.
 * --by-family adds the score per server family, the wording rules only one message triggers, and
 * the leave-one-family-out estimate: each family scored again with the rules that only its own
 * messages trigger switched off (corpus-eval.ts `familyFolds`).
 */
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const perFamily = args.includes('--by-family');
const showHeldOut = args.includes('--show-held-out');
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? DEFAULT_CORPUS);
const isMainCorpus = dir === path.resolve(DEFAULT_CORPUS);
const unknown = args.filter(
  (a) => a.startsWith('--') && !['--verbose', '--by-family', '--show-held-out'].includes(a),
);
if (
  unknown.length > 0 ||
  !fs.existsSync(path.join(dir, 'labels.jsonl')) ||
  !fs.existsSync(path.join(dir, 'eml'))
) {
  console.error(
    unknown.length > 0
      ? `eval:bounces: unknown option ${unknown.join(' ')}`
      : `eval:bounces: ${dir} is not a corpus (it needs labels.jsonl and an eml/ folder)`,
  );
  console.error('usage: npm run eval:bounces [-- <corpus dir>] [--verbose] [--by-family] [--show-held-out]');
  process.exit(2);
}
const score = scoreCorpus(dir);

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

console.log(`corpus: ${dir}`);
console.log(`messages: ${score.files}   labelled recipients: ${score.labels}   not found: ${score.missing}`);
console.log(
  `reason accuracy:    ${pct(score.reasonCorrect, score.labels)}  (${score.reasonCorrect}/${score.labels})`,
);
console.log(
  `hard/soft accuracy: ${pct(score.hardCorrect, score.labels)}  (${score.hardCorrect}/${score.labels})`,
);
console.log(
  `status accuracy:    ${pct(score.statusCorrect, score.statusTotal)}  (${score.statusCorrect}/${score.statusTotal}, labels with a real code)`,
);
const line = (name: string, t: Tally) =>
  `  ${name.padEnd(14)} ${String(t.labels).padStart(4)}   reason ${pct(t.reasonCorrect, t.labels).padStart(6)}   hard/soft ${pct(t.hardCorrect, t.labels).padStart(6)}`;
if (isMainCorpus) {
  const halves = split(score.scored);
  console.log('\nsplit (held-out.ts)     labels');
  console.log(line('training', tally(halves.training)));
  console.log(line('held-out', tally(halves.heldOut)));
}
if (perFamily) {
  console.log('\nby family                labels');
  for (const f of byFamily(score.scored)) {
    console.log(line(`${f.family}${f.heldOut && isMainCorpus ? ' *' : ''}`, f));
  }
  if (isMainCorpus) {
    console.log('  (* held out)');
    const coverage = wordingCoverage(dir);
    const single = coverage.filter((c) => c.messages === 1);
    const none = coverage.filter((c) => c.messages === 0);
    console.log(
      `\nwording rules: ${coverage.length}   triggered by one message only: ${single.length}   by none: ${none.length}`,
    );
    if (verbose) for (const c of single) console.log(`  one: ${WORDING[c.rule].id}`);

    const folds = familyFolds(dir);
    const sum = (fs: typeof folds, pick: (f: (typeof folds)[number]) => Tally): Tally =>
      fs.map(pick).reduce(
        (a, t) => ({
          labels: a.labels + t.labels,
          reasonCorrect: a.reasonCorrect + t.reasonCorrect,
          hardCorrect: a.hardCorrect + t.hardCorrect,
        }),
        { labels: 0, reasonCorrect: 0, hardCorrect: 0 },
      );
    const foldLine = (name: string, now: Tally, folded: Tally, own = '') =>
      `  ${name.padEnd(16)} ${String(now.labels).padStart(4)}   reason ${pct(now.reasonCorrect, now.labels).padStart(6)} → ${pct(folded.reasonCorrect, folded.labels).padStart(6)}   hard/soft ${pct(now.hardCorrect, now.labels).padStart(6)} → ${pct(folded.hardCorrect, folded.labels).padStart(6)}${own}`;
    console.log(
      '\nleave-one-family-out: each family again with the rules only its own messages trigger switched off',
    );
    for (const f of folds.filter((x) => x.own.rules.length + x.own.families.length > 0)) {
      const own = [...f.own.families.map((n) => `family ${n}`), ...f.own.rules].join(', ');
      console.log(foldLine(`${f.family}${f.heldOut ? ' *' : ''}`, f, f.folded, `   (${own})`));
    }
    const groups = [
      ['all', folds],
      ['training', folds.filter((f) => !f.heldOut)],
      ['held-out', folds.filter((f) => f.heldOut)],
    ] as const;
    for (const [name, fs] of groups) {
      console.log(
        foldLine(
          `= ${name}`,
          sum(fs, (f) => f),
          sum(fs, (f) => f.folded),
        ),
      );
    }
    const dependent = folds.reduce((n, f) => n + f.dependent, 0);
    const correct = folds.reduce((n, f) => n + f.reasonCorrect, 0);
    console.log(
      `  right verdicts that depend on a rule only their own family triggers: ${dependent} of ${correct}`,
    );
  }
}
const shown =
  showHeldOut || !isMainCorpus ? score.scored : score.scored.filter((s) => !isHeldOut(s.label.mta));
if (score.rejected.length > 0) {
  console.log(`\nrefused by the parser: ${score.rejected.length}`);
  for (const r of score.rejected) console.log(`  ${r.file}: ${r.reason}`);
}

// confusion table: expected reason (rows) × got reason (columns), non-zero rows and columns only
const NONE = '(none)';
const cells = new Map<string, number>();
const rows = new Set<string>();
const cols = new Set<string>();
for (const s of shown) {
  const got = s.got?.reason ?? NONE;
  const key = `${s.label.reason}\u0000${got}`;
  cells.set(key, (cells.get(key) ?? 0) + 1);
  rows.add(s.label.reason);
  cols.add(got);
}
const rowList = [...rows].sort();
const colList = [...cols].sort();
// shortest unique prefixes, at least 6 letters: "systeme" and "systemf" stay apart
const abbreviate = (r: string) => {
  for (let n = 6; n < r.length; n += 1) {
    const p = r.slice(0, n);
    if (colList.every((c) => c === r || !c.startsWith(p))) return p;
  }
  return r;
};
const cellWidth = Math.max(...colList.map((c) => abbreviate(c).length)) + 1;
const width = Math.max(...rowList.map((r) => r.length)) + 1;
console.log(
  `\nconfusion${shown.length < score.scored.length ? ' (training split only)' : ''} (rows: expected, columns: got, reasons shortened to a unique prefix)`,
);
console.log(' '.repeat(width) + colList.map((c) => abbreviate(c).padStart(cellWidth)).join(''));
for (const r of rowList) {
  const line = colList.map((c) => {
    const n = cells.get(`${r}\u0000${c}`) ?? 0;
    return (n === 0 ? '.' : String(n)).padStart(cellWidth);
  });
  console.log(r.padEnd(width) + line.join(''));
}

// misclassifications grouped by (expected → got)
const groups = new Map<string, string[]>();
for (const s of shown) {
  const got = s.got?.reason ?? NONE;
  if (got === s.label.reason && s.got?.hard === s.label.hardbounce) continue;
  const key =
    got === s.label.reason
      ? `${s.label.reason} (hard ${s.label.hardbounce} → ${s.got?.hard})`
      : `${s.label.reason} → ${got}`;
  const where = `${s.label.file}#${s.label.index}`;
  groups.set(key, [
    ...(groups.get(key) ?? []),
    verbose && s.got ? `${where} [${s.got.diagnostic.slice(0, 160)}]` : where,
  ]);
}
console.log(`\nmisclassified: ${[...groups.values()].reduce((n, g) => n + g.length, 0)}`);
for (const [key, files] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length)) {
  const shown = verbose ? files : files.slice(0, 4);
  console.log(
    `  ${String(files.length).padStart(3)}  ${key}: ${shown.join(verbose ? '\n         ' : ', ')}${shown.length < files.length ? ', …' : ''}`,
  );
}

if (shown.length < score.scored.length) {
  console.log(`  (${score.scored.length - shown.length} held-out recipients not listed: --show-held-out)`);
}

console.log('\nnot-bounce samples:');
for (const n of score.notBounce) {
  const r = n.result;
  const summary =
    'rejected' in r
      ? `refused (${r.rejected})`
      : `${r.kind}, isBounce ${r.isBounce}${r.recipients.length ? `, ${r.recipients.map((x) => x.reason).join(', ')}` : ''}`;
  console.log(`  ${n.file}: ${summary}`);
}
