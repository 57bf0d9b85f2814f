import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify, type Classification, type ClassifiedRecipient } from './classify';
import { oneLine } from './decide-reason';
import { isHeldOut } from './held-out';
import { parseReport, type Report } from './parse-report';
import { WORDING } from './patterns/wording';

/**
 * Scores the classifier against a labelled corpus laid out as test/fixtures/bounces is: `eml/`,
 * `labels.jsonl` (one line per failed recipient) and `not-bounce/`. Used by corpus.spec.ts and
 * `npm run eval:bounces`.
 */

export interface Label {
  readonly file: string;
  readonly index: number;
  readonly status: string | null;
  readonly reply: string | null;
  readonly reason: string;
  readonly hardbounce: boolean;
  readonly mta: string;
  readonly feedback_type: string | null;
  readonly status_is_pseudo: boolean;
}

export interface Scored {
  readonly label: Label;
  /** The classifier's recipient at the label's index, if there is one. */
  readonly got: ClassifiedRecipient | null;
}

export interface CorpusScore {
  readonly files: number;
  readonly labels: number;
  readonly reasonCorrect: number;
  readonly hardCorrect: number;
  readonly statusCorrect: number;
  readonly statusTotal: number;
  readonly missing: number;
  readonly rejected: Array<{ file: string; reason: string }>;
  readonly scored: Scored[];
  readonly notBounce: Array<{ file: string; result: Classification | { rejected: string } }>;
}

/** The labelled corpus, kept in the repository as test fixtures (found from this file, built or not). */
export const DEFAULT_CORPUS = path.resolve(repositoryRoot(__dirname), 'test/fixtures/bounces');
/** Real bounces made on this machine by Postfix, Exim, Sendmail, OpenSMTPD (see its README). */
export const GENERATED_CORPUS = path.resolve(repositoryRoot(__dirname), 'test/fixtures/bounces-generated');

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'apps'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../../');
  }
}

export function readLabels(dir: string): Label[] {
  return fs
    .readFileSync(path.join(dir, 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Label);
}

export function classifyFile(file: string): Classification | { rejected: string } {
  const report = parseReport(fs.readFileSync(file));
  if (report.kind === 'rejected') return { rejected: `${report.reason}: ${report.detail}` };
  return classify(report);
}

export function scoreCorpus(dir: string = DEFAULT_CORPUS): CorpusScore {
  const labels = readLabels(dir);
  const byFile = new Map<string, Label[]>();
  for (const l of labels) byFile.set(l.file, [...(byFile.get(l.file) ?? []), l]);
  const scored: Scored[] = [];
  const rejected: Array<{ file: string; reason: string }> = [];
  for (const [file, fileLabels] of byFile) {
    const result = classifyFile(path.join(dir, 'eml', file));
    if ('rejected' in result) rejected.push({ file, reason: result.rejected });
    const recipients = 'rejected' in result ? [] : result.recipients;
    for (const label of fileLabels) scored.push({ label, got: recipients[label.index - 1] ?? null });
  }
  const statusScored = scored.filter((s) => !s.label.status_is_pseudo);
  const notBounceDir = path.join(dir, 'not-bounce');
  const notBounce = fs.existsSync(notBounceDir)
    ? fs
        .readdirSync(notBounceDir)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .map((file) => ({ file, result: classifyFile(path.join(notBounceDir, file)) }))
    : [];
  return {
    files: byFile.size,
    labels: labels.length,
    reasonCorrect: scored.filter((s) => s.got?.reason === s.label.reason).length,
    hardCorrect: scored.filter((s) => s.got !== null && s.got.hard === s.label.hardbounce).length,
    statusCorrect: statusScored.filter((s) => s.got !== null && s.got.status === s.label.status).length,
    statusTotal: statusScored.length,
    missing: scored.filter((s) => s.got === null).length,
    rejected,
    scored,
    notBounce,
  };
}

/** How many labels one group of scored recipients has, and how many of them were read right. */
export interface Tally {
  readonly labels: number;
  readonly reasonCorrect: number;
  readonly hardCorrect: number;
}

export function tally(scored: readonly Scored[]): Tally {
  return {
    labels: scored.length,
    reasonCorrect: scored.filter((s) => s.got?.reason === s.label.reason).length,
    hardCorrect: scored.filter((s) => s.got !== null && s.got.hard === s.label.hardbounce).length,
  };
}

/** The score per server family (the labels' `mta`), largest family first. */
export function byFamily(scored: readonly Scored[]): Array<{ family: string; heldOut: boolean } & Tally> {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) groups.set(s.label.mta, [...(groups.get(s.label.mta) ?? []), s]);
  return [...groups.entries()]
    .map(([family, group]) => ({ family, heldOut: isHeldOut(family), ...tally(group) }))
    .sort((a, b) => b.labels - a.labels || a.family.localeCompare(b.family));
}

/** The training and held-out halves of a scored corpus (held-out.ts). */
export function split(scored: readonly Scored[]): { training: Scored[]; heldOut: Scored[] } {
  return {
    training: scored.filter((s) => !isHeldOut(s.label.mta)),
    heldOut: scored.filter((s) => isHeldOut(s.label.mta)),
  };
}

/**
 * How many messages of the corpus trigger each wording rule (matched against the text the
 * classifier reads: every Diagnostic-Code and the start of the human-readable part). A rule that
 * only one message triggers was probably written from that message.
 */
export function wordingCoverage(dir: string = DEFAULT_CORPUS): Array<{ rule: number; messages: number }> {
  const counts = WORDING.map(() => 0);
  const files = [...new Set(readLabels(dir).map((l) => l.file))];
  for (const file of files) {
    const report = parseReport(fs.readFileSync(path.join(dir, 'eml', file)));
    if (report.kind !== 'report') continue;
    const texts = evidenceTexts(report);
    WORDING.forEach((rule, i) => {
      if (texts.some((t) => rule.pattern.test(t))) counts[i] += 1;
    });
  }
  return counts.map((messages, rule) => ({ rule, messages }));
}

function evidenceTexts(report: Report): string[] {
  const diags = (report.deliveryStatus?.recipients ?? []).map((r) => r.diagnosticCode ?? '');
  return [...diags, report.text.slice(0, 8000)].filter(Boolean).map(oneLine);
}
