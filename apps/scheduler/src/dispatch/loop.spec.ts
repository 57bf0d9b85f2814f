import type { Logger } from 'pino';
import { Loop } from './loop';

const INTERVAL = 1000;

function fakeLogger() {
  return { warn: jest.fn() };
}

/** A promise the test settles by hand, to hold a pass open. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Work that reports these amounts of work done, one per pass, then 0 forever. */
function workReturning(...results: (number | Error)[]) {
  return jest.fn(async () => {
    const next = results.shift() ?? 0;
    if (next instanceof Error) throw next;
    return next;
  });
}

describe(Loop.name, () => {
  let sut: Loop;
  let logger: ReturnType<typeof fakeLogger>;

  function loop(work: () => Promise<number>): Loop {
    sut = new Loop('dispatch', INTERVAL, work, logger as unknown as Logger);
    return sut;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    logger = fakeLogger();
  });

  afterEach(async () => {
    await sut?.stop();
    jest.useRealTimers();
  });

  it('runs the first pass at once on start', async () => {
    const work = workReturning();
    loop(work);

    expect(work).not.toHaveBeenCalled();
    sut.start();
    await jest.advanceTimersByTimeAsync(0);

    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs again immediately while a pass reports work done', async () => {
    const work = workReturning(500, 500, 20);
    loop(work).start();

    // a timer of 0 ms takes 1 ms of fake time; anything well below the interval is "at once"
    await jest.advanceTimersByTimeAsync(10);

    expect(work).toHaveBeenCalledTimes(4); // three busy passes, then the idle one
    await jest.advanceTimersByTimeAsync(INTERVAL - 20);
    expect(work).toHaveBeenCalledTimes(4);
  });

  it('waits the interval after an idle pass', async () => {
    const work = workReturning(0, 0);
    loop(work).start();

    await jest.advanceTimersByTimeAsync(0);
    expect(work).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(work).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(work).toHaveBeenCalledTimes(2);

    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('goes back to running at once when work turns up after an idle pass', async () => {
    const work = workReturning(0, 10, 10, 0);
    loop(work).start();

    await jest.advanceTimersByTimeAsync(0);
    expect(work).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(INTERVAL + 10);

    expect(work).toHaveBeenCalledTimes(4);
  });

  it('survives a throwing pass, logs it, and tries again after the interval', async () => {
    const work = workReturning(new Error('database is down'), 0);
    loop(work).start();

    await jest.advanceTimersByTimeAsync(0);

    expect(work).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      { loop: 'dispatch', err: 'database is down' },
      'loop pass failed; retrying',
    );

    await jest.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(work).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('keeps going after many failures in a row', async () => {
    const work = workReturning(new Error('a'), new Error('b'), new Error('c'), 0);
    loop(work).start();

    await jest.advanceTimersByTimeAsync(3 * INTERVAL);

    expect(work).toHaveBeenCalledTimes(4);
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('never starts a pass while one is running', async () => {
    const pass = deferred<number>();
    const work = jest.fn(() => pass.promise);
    loop(work).start();

    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);

    expect(work).toHaveBeenCalledTimes(1);
    pass.resolve(0);
  });

  it('stop() waits for the pass in progress, and no pass follows it', async () => {
    const pass = deferred<number>();
    const work = jest.fn(() => pass.promise);
    loop(work).start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;

    const stopping = sut.stop().then(() => {
      stopped = true;
    });
    await jest.advanceTimersByTimeAsync(INTERVAL);
    expect(stopped).toBe(false);

    pass.resolve(100); // even a busy pass must not schedule another after stop()
    await stopping;
    expect(stopped).toBe(true);

    await jest.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('stop() waits for a pass that then throws, without rejecting', async () => {
    const pass = deferred<number>();
    loop(() => pass.promise).start();
    await jest.advanceTimersByTimeAsync(0);

    const stopping = sut.stop();
    pass.reject(new Error('connection reset'));

    await expect(stopping).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('stop() while idle cancels the next pass', async () => {
    const work = workReturning(0);
    loop(work).start();
    await jest.advanceTimersByTimeAsync(0);

    await sut.stop();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL);

    expect(work).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stop() before the first pass means no pass runs', async () => {
    const work = workReturning();
    loop(work).start();

    await sut.stop();
    await jest.advanceTimersByTimeAsync(INTERVAL);

    expect(work).not.toHaveBeenCalled();
  });

  it('stop() on a loop that never started resolves', async () => {
    await expect(loop(workReturning()).stop()).resolves.toBeUndefined();
  });
});
