import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** End-to-end tests run the compiled services, as operators do: build them first. */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
