import { normalUpper } from './normal-tail.ts';

/**
 * One-sided test that events happen at a higher rate now than in the baseline, for sparse counts
 * (errors, restarts) where a rank test says nothing useful. Conditional on the total number of
 * events, the current window's share is Binomial(total, exposureNow / (exposureNow + exposureBase))
 * when the rates are equal; the p-value is that binomial's upper tail at the observed count.
 * An all-zero baseline therefore does not make one error fatal (one event in 2 minutes against 60
 * quiet minutes has p ≈ 0.03), nor a burst look fine (four events: p ≈ 1e-6).
 * `shift` (≥ 1) scales the baseline rate first, e.g. for a control group's drift. Real error counts
 * are burstier than Poisson (retries, a noisy neighbour): with `dispersion` φ measured on the
 * baseline, both counts are divided by φ (a quasi-Poisson test), so overdispersed noise is not
 * taken for significance.
 */
export function countTestGreater(input: {
  current: number;
  baseline: number;
  exposureCurrent: number;
  exposureBaseline: number;
  shift?: number;
  /** How much more the baseline's points vary than Poisson counts would (≥ 1): counts are divided by it. */
  dispersion?: number;
}): number {
  const phi = Math.max(1, input.dispersion ?? 1);
  const k = Math.round(input.current / phi);
  const base = Math.round(input.baseline / phi);
  const wNow = input.exposureCurrent;
  const wBase = input.exposureBaseline / (input.shift ?? 1);
  if (k <= 0 || wNow <= 0 || wBase <= 0) return 1;
  const n = k + base;
  const p = wNow / (wNow + wBase);
  return binomialUpper(n, k, p);
}

/** P(X ≥ k) for X ~ Binomial(n, p): exact sum for moderate n, normal approximation beyond. */
export function binomialUpper(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p >= 1) return 1;
  const variance = n * p * (1 - p);
  if (n > 2000 && variance > 25) return normalUpper((k - 0.5 - n * p) / Math.sqrt(variance));
  let logPmf = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  let sum = 0;
  for (let x = k; x <= n; x++) {
    const term = Math.exp(logPmf);
    sum += term;
    // Past the mean the terms only shrink: one that underflows to 0 there ends the sum (which
    // stays 0 when even the first did), rather than walking on to n.
    if (term < sum * 1e-12 || (term === 0 && x >= n * p)) break;
    logPmf += Math.log((n - x) / (x + 1)) + Math.log(p) - Math.log1p(-p);
  }
  return Math.min(1, sum);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIALS: number[] = [0];

function logFactorial(n: number): number {
  if (n < 4096) {
    for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1]! + Math.log(i);
    return LOG_FACTORIALS[n]!;
  }
  // Stirling's series, accurate far beyond what a p-value needs at this size.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n);
}
