import type { Clock } from '@postroom/runtime';

/** A scheduled callback that can be called off. */
export interface Scheduled {
  cancel(): void;
}

/** The one way this folder waits (STYLE.md §5): tests run it on a hand-moved clock. */
export interface Timer {
  schedule(callback: () => void, delayMs: number): Scheduled;
}

export const realTimer: Timer = {
  schedule(callback, delayMs) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  },
};

/** A clock and a timer that move only when a test says so; due callbacks run in time order. */
export class ManualTime implements Clock, Timer {
  private current: number;
  private tasks: { at: number; seq: number; callback: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(start: Date | number = 0) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  schedule(callback: () => void, delayMs: number): Scheduled {
    const task = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.tasks.push(task);
    return { cancel: () => (task.cancelled = true) };
  }

  /** Moves time forward by `ms`, running every callback that falls due on the way, at its instant. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      this.tasks = this.tasks.filter((t) => !t.cancelled);
      const due = this.tasks.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.callback();
    }
    this.current = end;
  }

  /** Callbacks waiting to run. */
  get pending(): number {
    return this.tasks.filter((t) => !t.cancelled).length;
  }
}
