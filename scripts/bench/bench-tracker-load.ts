import autocannon from 'autocannon';

export interface LoadOptions {
  /** `http://host:port`. */
  readonly origin: string;
  /** Request paths with valid tokens, cycled over in order. */
  readonly paths: readonly string[];
  /** A path that gets the same answer and records nothing (an invalid token), for the drain. */
  readonly drainPath: string;
  readonly seconds: number;
  readonly connections: number;
  readonly headers: Record<string, string>;
  /**
   * 2xx answers per path index, added to across runs: what the ledger must hold per delivery.
   * Optional: the bare server records nothing.
   */
  readonly okPerPath?: Uint32Array;
}

export interface LoadResult {
  /** Length of the measured window, s. */
  readonly seconds: number;
  /** 2xx answers received in the window. */
  readonly ok: number;
  /** Non-2xx answers in the window. */
  readonly non2xx: number;
  /** Connection errors and timeouts over the whole run (window and drain). */
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx answers per second over the window. */
  readonly rps: number;
  readonly latencyMs: { p50: number; p99: number; max: number };
  /** 2xx answers to valid-token requests over the whole run: opens the server was asked to record. */
  readonly validOk: number;
  /** Valid-token requests sent whose answer never came (connection lost): the ledger may or may not hold them. */
  readonly validUnanswered: number;
  /** Requests answered during the drain (invalid token, not measured). */
  readonly drained: number;
  /** Every answer received, window and drain: the requests the server handled, for CPU per request. */
  readonly answered: number;
}

/** Upper bound on the drain: every valid-token request in flight gets its answer before the clients close. */
const DRAIN_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 10;

/**
 * Loads one server with autocannon for `seconds` and counts exactly.
 *
 * Each connection cycles over its own share of `paths` (path i goes to connection i mod c), as
 * requests built once: no per-request setup in the client, whose CPU the server shares.
 *
 * autocannon's own duration stop closes the connections with requests still in flight,
 * answered (and recorded) by the server but never counted by the client. So when the window
 * ends, every connection switches to an invalid token (the same GIF, nothing recorded); once
 * each has had an answer to one (one request in flight per connection: every valid one before
 * it was answered), the clients close. Throughput and latency are taken from answers received
 * within the window only.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { paths, connections } = options;
  let measuring = true;
  let validSent = 0;
  let validAnswered = 0;
  let validOk = 0;
  let ok = 0;
  let non2xx = 0;
  let drained = 0;
  let answered = 0;
  let errors = 0;
  let timeouts = 0;
  let latencies = new Float64Array(1 << 16);
  let latencyCount = 0;
  // set by a request's onResponse, read by the 'response' event autocannon emits right after it
  let lastCounted = false;

  const count = (status: number): boolean => {
    const success = status >= 200 && status < 300;
    answered++;
    lastCounted = measuring;
    if (measuring) {
      if (success) ok++;
      else non2xx++;
    }
    return success;
  };
  const valid = (idx: number): autocannon.Request => ({
    method: 'GET',
    path: paths[idx],
    onResponse: (status: number) => {
      validAnswered++;
      if (count(status)) {
        validOk++;
        if (options.okPerPath) options.okPerPath[idx]++;
      }
    },
  });
  /** Clients that have had an answer to a drain request, by their share. */
  const drainedClients = new Set<number>();
  const drainRequest = (share: number): autocannon.Request => ({
    method: 'GET',
    path: options.drainPath,
    onResponse: (status: number) => {
      count(status);
      if (!measuring) drained++;
      drainedClients.add(share);
    },
  });

  const clients: autocannon.Client[] = [];
  let sentBeforeDrain = 0;
  const setupClient = (client: autocannon.Client): void => {
    const share = clients.length;
    clients.push(client);
    const mine: autocannon.Request[] = [];
    for (let i = share; i < paths.length; i += connections) mine.push(valid(i));
    // fewer paths than connections: some connections share one
    if (mine.length === 0) mine.push(valid(share % paths.length));
    client.setRequests(mine);
    // not in the typings, emitted for every request sent
    (client as NodeJS.EventEmitter).on('request', () => sentBeforeDrain++);
  };

  return new Promise<LoadResult>((resolve, reject) => {
    let windowEnd = 0;
    const started = performance.now();
    const instance = autocannon(
      {
        url: options.origin,
        connections,
        pipelining: 1,
        // stopped by hand after the drain; this is only a backstop
        duration: options.seconds + DRAIN_TIMEOUT_MS / 1000 + 30,
        timeout: 10,
        headers: options.headers,
        // replaced per connection by setupClient
        requests: [drainRequest(-1)],
        setupClient,
      },
      (err: unknown) => {
        clearTimeout(windowTimer);
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        const seconds = ((windowEnd || performance.now()) - started) / 1000;
        const sorted = latencies.subarray(0, latencyCount).sort();
        resolve({
          seconds,
          ok,
          non2xx,
          errors,
          timeouts,
          rps: ok / seconds,
          latencyMs: {
            p50: percentile(sorted, 0.5),
            p99: percentile(sorted, 0.99),
            max: latencyCount > 0 ? sorted[latencyCount - 1] : 0,
          },
          validOk,
          validUnanswered: validSent - validAnswered,
          drained,
          answered,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (!lastCounted) return;
      if (latencyCount === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[latencyCount++] = responseTime;
    });
    instance.on('reqError', (err: Error) => {
      errors++;
      if (/timed out/.test(err?.message ?? '')) timeouts++;
    });

    const windowTimer = setTimeout(() => {
      windowEnd = performance.now();
      measuring = false;
      // every request sent so far carried a valid token; from now on none does
      validSent = sentBeforeDrain;
      clients.forEach((client, share) => client.setRequests([drainRequest(share)]));
      const drainStarted = performance.now();
      const poll = setInterval(() => {
        const done = drainedClients.size >= clients.length && validAnswered >= validSent;
        if (done || performance.now() - drainStarted > DRAIN_TIMEOUT_MS) {
          clearInterval(poll);
          instance.stop();
        }
      }, DRAIN_POLL_MS);
    }, options.seconds * 1000);
  });
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
