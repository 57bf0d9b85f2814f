import { DEFAULT_N, parseBenchArgs, scalingSteps, UsageError } from './bench-args';
import { machineBusySeconds, procStatCpuSeconds, procStatusKb } from './bench-proc';
import { lastSmtpSinkMessageCount } from './bench-sink';

describe(parseBenchArgs.name, () => {
  it('defaults to 20000 recipients and the sink that is installed', () => {
    const sut = parseBenchArgs([], {});
    expect(sut).toEqual({
      n: DEFAULT_N,
      sink: 'auto',
      overrides: {},
      senders: 1,
      schedulers: 1,
      help: false,
    });
  });

  it('takes N from --n over BENCH_N, in either spelling', () => {
    expect(parseBenchArgs([], { BENCH_N: '2000' }).n).toBe(2000);
    expect(parseBenchArgs(['--n=500'], { BENCH_N: '2000' }).n).toBe(500);
    expect(parseBenchArgs(['--n', '20_000'], {}).n).toBe(20_000);
  });

  it('refuses a count that is not a whole number in range', () => {
    for (const n of ['0', '-5', '1.5', 'many', '1000001']) {
      expect(() => parseBenchArgs([`--n=${n}`], {})).toThrow(UsageError);
    }
  });

  it('collects operator settings for the services, but not the ones the bench owns', () => {
    const sut = parseBenchArgs(['--env', 'SENDER_PREFETCH=32', '--env=SMTP_POOL_SIZE=16'], {});
    expect(sut.overrides).toEqual({ SENDER_PREFETCH: '32', SMTP_POOL_SIZE: '16' });
    expect(() => parseBenchArgs(['--env', 'SMTP_URL=smtp://x:25'], {})).toThrow('sets SMTP_URL itself');
    expect(() => parseBenchArgs(['--env', 'NOT_A_SETTING=1'], {})).toThrow('not a scheduler or sender');
    expect(() => parseBenchArgs(['--env', 'SENDER_PREFETCH'], {})).toThrow('expected KEY=VALUE');
  });

  it('takes the processes of each service, 1 to 16', () => {
    expect(parseBenchArgs(['--senders', '3', '--schedulers=2'], {})).toMatchObject({
      senders: 3,
      schedulers: 2,
    });
    for (const n of ['0', '17', 'two'])
      expect(() => parseBenchArgs([`--senders=${n}`], {})).toThrow(UsageError);
  });

  it('grows a scaling table one sender, then one scheduler, at a time', () => {
    expect(scalingSteps(1, 1)).toEqual([{ senders: 1, schedulers: 1 }]);
    expect(scalingSteps(3, 2)).toEqual([
      { senders: 1, schedulers: 1 },
      { senders: 2, schedulers: 1 },
      { senders: 3, schedulers: 1 },
      { senders: 3, schedulers: 2 },
    ]);
  });

  it('knows the sinks and refuses unknown arguments', () => {
    expect(parseBenchArgs(['--sink=node'], {}).sink).toBe('node');
    expect(parseBenchArgs([], { BENCH_SINK: 'smtp-sink' }).sink).toBe('smtp-sink');
    expect(() => parseBenchArgs(['--sink=mailhog'], {})).toThrow(UsageError);
    expect(() => parseBenchArgs(['--fast'], {})).toThrow('unknown argument');
  });
});

describe('bench process readings', () => {
  it('reads memory fields of /proc/<pid>/status in kB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  270336 kB\nVmRSS:\t  190000 kB\n';
    expect(procStatusKb(status, 'VmHWM')).toBe(270_336);
    expect(procStatusKb(status, 'VmRSS')).toBe(190_000);
    expect(procStatusKb('Name:\tnode\n', 'VmRSS')).toBeUndefined();
  });

  it('adds user and system time of /proc/<pid>/stat, whatever the command name holds', () => {
    const stat = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 11 0 9 0';
    expect(procStatCpuSeconds(stat)).toBe(18);
  });

  it('counts the machine busy, not idle or waiting for I/O', () => {
    expect(machineBusySeconds('cpu  1000 0 200 5000 300 0 100 0 0 0\ncpu0 1 2 3 4\n')).toBe(13);
  });

  it('reads the latest message count from smtp-sink -c counters', () => {
    expect(
      lastSmtpSinkMessageCount('sess=0 quit=0 mesg=1\rsess=0 quit=0 mesg=2\rsess=1 quit=0 mesg=2\r'),
    ).toBe(2);
    expect(lastSmtpSinkMessageCount('')).toBeUndefined();
  });
});
