import type { Diagnostic } from '../diagnostics.ts';
import { type Candidate, type Context, candidateField } from './candidate-field.ts';
import { getPath, mapGet, seqValues } from './cst-nav.ts';
import { docFacts, metadata, qualifiedName } from './doc-facts.ts';
import type { ManifestFile } from './manifest-file.ts';
import type { VersionField } from './version-field.ts';

/**
 * Shared by every HelmRelease field found (a fleet has thousands), and frozen, so where it leads is
 * remembered per template (cst-nav.ts lastEntries).
 */
const HELM_VERSION = Object.freeze(['spec', 'chart', 'spec', 'version']) as (string | number)[];

interface OciSource {
  ctx: Context;
  name: string;
  namespace?: string;
  chart: string;
}

interface ChartRef {
  resource: string;
  name: string;
  namespace?: string;
}

export interface ChartFields {
  fields: VersionField[];
  diagnostics: Diagnostic[];
}

/** What most charts of a service find in most clusters' files: nothing (never modified). */
const NOTHING: ChartFields = Object.freeze({
  fields: Object.freeze([]) as unknown as VersionField[],
  diagnostics: Object.freeze([]) as unknown as Diagnostic[],
});

/**
 * Every field in `files` that sets `chart`'s version: Flux HelmRelease (v2, v2beta1, v2beta2),
 * OCIRepository tags reached through a HelmRelease `chartRef`, Argo CD Applications (`source` and
 * `sources[]`), and Kustomize `helmCharts[]` / `images[]`. A field GUARD cannot edit safely
 * (alias, anchor, block scalar, several lines, missing, duplicated) is reported, never guessed at.
 */
export function findVersionFields(files: readonly ManifestFile[], chart: string): ChartFields {
  return findVersionFieldsOfCharts(files, [chart]).get(chart)!;
}

/** findVersionFields for each of `charts`, reading the files' documents once for all of them. */
export function findVersionFieldsOfCharts(
  files: readonly ManifestFile[],
  charts: readonly string[],
): Map<string, ChartFields> {
  const found = new Map<string, Candidate[]>();
  const listOf = (chart: string) => {
    let list = found.get(chart);
    if (!list) {
      list = [];
      found.set(chart, list);
    }
    return list;
  };
  const refs: ChartRef[] = [];
  const ociSources: OciSource[] = [];
  for (const file of files) {
    for (const mdoc of file.docs) {
      const facts = docFacts(file, mdoc);
      if (facts.type === 'helm') {
        const chart = facts.helmChart;
        if ((chart !== undefined && charts.includes(chart)) || facts.ociRef)
          helmRelease(
            { file, mdoc },
            chart !== undefined && charts.includes(chart) ? listOf(chart) : undefined,
            refs,
          );
      } else if (facts.type === 'oci') ociSource({ file, mdoc }, ociSources);
      else if (facts.type === 'argo')
        for (const chart of charts) argoApplication({ file, mdoc }, chart, listOf);
      else if (facts.type === 'kustomize')
        for (const chart of charts) kustomization({ file, mdoc }, chart, listOf);
    }
  }
  const out = new Map<string, ChartFields>();
  for (const chart of charts) {
    const early: Diagnostic[] = [];
    for (const ref of refs) {
      const source = ociSources.find(
        (s) => s.name === ref.name && (!s.namespace || !ref.namespace || s.namespace === ref.namespace),
      );
      if (source?.chart === chart) ociVersion(source, ref.resource, listOf(chart), early);
    }
    const candidates = found.get(chart);
    if (!candidates?.length && early.length === 0) {
      out.set(chart, NOTHING);
      continue;
    }
    const fields: VersionField[] = [];
    const diagnostics: Diagnostic[] = early;
    for (const c of candidates ?? []) {
      const result = candidateField(c, chart);
      if ('message' in result) diagnostics.push(result);
      else fields.push(result);
    }
    out.set(chart, { fields, diagnostics });
  }
  return out;
}

