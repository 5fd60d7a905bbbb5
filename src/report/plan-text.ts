import type { ClusterPlan, Plan, WavePlan } from '../planner/plan-types.ts';

/** A plan as a platform engineer reads it in a terminal. */
export function planText(plan: Plan): string {
  const clusters = plan.waves.flatMap((w) => w.clusters);
  const toDo = clusters.filter((c) => c.status === 'upgrade').length;
  const done = clusters.filter((c) => c.status === 'at-target').length;
  const lines = [
    `${plan.service} → ${plan.version} (provider ${plan.provider}, strategy ${plan.strategy}): ` +
      `${plan.waves.length} wave${plural(plan.waves.length)}, ${toDo} cluster${plural(toDo)} to upgrade, ${done} already at ${plan.version}`,
  ];
  for (const wave of plan.waves) lines.push('', ...waveLines(plan, wave));
  if (plan.unassigned.length) {
    lines.push(
      '',
      `In no wave (not upgraded by this request): ${plan.unassigned.map((u) => `${u.cluster} (${u.batch})`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function waveLines(plan: Plan, wave: WavePlan): string[] {
  const lines = [`Wave ${wave.index}/${plan.waves.length} · ${wave.batch} · soak ${wave.soak}`];
  const width = Math.max(...wave.clusters.map((c) => c.cluster.length), 8);
  for (const c of wave.clusters) lines.push(...clusterLines(c, width, plan.version));
  const files = wave.edits.length;
  lines.push(files ? `  MR changes ${files} file${plural(files)}` : '  nothing to change in this wave');
  return lines;
}

function clusterLines(c: ClusterPlan, width: number, target: string): string[] {
  const name = c.cluster.padEnd(width);
  if (c.status === 'at-target') return [`  ${name}  already at ${target}`];
  if (c.status === 'error') return [`  ${name}  cannot be planned (see errors)`];
  const head = `  ${name}  ${c.from ?? '?'} → ${target}`;
  const fields = c.fields
    .filter((f) => f.from !== f.to)
    .map((f) => `      ${f.file}:${f.line}  ${f.chart} ${f.from} → ${f.to}  (${f.resource} ${f.field})`);
  return [head, ...fields];
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** The plan as JSON-ready data: everything but the full file texts. */
export function planJson(plan: Plan): unknown {
  return {
    service: plan.service,
    provider: plan.provider,
    version: plan.version,
    strategy: plan.strategy,
    waves: plan.waves.map((w) => ({
      index: w.index,
      batch: w.batch,
      soak: w.soak,
      clusters: w.clusters,
      files: w.edits.map((e) => ({ path: e.path, changes: e.changes })),
    })),
    unassigned: plan.unassigned,
  };
}
