// Child process of the benchmark: plans one generated fleet the way `guard plan` does and prints
// figures as JSON. A fresh process per run, so its peak RSS is this plan's own (Node and the
// TypeScript loader included: that is what `guard plan` costs from the outside).
import { planCheckout } from '../../dist/handlers/cli/plan-checkout.js';

const [root, service] = process.argv.slice(2);
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = planCheckout(root, service ? { service } : {});
// Every edit's text, as a wave MR would commit it: the figure is "plan + all edits" whether a plan
// holds its edits' texts or writes them when asked.
let edits = 0;
let editedChars = 0;
for (const plan of result.plans)
  for (const wave of plan.waves)
    for (const edit of wave.edits) {
      edits += 1;
      editedChars += edit.after.length;
    }
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const used = process.cpuUsage(cpu);
const errors = result.diagnostics.filter((d) => d.severity === 'error');
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    edits,
    editedChars,
    errors: errors.length,
    firstError: errors[0]?.message,
  }),
);
