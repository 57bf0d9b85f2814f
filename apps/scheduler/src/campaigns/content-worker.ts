import { parentPort } from 'node:worker_threads';
import { prepareContent, TemplateRejected } from '@postroom/templates';
import type { FromContentWorker, ToContentWorker } from './content-thread';

/**
 * The template thread (started by ContentThread): MJML, juice and the checks take from
 * milliseconds to seconds for a large template, and must not hold up the API and the dispatch
 * loop meanwhile. One job at a time; answers carry the job's id.
 */
parentPort!.on('message', (job: ToContentWorker) => {
  void prepareContent(job.input, job.options).then(
    (prepared) => reply({ id: job.id, kind: 'prepared', prepared }),
    (err: unknown) =>
      reply(
        err instanceof TemplateRejected
          ? { id: job.id, kind: 'rejected', problems: err.problems }
          : { id: job.id, kind: 'fault', message: err instanceof Error ? err.message : String(err) },
      ),
  );
});

function reply(message: FromContentWorker): void {
  parentPort!.postMessage(message);
}
