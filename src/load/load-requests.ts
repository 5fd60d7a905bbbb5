import type { Document } from 'yaml';
import { parseDuration } from '../../config/common.ts';
import { UpgradeRequest } from '../../config/upgrade.ts';
import { type Diagnostic, fieldPath, isError } from '../diagnostics.ts';
import type { ProviderLookup } from '../ports/service-provider.ts';
import { closest, listOf } from '../suggest.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from '../yaml/limits.ts';
import { positionOfPath } from '../yaml/locate.ts';
import { readYaml, type YamlFile } from '../yaml/read-yaml.ts';
import type { FleetIndex } from './load-fleet.ts';
import { asArray, asRecord, asString } from './raw.ts';
import { validateDocument } from './validate-document.ts';

export const REQUEST_FILE = 'guard/upgrade.yaml';

/** One valid request document, with where it came from so later checks can point into it. */
export interface LoadedRequest {
  request: UpgradeRequest;
  yaml: YamlFile;
  doc: Document.Parsed;
  /** 0-based index among the file's non-empty documents. */
  docIndex: number;
}

export interface LoadRequestsInput {
  text: string;
  /** The fleet's names; undefined when fleet.yaml has errors, so requests are not judged against it. */
  fleet: FleetIndex | undefined;
  providers: ProviderLookup;
  file?: string;
  limits?: YamlLimits;
}

/** Reads `guard/upgrade.yaml` (one request per document) and checks each against the fleet. */
export function loadRequests(input: LoadRequestsInput): {
  requests: LoadedRequest[];
  diagnostics: Diagnostic[];
} {
  const file = input.file ?? REQUEST_FILE;
  const limits = input.limits ?? DEFAULT_YAML_LIMITS;
  const read = readYaml(file, input.text, limits);
  if (!read.yaml || read.diagnostics.length) return { requests: [], diagnostics: read.diagnostics };
  const yaml = read.yaml;
  const requests: LoadedRequest[] = [];
  const diagnostics: Diagnostic[] = [];
  const seenServices = new Map<string, Diagnostic>();
  yaml.docs.forEach((doc, docIndex) => {
    const checked = validateDocument(yaml, doc, UpgradeRequest, limits);
    const report = reporter(yaml, doc, diagnostics);
    const before = diagnostics.length;
    diagnostics.push(...checked.diagnostics);
    checkAgainstFleet(checked.raw, input, report);
    const service = asString(asRecord(checked.raw).service);
    if (service !== undefined) {
      const first = seenServices.get(service);
      if (first)
        report(
          ['service'],
          `service '${service}' already has a request at ${first.file}:${first.line}:${first.col}; one document per service`,
        );
      else
        seenServices.set(service, {
          file,
          ...positionOfPath(yaml, doc, ['service']),
          message: '',
          severity: 'error',
        });
    }
    if (checked.value && !diagnostics.slice(before).some(isError))
      requests.push({ request: checked.value, yaml, doc, docIndex });
  });
  return { requests, diagnostics };
}

type Report = (path: PropertyKey[], message: string, severity?: 'error' | 'warning') => void;

function reporter(yaml: YamlFile, doc: Document.Parsed, out: Diagnostic[]): Report {
  return (path, message, severity = 'error') => {
    const pos = positionOfPath(yaml, doc, path);
    out.push({ file: yaml.file, ...pos, field: fieldPath(path), message, severity });
  };
}

function checkAgainstFleet(raw: unknown, input: LoadRequestsInput, report: Report): void {
  const fleet = input.fleet;
  if (!fleet) return;
  const r = asRecord(raw);
  const service = asString(r.service);
  const providerId = service === undefined ? undefined : fleet.services.get(service);
  if (service !== undefined && providerId === undefined) {
    const names = [...fleet.services.keys()];
    const hint = closest(service, names);
    report(
      ['service'],
      `service '${service}' is not in fleet services: ${listOf(names) || '(none)'}${hint ? ` (did you mean '${hint}'?)` : ''}`,
    );
  }
  const provider = providerId ? input.providers(providerId) : undefined;
  const version = asString(r.version);
  if (provider && version) {
    const why = provider.checkVersion(version);
    if (why) report(['version'], why);
  }
  const strategy = asString(r.strategy);
  if (provider && strategy !== undefined && !provider.strategies.includes(strategy)) {
    report(
      ['strategy'],
      `strategy '${strategy}' is not one of the ${provider.id} provider's: ${provider.strategies.join(', ')}`,
    );
  }
  checkWaves(asArray(r.waves), fleet, report);
  checkSoak(asRecord(r.soak), asArray(r.waves), report);
}

function checkWaves(waves: unknown[], fleet: FleetIndex, report: Report): void {
  const seen = new Map<string, number>();
  let lastOrder = -1;
  let lastBatch = '';
  waves.forEach((w, i) => {
    const batch = asString(asRecord(w).batch);
    if (batch === undefined) return;
    const order = fleet.batches.indexOf(batch);
    if (order < 0) {
      const hint = closest(batch, fleet.batches);
      report(
        ['waves', i, 'batch'],
        `batch '${batch}' is not in fleet batches: ${listOf(fleet.batches)}${hint ? ` (did you mean '${hint}'?)` : ''}`,
      );
    } else if ((fleet.clustersPerBatch.get(batch) ?? 0) === 0) {
      report(['waves', i, 'batch'], `batch '${batch}' has no clusters in guard/fleet.yaml`);
    }
    const first = seen.get(batch);
    if (first !== undefined) report(['waves', i, 'batch'], `batch '${batch}' is already wave ${first + 1}`);
    else seen.set(batch, i);
    if (order >= 0 && first === undefined) {
      if (order < lastOrder) {
        report(
          ['waves', i, 'batch'],
          `batch '${batch}' comes before '${lastBatch}' in fleet batches (${listOf(fleet.batches)}); this request promotes it later`,
          'warning',
        );
      }
      lastOrder = Math.max(lastOrder, order);
      if (order === lastOrder) lastBatch = batch;
    }
  });
}

function checkSoak(soak: Record<string, unknown>, waves: unknown[], report: Report): void {
  const interval = parseDuration(asString(soak.interval) ?? '1m');
  const duration = parseDuration(asString(soak.duration) ?? '1h');
  if (interval !== undefined && duration !== undefined && interval > duration) {
    report(
      ['soak', 'interval'],
      `interval ${asString(soak.interval)} is longer than the soak duration ${asString(soak.duration) ?? '1h'}`,
    );
  }
  waves.forEach((w, i) => {
    const text = asString(asRecord(w).soak);
    const ms = text === undefined ? undefined : parseDuration(text);
    if (ms !== undefined && ms >= 60_000 && interval !== undefined && ms < interval) {
      report(
        ['waves', i, 'soak'],
        `soak ${text} is shorter than the soak interval ${asString(soak.interval) ?? '1m'}`,
      );
    }
  });
}
