import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDotenv, parseDotenv } from './dotenv';

describe(parseDotenv.name, () => {
  it('reads KEY=VALUE lines, skipping comments and blank lines', () => {
    const sut = parseDotenv('# comment\n\nA=1\nexport B = two words \nC=x # trailing\nnot a line\n');
    expect(sut).toEqual({ A: '1', B: 'two words', C: 'x' });
  });

  it('takes quoted values verbatim, reading \\n in double quotes only', () => {
    const sut = parseDotenv(`A="a # b\\nc"\nB='d\\ne'\nC=""`);
    expect(sut).toEqual({ A: 'a # b\nc', B: 'd\\ne', C: '' });
  });

  it('keeps = signs inside the value', () => {
    expect(parseDotenv('URL=postgres://u@h/db?x=1')).toEqual({ URL: 'postgres://u@h/db?x=1' });
  });
});

describe(loadDotenv.name, () => {
  it('never overrides a variable that is already set', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dotenv-')), '.env');
    fs.writeFileSync(file, 'A=from-file\nB=from-file\n');
    const env: NodeJS.ProcessEnv = { A: 'from-env' };

    const set = loadDotenv(file, env);

    expect(env).toEqual({ A: 'from-env', B: 'from-file' });
    expect(set).toEqual(['B']);
  });

  it('does nothing when the file does not exist', () => {
    expect(loadDotenv('/nonexistent/.env', {})).toEqual([]);
  });
});
