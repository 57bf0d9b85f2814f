import { loadConfig, throttleEnv } from '@postroom/config';
import { parseThrottleGroups, throttleSettingsOf } from './throttle-config';

describe(throttleSettingsOf.name, () => {
  it('keeps the shipped starting points by default', () => {
    const sut = throttleSettingsOf(loadConfig('sender', throttleEnv, {}));

    expect(sut.defaults).toEqual({ maxConnections: 5, messagesPerConnection: 100, messagesPerMinute: 600 });
    expect(sut.groups.google).toEqual({
      maxConnections: 10,
      messagesPerConnection: 100,
      messagesPerMinute: 1200,
    });
    expect(sut.groups.yahoo).toEqual({
      maxConnections: 5,
      messagesPerConnection: 20,
      messagesPerMinute: 300,
    });
    expect(sut.backoff).toMatchObject({
      initialPauseMs: 60_000,
      maxPauseMs: 1_800_000,
      successesPerStep: 20,
    });
  });

  it('scales the named providers with the default rate, and THROTTLE_GROUPS overrides one', () => {
    const sut = throttleSettingsOf(
      loadConfig('sender', throttleEnv, {
        THROTTLE_MESSAGES_PER_MINUTE: '60',
        THROTTLE_GROUPS: 'yahoo=1/10/6, mx:zoho.eu=2/50/30',
        THROTTLE_PAUSE_MS: '500',
        THROTTLE_MAX_PAUSE_MS: '100',
      }),
    );

    expect(sut.groups.google?.messagesPerMinute).toBe(120);
    expect(sut.groups.yahoo).toEqual({ maxConnections: 1, messagesPerConnection: 10, messagesPerMinute: 6 });
    expect(sut.groups['mx:zoho.eu']).toEqual({
      maxConnections: 2,
      messagesPerConnection: 50,
      messagesPerMinute: 30,
    });
    // a maximum below the first pause would shorten it
    expect(sut.backoff).toMatchObject({ initialPauseMs: 500, maxPauseMs: 500 });
  });

  it('refuses a THROTTLE_GROUPS entry that is not group=c/m/r', () => {
    expect(() => loadConfig('sender', throttleEnv, { THROTTLE_GROUPS: 'google=10' })).toThrow(
      /THROTTLE_GROUPS="google=10" is invalid/,
    );
    expect(parseThrottleGroups('')).toEqual({});
  });
});
