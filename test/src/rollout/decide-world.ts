import { expect } from 'vitest';
import { UpgradeRequest } from '../../../config/upgrade.ts';
import type { MergeRequest } from '../../../src/ports/forge.ts';
import { type DecideState, decide } from '../../../src/rollout/decide.ts';
import type {
  AcceptedCommand,
  Action,
  Decision,
  Observed,
  PlannedWave,
  RolloutState,
} from '../../../src/rollout/model.ts';

export const KEY = { key: 'github:acme/fleet:istio', service: 'istio' };
export const MIN = 60_000;
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** Three waves as in DESIGN's example, one, two and two clusters. */
export const THREE_WAVES = {
  test: ['test-use1'],
  staging: ['stg-euw1', 'stg-use1'],
  prod: ['prod-euw1', 'prod-use1'],
};

type RequestInput = Partial<Omit<UpgradeRequest, 'soak'>> & { soak?: Partial<UpgradeRequest['soak']> };

/** A parsed request (schema defaults applied) with a digest that changes whenever the input does. */
export function request(input: RequestInput = {}): NonNullable<Observed['request']> {
  const doc = {
    apiVersion: 'guard/v1',
    kind: 'UpgradeRequest',
    service: 'istio',
    version: '1.20.0',
    ...input,
  };
  const soak = { duration: '30m', interval: '1m', failAfter: 3, ...input.soak };
  return {
    request: UpgradeRequest.parse({ ...doc, soak }),
    digest: `sha256:${JSON.stringify({ ...doc, soak })}`,
  };
}

/** The planner's output for `batches` (batch → cluster names), every wave soaking `soakMs`. */
export function plan(
  batches: Record<string, string[]>,
  version = '1.20.0',
  soakMs = 30 * MIN,
): PlannedWave[] {
  return Object.entries(batches).map(([batch, names]) => ({
    batch,
    soakMs,
    clusters: names.map((name) => ({
      name,
      environment: batch,
      fields: [
        {
          file: `clusters/${name}/istio/istiod.yaml`,
          chart: 'istiod',
          resource: 'HelmRelease/istio-system/istiod',
          field: 'spec.chart.spec.version',
          from: '1.19.3',
          to: version,
        },
      ],
    })),
  }));
}

let commandCount = 0;

export function command(
  name: AcceptedCommand['name'],
  on: AcceptedCommand['on'],
  extra: Partial<AcceptedCommand> = {},
): AcceptedCommand {
  commandCount += 1;
  return { id: `c${commandCount}`, name, by: 'alice', at: new Date(T0).toISOString(), on, ...extra };
}

/**
 * The world decide looks at: a request, a fake forge's MRs by branch, a window and a clock. `tick`
 * decides, checks the decide-twice property, stores the state and performs the actions on the fake
 * forge the way the Forge port's idempotent verbs would.
 */
export class World {
  now = T0;
  request: Observed['request'];
  plan: PlannedWave[] | undefined;
  mrs: Record<string, MergeRequest> = {};
  window: Observed['window'] = { open: true };
  state: RolloutState | undefined;
  /** Every decision so far, oldest first, and what it was decided from. */
  readonly history: Decision[] = [];
  readonly steps: { observed: Observed; now: Date; decision: Decision }[] = [];
  private nextMr = 100;

  constructor(batches: Record<string, string[]> = THREE_WAVES, input: RequestInput = {}) {
    this.setRequest(batches, input);
  }

  setRequest(batches: Record<string, string[]>, input: RequestInput = {}): void {
    this.request = request(input);
    this.plan = plan(batches, this.request.request.version);
  }

  removeRequest(): void {
    this.request = undefined;
    this.plan = undefined;
  }

  observe(extra: Partial<Observed> = {}): Observed {
    return {
      request: this.request,
      plan: this.plan,
      mrs: { ...this.mrs },
      window: this.window,
      commands: [],
      ...extra,
    };
  }

  /** Decides without performing the actions (a reconcile that crashed before acting). */
  decide(extra: Partial<Observed> = {}): Decision {
    const observed = deepFreeze(structuredClone(this.observe(extra)));
    const now = new Date(this.now);
    const before = this.state && deepFreeze(structuredClone(this.state));
    const decision = decide(before, observed, now, KEY);
    if (!decision) throw new Error('no decision');
    expect(decide(before, observed, now, KEY), 'the same inputs give the same decision').toEqual(decision);
    expectSettled(decision, observed, now);
    this.state = decision.state;
    this.history.push(decision);
    this.steps.push({ observed, now, decision: structuredClone(decision) });
    return decision;
  }

  tick(extra: Partial<Observed> = {}): Decision {
    const decision = this.decide(extra);
    this.perform(decision.actions);
    return decision;
  }

  perform(actions: readonly Action[]): void {
    for (const action of actions) {
      if (action.kind === 'open-wave-mr') this.ensureMr(this.wave(action.wave).branch);
      if (action.kind === 'open-rollback-mr') this.ensureMr(this.wave(action.wave).rollback!.branch);
      if (action.kind === 'close-mr') this.setMrState(action.number, 'closed');
      if (action.kind === 'merge-mr') this.mergeMr(action.number);
    }
  }

