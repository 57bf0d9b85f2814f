import type { Logger } from 'pino';

/**
 * Runs `work` again and again: at once while it reports work done, after `intervalMs` when
 * idle or after a failure. Never overlaps itself; stop() waits for the pass in progress.
 */
export class Loop {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = true;
  // each start() begins a new generation; passes of an older one never schedule again
  private generation = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.generation++;
    this.schedule(0, this.generation);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  private schedule(delay: number, generation: number): void {
    if (this.stopped || generation !== this.generation) return;
    this.timer = setTimeout(() => {
      this.current = this.pass(generation);
    }, delay);
  }

  private async pass(generation: number): Promise<void> {
    let busy = false;
    try {
      busy = (await this.work()) > 0;
    } catch (err) {
      this.logger.warn({ loop: this.name, err: (err as Error).message }, 'loop pass failed; retrying');
    }
    this.schedule(busy ? 0 : this.intervalMs, generation);
  }
}
