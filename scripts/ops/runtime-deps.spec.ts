import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/**
 * The Docker image installs production dependencies only (`npm ci --omit=dev`) and ships
 * dist/apps and dist/libs: no app or library may import a devDependency at run time (scripts/
 * may, they are not in the image).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function runtimeSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...runtimeSources(p));
    else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Packages a source file loads at run time (type-only imports are erased by the compiler). */
export function runtimeImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*import\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*export\s+(?!type\b)[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  const packages = specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('@postroom/'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]))
    .filter((s) => !builtinModules.includes(s));
  return [...new Set(packages)];
}

describe('runtime dependencies of the apps and libraries', () => {
  it('reads value imports and skips type-only ones', () => {
    expect(
      runtimeImports(
        [
          "import { a } from 'pkg-a';",
          "import type { B } from 'pkg-b';",
          "import * as c from '@scope/c/sub';",
          "import 'reflect-metadata';",
          "export { d } from 'pkg-d';",
          "export type { E } from 'pkg-e';",
          "import { f } from './local';",
          "import * as fs from 'node:fs';",
          "import { g } from '@postroom/config';",
          "const h = require('pkg-h');",
        ].join('\n'),
      ).sort(),
    ).toEqual(['@scope/c', 'pkg-a', 'pkg-d', 'pkg-h', 'reflect-metadata']);
  });

  it('import only production dependencies (the image runs `npm ci --omit=dev`)', () => {
    const files = [
      ...runtimeSources(path.join(ROOT, 'apps')),
      ...runtimeSources(path.join(ROOT, 'libs')).filter((f) => !f.includes(`${path.sep}testing${path.sep}`)),
    ];
    const problems: string[] = [];
    for (const file of files) {
      for (const name of runtimeImports(fs.readFileSync(file, 'utf8'))) {
        if (pkg.dependencies[name]) continue;
        const where = path.relative(ROOT, file);
        problems.push(
          pkg.devDependencies[name]
            ? `${where}: ${name} is a devDependency`
            : `${where}: ${name} is not in package.json dependencies`,
        );
      }
    }

    expect(files.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
