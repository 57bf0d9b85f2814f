import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const corpus = path.resolve(root, 'test', 'fixtures', 'bounces');

describe('npm run -s classify', () => {
  it('prints one JSON line per failed recipient, and one line with reason null for a message that is not a bounce', () => {
    const files = [
      path.join(corpus, 'eml', 'arf-01.eml'),
      path.join(corpus, 'not-bounce', 'is-not-bounce-01.eml'),
    ];

    const run = spawnSync('npm', ['run', '-s', 'classify', '--', ...files], { cwd: root, encoding: 'utf8' });

    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ file: 'arf-01.eml', reason: 'feedback', hardbounce: false }),
      expect.objectContaining({ file: 'is-not-bounce-01.eml', reason: null, recipient: null }),
    ]);
    for (const line of lines)
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['file', 'recipient', 'status', 'reply', 'reason', 'hardbounce']),
      );
  });
});

describe('npm run -s eval:bounces', () => {
  it.each([
    [['/nonexistent-corpus'], /is not a corpus \(it needs labels\.jsonl and an eml\/ folder\)/],
    [['--byfamily'], /unknown option --byfamily/],
  ])('refuses %j with a clear error and its usage', (args, message) => {
    const run = spawnSync('npm', ['run', '-s', 'eval:bounces', '--', ...args], {
      cwd: root,
      encoding: 'utf8',
    });

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/usage: npm run eval:bounces/);
  });
});
