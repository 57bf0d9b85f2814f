import * as fs from 'node:fs';

/**
 * Parses KEY=VALUE lines: blank lines and `#` comments are skipped, an `export ` prefix is
 * allowed, a value in single or double quotes is taken verbatim (double quotes also read \n),
 * an unquoted value ends at ` #`.
 */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const [, key, rest] = m;
    const quoted = /^(["'])(.*)\1$/.exec(rest);
    if (quoted) vars[key] = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n') : quoted[2];
    else vars[key] = rest.replace(/\s+#.*$/, '');
  }
  return vars;
}

/**
 * Loads `file` into `env` when it exists, never overriding a variable that is already set.
 * Returns the names it set.
 */
export function loadDotenv(file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!fs.existsSync(file)) return [];
  const set: string[] = [];
  for (const [key, value] of Object.entries(parseDotenv(fs.readFileSync(file, 'utf8')))) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    set.push(key);
  }
  return set;
}
