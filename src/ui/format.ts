/** Figures and times as the page shows them: compact, in the metric's unit, in UTC. */

/** A metric value: ratios as percentages, large numbers with k/M, about three significant digits. */
export function formatValue(kind: string, value: number, unit?: string): string {
  if (!Number.isFinite(value)) return '—';
  if (kind === 'ratio') return `${trim(value * 100)}%`;
  const abs = Math.abs(value);
  const text =
    abs >= 1e9
      ? `${trim(value / 1e9)}G`
      : abs >= 1e6
        ? `${trim(value / 1e6)}M`
        : abs >= 1e4
          ? `${trim(value / 1e3)}k`
          : trim(value);
  return unit ? `${text} ${unit}` : text;
}

function trim(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return String(Number(x.toFixed(digits)));
}

/** `HH:MM` in UTC from epoch seconds. */
export function clock(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(11, 16);
}

/** `YYYY-MM-DD HH:MM UTC` from an ISO time; the input back when it is not one. */
export function when(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A duration in minutes or hours, for soak progress. */
export function minutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
