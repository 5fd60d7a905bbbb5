const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `5400000` → `1h30m`, written as the request file writes durations. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  let text = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) text += `${n}${unit}`;
  }
  return text || (rest > 0 ? `${rest}ms` : '0s');
}

/** `cluster a` / `clusters a, b`: cluster names for a reason. */
export function clusters(names: readonly string[]): string {
  return `${names.length === 1 ? 'cluster' : 'clusters'} ${names.join(', ')}`;
}

/** A check title: one line, at most 255 characters (GitLab's status description limit). */
export function checkTitle(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length <= 255 ? line : `${line.slice(0, 254)}…`;
}
