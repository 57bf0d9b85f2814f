import * as fs from 'node:fs';
import { Session } from 'node:inspector';

/**
 * `--require`d into a service by `npm run bench:tracker -- --tracker-cpu-profile=<file>` (Node
 * refuses `--cpu-prof` in NODE_OPTIONS): profiles the process from its start and writes a
 * `.cpuprofile` (Chrome DevTools, speedscope) to BENCH_CPU_PROFILE when the process gets SIGTERM,
 * before the service's own shutdown runs.
 */
// `%p` in the name becomes the process id: one profile per process when several load this
const file = process.env.BENCH_CPU_PROFILE?.replace('%p', String(process.pid));
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => {
    // 100 µs: fine enough for a request path of a few tens of µs
    session.post('Profiler.setSamplingInterval', { interval: 100 }, () => {
      session.post('Profiler.start');
    });
  });
  const onSigterm = () => {
    // the service's handler re-sends the signal once it is done: let that one through
    process.removeListener('SIGTERM', onSigterm);
    session.post('Profiler.stop', (err, result) => {
      if (err) process.stderr.write(`cpu profile: ${err.message}\n`);
      else fs.writeFileSync(file, JSON.stringify(result.profile));
      session.disconnect();
    });
  };
  process.prependListener('SIGTERM', onSigterm);
}
