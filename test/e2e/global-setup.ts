import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import servicesSetup from '../services-setup';

/** End-to-end tests run the compiled services, as operators do: build them first. */
export default async function globalSetup(): Promise<void> {
  await servicesSetup();
  const root = path.resolve(__dirname, '..', '..');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