function helmRelease(ctx: Context, found: Candidate[] | undefined, refs: ChartRef[]): void {
  const { ociRef } = docFacts(ctx.file, ctx.mdoc);
  if (found) found.push({ ctx, resource: `HelmRelease ${qualifiedName(ctx.mdoc)}`, path: HELM_VERSION });
  if (!ociRef) return;
  const resource = `HelmRelease ${qualifiedName(ctx.mdoc)}`;
  const namespace = ociRef.namespace ?? metadata(ctx.mdoc, 'namespace');
  if (ociRef.name) refs.push({ resource, name: ociRef.name, ...(namespace ? { namespace } : {}) });
}

function ociSource(ctx: Context, out: OciSource[]): void {
  const { root, view } = ctx.mdoc;
  const name = metadata(ctx.mdoc, 'name');
  const url = view.scalar(getPath(view, root, ['spec', 'url']).found?.token);
  if (!name || !url) return;
  const chart =
    url
      .replace(/[@:][^/]*$/, '')
      .split('/')
      .pop() ?? '';
  const namespace = metadata(ctx.mdoc, 'namespace');
  out.push({ ctx, name, ...(namespace ? { namespace } : {}), chart });
}

function ociVersion(source: OciSource, via: string, found: Candidate[], problems: Diagnostic[]): void {
  const { root, view } = source.ctx.mdoc;
  const resource = `OCIRepository ${qualifiedName(source.ctx.mdoc)} (chartRef of ${via})`;
  const ref = getPath(view, root, ['spec', 'ref']).found?.token;
  const digest = mapGet(view, ref, 'digest');
  if (digest) {
    // Flux resolves a digest before a tag or semver range: bumping those would deploy nothing.
    const file = source.ctx.file;
    const at = file.position(view.offset(digest.token ?? ref));
    const message = `${resource}: spec.ref.digest pins the chart, and Flux prefers it to tag and semver; remove the digest so GUARD can upgrade by tag`;
    problems.push({ file: file.path, ...at, field: 'spec.ref.digest', message, severity: 'error' });
    return;
  }
  const keys = ['tag', 'semver'].filter((k) => mapGet(view, ref, k));
  for (const k of keys.length ? keys : ['tag'])
    found.push({ ctx: source.ctx, resource, path: ['spec', 'ref', k] });
}

type Candidates = (chart: string) => Candidate[];

function argoApplication(ctx: Context, chart: string, found: Candidates): void {
  const { root, view } = ctx.mdoc;
  const resource = `Application ${qualifiedName(ctx.mdoc)}`;
  if (view.scalar(getPath(view, root, ['spec', 'source', 'chart']).found?.token) === chart) {
    found(chart).push({ ctx, resource, path: ['spec', 'source', 'targetRevision'] });
  }
  seqValues(getPath(view, root, ['spec', 'sources']).found?.token).forEach((item, i) => {
    if (view.scalar(mapGet(view, item.token, 'chart')?.token) === chart)
      found(chart).push({ ctx, resource, path: ['spec', 'sources', i, 'targetRevision'] });
  });
}

function kustomization(ctx: Context, chart: string, found: Candidates): void {
  const lists: [string, string, (name: string) => boolean][] = [
    ['helmCharts', 'version', (n) => n === chart],
    ['images', 'newTag', (n) => n === chart || n.endsWith(`/${chart}`)],
  ];
  const { root, view } = ctx.mdoc;
  for (const [list, key, matches] of lists) {
    seqValues(mapGet(view, root, list)?.token).forEach((item, i) => {
      const name = view.scalar(mapGet(view, item.token, 'name')?.token);
      if (name !== undefined && matches(name))
        found(chart).push({ ctx, resource: `Kustomization ${list}[${i}] ${name}`, path: [list, i, key] });
    });
  }
}
