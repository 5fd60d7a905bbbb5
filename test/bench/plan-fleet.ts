// Child process of the benchmark: plans one generated fleet the way `guard plan` does and prints figures as JSON.
import { planCheckout } from '../../handlers/cli/plan-checkout.ts';

const [root, service] = process.argv.slice(2);
const started = process.hrtime.bigint();
const result = planCheckout(root!, service ? { service } : {});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const edits = result.plans.reduce((n, p) => n + p.waves.reduce((m, w) => m + w.edits.length, 0), 0);
const errors = result.diagnostics.filter((d) => d.severity === 'error');
process.stdout.write(
  JSON.stringify({
    ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    edits,
    errors: errors.length,
    firstError: errors[0]?.message,
  }),
);
