export interface PlannedDay {
  readonly day: string;
  readonly count: number;
}

/**
 * Pure: how the waiting work spreads over the coming days — what is left of today first, then
 * `limit` a day — given today's local date. At most `maxDays` days are listed.
 */
export function plannedDays(
  today: string,
  remainingToday: number,
  limit: number,
  waiting: number,
  maxDays = 60,
): PlannedDay[] {
  const days: PlannedDay[] = [];
  let left = waiting;
  const first = Math.min(left, Math.max(0, remainingToday));
  if (first > 0 && maxDays > 0) days.push({ day: today, count: first });
  left -= first;
  for (let offset = 1; left > 0 && days.length < maxDays && limit > 0; offset++) {
    const count = Math.min(left, limit);
    days.push({ day: addDays(today, offset), count });
    left -= count;
  }
  return days;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