  wave(index: number): DecideState['waves'][number] {
    return (this.state as DecideState).waves[index - 1]!;
  }

  mr(index: number): MergeRequest {
    return this.mrs[this.wave(index).branch]!;
  }

  rollbackMr(index: number): MergeRequest | undefined {
    const branch = this.wave(index).rollback?.branch;
    return branch ? this.mrs[branch] : undefined;
  }

  /** A person merges the wave's MR now. */
  merge(index: number): void {
    this.mergeMr(this.mr(index).number);
  }

  mergeMr(number: number): void {
    const mr = this.byNumber(number);
    Object.assign(mr, {
      state: 'merged',
      mergedAt: new Date(this.now).toISOString(),
      mergeSha: `sha-${number}`,
    });
  }

  setMrState(number: number, state: MergeRequest['state']): void {
    this.byNumber(number).state = state;
  }

  /** Applied status of every cluster of a wave. */
  applied(
    index: number,
    status: 'applied' | 'pending' | 'failed' = 'applied',
  ): Record<string, typeof status> {
    return Object.fromEntries(this.wave(index).clusters.map((c) => [c.name, status]));
  }

  verdicts(
    index: number,
    verdict: 'pass' | 'fail' | 'inconclusive' = 'pass',
  ): Record<string, typeof verdict> {
    return Object.fromEntries(this.wave(index).clusters.map((c) => [c.name, verdict]));
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** One tick a minute for `minutes`, with the same verdicts every time. */
  soak(index: number, minutes: number, verdicts = this.verdicts(index)): Decision[] {
    const decisions: Decision[] = [];
    for (let i = 0; i < minutes; i++) {
      this.advance(MIN);
      decisions.push(this.tick({ verdicts }));
      if (this.wave(index).phase !== 'soaking') break;
    }
    return decisions;
  }

  /** Opens wave `index`'s MR (already asked for), passes prechecks, merges, applies: soaking. */
  bringToSoak(index: number): void {
    this.tick({ prechecks: { passed: true, summary: 'all prechecks passed' } });
    this.merge(index);
    this.tick({ applied: this.applied(index) });
    expect(this.wave(index).phase).toBe('soaking');
  }

  /** Every action of every decision so far with this kind. */
  actionsOf<K extends Action['kind']>(kind: K): Extract<Action, { kind: K }>[] {
    return this.history
      .flatMap((d) => d.actions)
      .filter((a): a is Extract<Action, { kind: K }> => a.kind === kind);
  }

  /** An MR GUARD opened without the state recording it (a reconcile that crashed after the forge write). */
  putMr(branch: string, state: MergeRequest['state'] = 'open'): MergeRequest {
    this.ensureMr(branch);
    const mr = this.mrs[branch]!;
    if (state === 'merged') this.mergeMr(mr.number);
    else mr.state = state;
    return mr;
  }

  private ensureMr(branch: string): void {
    if (this.mrs[branch]?.state === 'open') return;
    const number = this.nextMr++;
    const url = `https://github.com/acme/fleet/pull/${number}`;
    this.mrs[branch] = {
      number,
      url,
      branch,
      title: branch,
      state: 'open',
      headSha: `head-${number}`,
      labels: ['guard'],
    };
  }

  private byNumber(number: number): MergeRequest {
    const mr = Object.values(this.mrs).find((m) => m.number === number);
    if (!mr) throw new Error(`no MR !${number}`);
    return mr;
  }
}

/**
 * The level-triggered property: deciding again on the decision's own state with the same observation
 * changes nothing and audits nothing; it may only repeat actions the observation shows not done yet.
 */
export function expectSettled(first: Decision, observed: Observed, now: Date): void {
  const again = decide(deepFreeze(structuredClone(first.state)), observed, now, KEY);
  expect(again.state).toEqual(first.state);
  expect(again.audit).toEqual([]);
  expect(again.actions.filter((a) => !notDoneYet(a, first.state as DecideState, observed))).toEqual([]);
}

function notDoneYet(action: Action, state: DecideState, observed: Observed): boolean {
  const mrOf = (branch: string | undefined) => (branch ? observed.mrs[branch] : undefined);
  const fresh = (branch: string | undefined) => {
    const mr = mrOf(branch);
    return !mr || (state.staleMrs ?? []).includes(mr.number);
  };
  switch (action.kind) {
    case 'open-wave-mr':
      return fresh(state.waves[action.wave - 1]?.branch);
    case 'run-prechecks':
      return observed.prechecks === undefined;
    case 'open-rollback-mr':
      return fresh(state.waves[action.wave - 1]?.rollback?.branch);
    case 'merge-mr':
      return Object.values(observed.mrs).some((mr) => mr?.number === action.number && mr.state === 'open');
    default:
      return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The kinds of a decision's actions, for compact assertions. */
export function kinds(decision: Decision): string[] {
  return decision.actions.map((a) => a.kind);
}

export function audited(decision: Decision): string[] {
  return decision.audit.map((a) => a.action);
}
