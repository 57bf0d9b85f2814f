import type { ConfigOf, throttleEnv } from '@postroom/config';
import { DEFAULT_THROTTLE_SETTINGS, type GroupLimits, type ThrottleSettings } from './provider-throttle';

/**
 * Pure: the throttle's settings from the environment. The variables set the default group; the
 * shipped per-provider starting points (Google higher, Microsoft and Yahoo lower) stay unless
 * THROTTLE_GROUPS names the group, and each is scaled with the default rate's change so that a
 * slower or faster default moves them too.
 */
export function throttleSettingsOf(c: ConfigOf<typeof throttleEnv>): ThrottleSettings {
  const base = DEFAULT_THROTTLE_SETTINGS;
  const defaults: GroupLimits = {
    maxConnections: c.THROTTLE_MAX_CONNECTIONS,
    messagesPerConnection: c.THROTTLE_MESSAGES_PER_CONNECTION,
    messagesPerMinute: c.THROTTLE_MESSAGES_PER_MINUTE,
  };
  const scale = defaults.messagesPerMinute / base.defaults.messagesPerMinute;
  const groups: Record<string, Partial<GroupLimits>> = {};
  for (const [name, limits] of Object.entries(base.groups)) {
    groups[name] = {
      ...limits,
      ...(limits.messagesPerMinute
        ? { messagesPerMinute: Math.max(1, Math.round(limits.messagesPerMinute * scale)) }
        : {}),
    };
  }
  Object.assign(groups, parseThrottleGroups(c.THROTTLE_GROUPS));
  return {
    defaults,
    groups,
    backoff: {
      ...base.backoff,
      initialPauseMs: c.THROTTLE_PAUSE_MS,
      maxPauseMs: Math.max(c.THROTTLE_PAUSE_MS, c.THROTTLE_MAX_PAUSE_MS),
      successesPerStep: c.THROTTLE_RECOVERY_SUCCESSES,
    },
  };
}

/** `google=10/100/1200,mx:zoho.eu=2/50/60` → limits per group. */
export function parseThrottleGroups(raw: string): Record<string, GroupLimits> {
  const groups: Record<string, GroupLimits> = {};
  for (const item of raw.split(',')) {
    const m = /^\s*([a-z0-9:.-]+)\s*=\s*(\d+)\/(\d+)\/(\d+)\s*$/i.exec(item);
    if (!m) continue;
    groups[m[1].toLowerCase()] = {
      maxConnections: Math.max(1, Number(m[2])),
      messagesPerConnection: Math.max(1, Number(m[3])),
      messagesPerMinute: Math.max(1, Number(m[4])),
    };
  }
  return groups;
}
