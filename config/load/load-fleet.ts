import type { Document } from 'yaml';
import { type Diagnostic, fieldPath } from '../../src/diagnostics.ts';
import type { ProviderLookup } from '../../src/ports/service-provider.ts';
import { checkPathTemplate } from '../../src/repo/path-template.ts';
import { closest, listOf } from '../../src/suggest.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from '../../src/yaml/limits.ts';
import { positionOfPath } from '../../src/yaml/locate.ts';
import { readYaml, type YamlFile } from '../../src/yaml/read-yaml.ts';
import { Fleet } from '../fleet.ts';
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
  yaml: YamlFile;
  doc: Document.Parsed;
  /** Set only when the fleet has no errors. */
  fleet?: Fleet;
  index: FleetIndex;
  diagnostics: Diagnostic[];
}

export interface LoadFleetInput {
  text: string;
  providers: ProviderLookup;
  providerIds: readonly string[];
  file?: string;
  limits?: YamlLimits;
}

/** Reads and checks `guard/fleet.yaml`: schema, then every cross-reference, all errors in one pass. */
export function loadFleet(input: LoadFleetInput): { loaded?: LoadedFleet; diagnostics: Diagnostic[] } {
  const file = input.file ?? FLEET_FILE;
  const limits = input.limits ?? DEFAULT_YAML_LIMITS;
  const read = readYaml(file, input.text, limits);
  if (!read.yaml || read.diagnostics.length) return { diagnostics: read.diagnostics };
  const yaml = read.yaml;
  const doc = yaml.docs[0];
  if (!doc || yaml.docs.length !== 1) {
    const found = yaml.docs.length;
    return {
      diagnostics: [
        {
          file,
          line: 1,
          col: 1,
          message: `must hold exactly one YAML document (found ${found})`,
          severity: 'error',
        },
      ],
    };
  }
  const checked = validateDocument(yaml, doc, Fleet, limits);
  const cross = crossCheck(yaml, doc, checked.raw, input);
  const diagnostics = [...checked.diagnostics, ...cross];
  const index = indexFleet(checked.raw);
  const fleet = diagnostics.length === 0 ? checked.value : undefined;
  return { loaded: { yaml, doc, ...(fleet ? { fleet } : {}), index, diagnostics }, diagnostics };
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

function crossCheck(yaml: YamlFile, doc: Document.Parsed, raw: unknown, input: LoadFleetInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: PropertyKey[], message: string, field = path) => {
    const pos = positionOfPath(yaml, doc, path);
    out.push({ file: yaml.file, ...pos, field: fieldPath(field), message, severity: 'error' });
  };
  const root = asRecord(raw);
  const batches = asArray(root.batches);
  checkUnique(
    batches,
    (b) => asString(b),
    (i, name, first) =>
      report(['batches', i], `batch '${name}' is listed twice (first at batches[${first}])`),
  );
  const batchNames = batches.filter((b): b is string => typeof b === 'string');
  const clusters = asArray(root.clusters);
  checkUnique(
    clusters,
    (c) => asString(asRecord(c).name),
    (i, name, first) =>
      report(['clusters', i, 'name'], `cluster name '${name}' is already used by clusters[${first}]`),
  );
  for (const [i, c] of clusters.entries()) checkCluster(asRecord(c), i, batchNames, report);
  for (const [name, s] of Object.entries(asRecord(root.services)))
    checkService(name, asRecord(s), input, report);
  return out;
}

type Report = (path: PropertyKey[], message: string, field?: PropertyKey[]) => void;

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
      const problems = provider.checkService(s as never);
      for (const p of problems)
        report(p.path.length ? ['services', name, ...p.path] : ['services', name], p.message, [
          'services',
          name,
          ...p.path,
        ]);
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
