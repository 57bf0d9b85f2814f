import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  prepareContent,
  TemplateRejected,
  type ContentInput,
  type PrepareContentOptions,
  type PreparedContent,
  type TemplateProblem,
} from '@postroom/templates';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export type ToContentWorker = { id: number; input: ContentInput; options: PrepareContentOptions };
export type FromContentWorker =
  | { id: number; kind: 'prepared'; prepared: PreparedContent }
  | { id: number; kind: 'rejected'; problems: readonly TemplateProblem[] }
  | { id: number; kind: 'fault'; message: string };

interface Pending {
  resolve: (prepared: PreparedContent) => void;
  reject: (err: Error) => void;
}

/**
 * prepareContent on a thread of its own (content-worker.ts), started on first use and again
 * after a crash. A 500 KB template costs juice seconds of CPU (`npm run bench:templates`); on the
 * scheduler's main thread that would stall every API request and the dispatch loop. Run from the
 * TypeScript sources (the unit and integration tests), where there is no compiled worker, it
 * prepares on the calling thread.
 */
@Injectable()
export class ContentThread implements OnApplicationShutdown {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The thread's script: compiled JavaScript beside this file. */
  private readonly workerFile = path.join(__dirname, 'content-worker.js');

  prepare(input: ContentInput, options: PrepareContentOptions): Promise<PreparedContent> {
    if (!existsSync(this.workerFile)) return prepareContent(input, options);
    const id = this.nextId++;
    return new Promise<PreparedContent>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread().postMessage({ id, input, options } satisfies ToContentWorker);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref(); // an idle template thread must not keep the process alive
    worker.on('message', (m: FromContentWorker) => this.settle(m));
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // the jobs it held fail as faults; the next job starts another thread
      for (const [id, job] of this.pending) {
        job.reject(new Error(`the template thread ended (code ${code})`));
        this.pending.delete(id);
      }
    });
    this.worker = worker;
    return worker;
  }

  private settle(m: FromContentWorker): void {
    const job = this.pending.get(m.id);
    if (!job) return;
    this.pending.delete(m.id);
    if (m.kind === 'prepared') job.resolve(m.prepared);
    else if (m.kind === 'rejected') job.reject(new TemplateRejected(m.problems));
    else job.reject(new Error(`preparing the template failed: ${m.message}`));
  }
}
