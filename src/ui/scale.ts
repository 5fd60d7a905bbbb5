/** A linear map from a data interval onto a pixel interval (pixels may run downwards, as y does). */
export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const scale = (value: number) => round(r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain });
}

/**
 * The y interval that holds every value, widened to round tick steps (1, 2, 2.5 or 5 × 10ⁿ) so the grid
 * reads easily; a flat series gets room around it, and `floorZero` keeps zero in view for quantities
 * that start there (ratios, counts).
 */
export function niceDomain(
  values: readonly number[],
  floorZero: boolean,
  ticks = 4,
): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (floorZero && lo > 0) lo = 0;
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.1 || 1;
    hi += pad;
    lo = floorZero && lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
  }
  const step = niceStep((hi - lo) / ticks);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const out: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) out.push(Number(v.toPrecision(12)));
  return { domain: [out[0]!, out.at(-1)!], ticks: out };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Time ticks on whole minutes: about `count` of them, at 1, 2, 5, 10, 15, 30, 60 … minute steps. */
export function timeTicks(fromSec: number, toSec: number, count = 4): number[] {
  const steps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const step = steps.find((s) => (toSec - fromSec) / s <= count) ?? steps.at(-1)!;
  const out: number[] = [];
  for (let t = Math.ceil(fromSec / step) * step; t <= toSec; t += step) out.push(t);
  return out;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
