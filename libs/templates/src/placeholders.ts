/** Handlebars mustaches as written: `{{name}}`, `{{{raw}}}`, `{{#each items}}`, `{{/each}}`, `{{> footer}}`. */
const MUSTACHE = /\{\{\{?[\s\S]*?\}?\}\}/g;

export function placeholders(text: string): string[] {
  return text.match(MUSTACHE) ?? [];
}

/** The placeholders of `before` that `after` no longer has (as many times as they went missing). */
export function lostPlaceholders(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const p of after) left.set(p, (left.get(p) ?? 0) + 1);
  const lost: string[] = [];
  for (const p of before) {
    const n = left.get(p) ?? 0;
    if (n > 0) left.set(p, n - 1);
    else lost.push(p);
  }
  return lost;
}

export function lineAt(source: string, fragment: string): number | undefined {
  const index = source.indexOf(fragment);
  return index < 0 ? undefined : source.slice(0, index).split('\n').length;
}
