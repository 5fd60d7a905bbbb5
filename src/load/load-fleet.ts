import type { Document } from 'yaml';
import { Fleet } from '../../config/fleet.ts';
import { type Diagnostic, fieldPath } from '../diagnostics.ts';
import type { ProviderLookup } from '../ports/service-provider.ts';
import { checkPathTemplate } from '../repo/path-template.ts';
import { closest, listOf } from '../suggest.ts';
import { metricOverrideProblems } from '../verdicts/soak-metrics.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from '../yaml/limits.ts';
import { positionOfPath } from '../yaml/locate.ts';
import { readYaml, type YamlFile } from '../yaml/read-yaml.ts';
import { ContentMemo } from './content-memo.ts';
import { fastRead } from './fast-read.ts';
import { asArray, asRecord, asString } from './raw.ts';
import { validateDocument } from './validate-document.ts';

export const FLEET_FILE = 'guard/fleet.yaml';

/** What other loaders may rely on, even when the fleet itself has errors. */
export interface FleetIndex {
  batches: string[];
  clustersPerBatch: Map<string, number>;
  /** Service name → provider id. */
  services: Map<string, string>;
}

export interface LoadedFleet {
  /** Set only when the fleet has no errors. */
  fleet?: Fleet;
  index: FleetIndex;
  diagnostics: Diagnostic[];
  /** Where a field is in the file; the first call parses the file for positions if that was skipped. */
  position(path: readonly PropertyKey[]): { file: string; line: number; col: number };
}

export interface LoadFleetInput {
  text: string;
  providers: ProviderLookup;
  providerIds: readonly string[];
  file?: string;
  limits?: YamlLimits;
}

/** A cross-check failure, before it is given a position. */
interface Problem {
  path: PropertyKey[];
  message: string;
}

type FleetResult = { loaded?: LoadedFleet; diagnostics: Diagnostic[] };

/** Loads by content digest, per set of providers (the cross-checks ask them). */
const memos = new WeakMap<ProviderLookup, ContentMemo<FleetResult>>();

/** Reads and checks `guard/fleet.yaml`: schema, then every cross-reference, all errors in one pass. */
export function loadFleet(input: LoadFleetInput): FleetResult {
  const file = input.file ?? FLEET_FILE;
  const limits = input.limits ?? DEFAULT_YAML_LIMITS;
  let memo = memos.get(input.providers);
  if (!memo) {
    memo = new ContentMemo();
    memos.set(input.providers, memo);
  }
  const context = `${file}\u0000${JSON.stringify(limits)}\u0000${input.providerIds.join(',')}`;
  return memo.get(context, input.text, () => read(file, input, limits));
}

function read(file: string, input: LoadFleetInput, limits: YamlLimits): FleetResult {
  const fast = fastRead(input.text, limits);
  if (fast !== undefined) {
    const checked = Fleet.safeParse(fast);
    if (checked.success && crossCheck(fast, input).length === 0) {
      let source: { yaml: YamlFile; doc: Document.Parsed } | undefined;
      const position = (path: readonly PropertyKey[]) => {
        source ??= parsed(file, input.text, limits);
        return { file, ...positionOfPath(source.yaml, source.doc, path) };
      };
      return {
        loaded: { fleet: checked.data, index: indexFleet(fast), diagnostics: [], position },
        diagnostics: [],
      };
    }
  }
  return loadWithPositions(file, input, limits);
}

function parsed(file: string, text: string, limits: YamlLimits): { yaml: YamlFile; doc: Document.Parsed } {
  const yaml = readYaml(file, text, limits).yaml!;
  return { yaml, doc: yaml.docs[0]! };
}

function loadWithPositions(
  file: string,
  input: LoadFleetInput,
  limits: YamlLimits,
): { loaded?: LoadedFleet; diagnostics: Diagnostic[] } {
  const read = readYaml(file, input.text, limits);
  if (!read.yaml || read.diagnostics.length) return { diagnostics: read.diagnostics };
  const yaml = read.yaml;
  const doc = yaml.docs[0];
  if (!doc || yaml.docs.length !== 1) {
    const message = `must hold exactly one YAML document (found ${yaml.docs.length})`;
    const pos = yaml.docs[1] ? yaml.lineCounter.linePos(yaml.docs[1].range[0]) : { line: 1, col: 1 };
    return { diagnostics: [{ file, ...pos, message, severity: 'error' }] };
  }
  const checked = validateDocument(yaml, doc, Fleet, limits);
  const cross = crossCheck(checked.raw, input).map(({ path, message }) => ({
    file,
    ...positionOfPath(yaml, doc, path),
    field: fieldPath(path),
    message,
    severity: 'error' as const,
  }));
  const diagnostics = [...checked.diagnostics, ...cross];
  const fleet = diagnostics.length === 0 ? checked.value : undefined;
  const position = (path: readonly PropertyKey[]) => ({ file, ...positionOfPath(yaml, doc, path) });
  return {
    loaded: { ...(fleet ? { fleet } : {}), index: indexFleet(checked.raw), diagnostics, position },
    diagnostics,
  };
}

