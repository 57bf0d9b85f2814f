import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CORPUS, scoreCorpus, type CorpusScore } from './corpus-eval';

/**
 * The classifier against test/fixtures/bounces: 374 real bounces and complaints from over 70 kinds
 * of mail server, labelled per failed recipient (matched by file and 1-based index; a recipient
 * the classifier does not find counts as wrong). `npm run eval:bounces` prints the details.
 */
const REASON_FLOOR = 0.9;
const HARD_SOFT_FLOOR = 0.97;

describe('the bounce corpus', () => {
  let score: CorpusScore;

  beforeAll(() => {
    if (!fs.existsSync(path.join(DEFAULT_CORPUS, 'labels.jsonl'))) {
      throw new Error(`the shared bounce corpus is missing: expected it at ${DEFAULT_CORPUS}`);
    }
    score = scoreCorpus(DEFAULT_CORPUS);
  });

  it('has every labelled message and parses all of them', () => {
    expect(score.files).toBe(374);
    expect(score.labels).toBe(397);
    expect(score.rejected).toEqual([]);
  });

  it(`reads the reason right for at least ${REASON_FLOOR * 100}% of the recipients`, () => {
    expect(score.reasonCorrect / score.labels).toBeGreaterThanOrEqual(REASON_FLOOR);
  });

  it(`reads hard or soft right for at least ${HARD_SOFT_FLOOR * 100}% of the recipients`, () => {
    expect(score.hardCorrect / score.labels).toBeGreaterThanOrEqual(HARD_SOFT_FLOOR);
  });

  it('reads the two ordinary messages in not-bounce/ as no bounce at all', () => {
    const ordinary = score.notBounce.filter((n) => n.file.startsWith('is-not-bounce'));
    expect(ordinary).toHaveLength(2);
    for (const { file, result } of ordinary) {
      expect({ file, result }).toEqual({
        file,
        result: expect.objectContaining({ isBounce: false, kind: 'not-a-bounce', recipients: [] }),
      });
    }
  });

  // rb-issue-368-bug.eml sits in not-bounce/, but it is a postmaster's notice that a message was
  // "rejected and discarded" because the target mailbox was full, naming the address: a real
  // bounce. Reading it as one is right; this test keeps that decision visible.
  it('reads rb-issue-368-bug.eml, filed under not-bounce/, as the mailbox-full bounce it is', () => {
    const entry = score.notBounce.find((n) => n.file === 'rb-issue-368-bug.eml');
    expect(entry?.result).toEqual(
      expect.objectContaining({
        isBounce: true,
        kind: 'bounce',
        recipients: [
          expect.objectContaining({ recipient: 'xxxx@yyyyyy.net', reason: 'mailboxfull', hard: false }),
        ],
      }),
    );
  });
});