export function indexFleet(raw: unknown): FleetIndex {
  const root = asRecord(raw);
  const batches = asArray(root.batches).filter((b): b is string => typeof b === 'string');
  const clustersPerBatch = new Map<string, number>();
  for (const c of asArray(root.clusters)) {
    const batch = asString(asRecord(c).batch);
    if (batch) clustersPerBatch.set(batch, (clustersPerBatch.get(batch) ?? 0) + 1);
  }
  const services = new Map<string, string>();
  for (const [name, s] of Object.entries(asRecord(root.services)))
    services.set(name, asString(asRecord(s).provider) ?? '');
  return { batches, clustersPerBatch, services };
}

/** Cross-references the schema cannot express; tolerant of data that failed the schema. */
function crossCheck(raw: unknown, input: LoadFleetInput): Problem[] {
  const out: Problem[] = [];
  const report = (path: PropertyKey[], message: string) => out.push({ path, message });
  const root = asRecord(raw);
  const batches = asArray(root.batches);
  checkUnique(batches, asString, (i, name, first) => {
    report(['batches', i], `batch '${name}' is listed twice (first at batches[${first}])`);
  });
  const batchNames = batches.filter((b): b is string => typeof b === 'string');
  const clusters = asArray(root.clusters);
  checkUnique(
    clusters,
    (c) => asString(asRecord(c).name),
    (i, name, first) => {
      report(['clusters', i, 'name'], `cluster name '${name}' is already used by clusters[${first}]`);
    },
  );
  for (const [i, c] of clusters.entries()) checkCluster(asRecord(c), i, batchNames, report);
  for (const [name, s] of Object.entries(asRecord(root.services)))
    checkService(name, asRecord(s), input, report);
  return out;
}

type Report = (path: PropertyKey[], message: string) => void;

function checkCluster(c: Record<string, unknown>, i: number, batches: string[], report: Report): void {
  const batch = asString(c.batch);
  if (batch !== undefined && batches.length && !batches.includes(batch)) {
    const hint = closest(batch, batches);
    report(
      ['clusters', i, 'batch'],
      `batch '${batch}' is not in fleet batches: ${listOf(batches)}${hint ? ` (did you mean '${hint}'?)` : ''}`,
    );
  }
  const name = asString(c.name) ?? `clusters[${i}]`;
  const hasEks = c.eks !== undefined;
  const hasKube = c.kubeconfig !== undefined;
  if (hasEks === hasKube) {
    report(
      ['clusters', i],
      `cluster '${name}' needs exactly one of 'eks' or 'kubeconfig' (it has ${hasEks ? 'both' : 'neither'})`,
    );
  }
  if (hasEks && !asString(asRecord(c.eks).region) && !asString(c.region)) {
    report(
      ['clusters', i, 'eks'],
      `cluster '${name}' needs a region for EKS: set 'region' on the cluster or 'eks.region'`,
    );
  }
}

function checkService(name: string, s: Record<string, unknown>, input: LoadFleetInput, report: Report): void {
  const providerId = asString(s.provider);
  if (providerId !== undefined) {
    const provider = input.providers(providerId);
    if (!provider) {
      const hint = closest(providerId, input.providerIds);
      report(
        ['services', name, 'provider'],
        `unknown provider '${providerId}' (known: ${listOf(input.providerIds)})${hint ? `; did you mean '${hint}'?` : ''}`,
      );
    } else if (Array.isArray(s.files)) {
      for (const p of provider.checkService(s as never)) report(['services', name, ...p.path], p.message);
      for (const p of metricOverrideProblems(s as never, provider))
        report(['services', name, ...p.path], p.message);
    }
  }
  asArray(s.files).forEach((t, j) => {
    const why = typeof t === 'string' ? checkPathTemplate(t) : undefined;
    if (why) report(['services', name, 'files', j], `file template '${String(t)}' ${why}`);
  });
}

function checkUnique(
  items: unknown[],
  key: (item: unknown) => string | undefined,
  onDuplicate: (i: number, name: string, first: number) => void,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else onDuplicate(i, k, first);
  });
}
