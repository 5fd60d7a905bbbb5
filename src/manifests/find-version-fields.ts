import type { Diagnostic } from '../diagnostics.ts';
import { type Found, getPath, mapGet, mapGetAll, seqValues, type Tok } from './cst-nav.ts';
import type { ManifestDoc, ManifestFile } from './manifest-file.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

const HELM_RELEASE = /^helm\.toolkit\.fluxcd\.io\/v2(beta1|beta2)?$/;
const OCI_REPOSITORY = /^source\.toolkit\.fluxcd\.io\/v1(beta2)?$/;
const ARGO_APPLICATION = /^argoproj\.io\/v1alpha1$/;
const KUSTOMIZE = /^kustomize\.config\.k8s\.io\/v1(beta1)?$/;
/** Shared by every HelmRelease field found (a fleet has thousands); never modified. */
const HELM_VERSION: (string | number)[] = ['spec', 'chart', 'spec', 'version'];

interface Context {
  file: ManifestFile;
  mdoc: ManifestDoc;
}

/** A place that should hold the chart's version, before it is checked. */
interface Candidate {
  ctx: Context;
  resource: string;
  path: (string | number)[];
}

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

/**
 * Every field in `files` that sets `chart`'s version: Flux HelmRelease (v2, v2beta1, v2beta2),
 * OCIRepository tags reached through a HelmRelease `chartRef`, Argo CD Applications (`source` and
 * `sources[]`), and Kustomize `helmCharts[]` / `images[]`. A field GUARD cannot edit safely
 * (alias, anchor, block scalar, several lines, missing, duplicated) is reported, never guessed at.
 */
export function findVersionFields(
  files: readonly ManifestFile[],
  chart: string,
): { fields: VersionField[]; diagnostics: Diagnostic[] } {
  const found: Candidate[] = [];
  const refs: ChartRef[] = [];
  const ociSources: OciSource[] = [];
  const early: Diagnostic[] = [];
  for (const file of files) {
    for (const mdoc of file.docs) {
      const ctx = { file, mdoc };
      const { apiVersion, kind } = factsOf(mdoc);
      if (kind === 'HelmRelease' && apiVersion && HELM_RELEASE.test(apiVersion))
        helmRelease(ctx, chart, found, refs);
      else if (kind === 'OCIRepository' && apiVersion && OCI_REPOSITORY.test(apiVersion))
        ociSource(ctx, ociSources);
      else if (kind === 'Application' && apiVersion && ARGO_APPLICATION.test(apiVersion))
        argoApplication(ctx, chart, found);
      else if (isKustomization(file.path, apiVersion, kind)) kustomization(ctx, chart, found);
    }
  }
  for (const ref of refs) {
    const source = ociSources.find(
      (s) => s.name === ref.name && (!s.namespace || !ref.namespace || s.namespace === ref.namespace),
    );
    if (source?.chart === chart) ociVersion(source, ref.resource, found, early);
  }
  const fields: VersionField[] = [];
  const diagnostics: Diagnostic[] = [...early];
  for (const c of found) {
    const result = toField(c, chart);
    if ('message' in result) diagnostics.push(result);
    else fields.push(result);
  }
  return { fields, diagnostics };
}

/** What a plan asks of a document for each chart of a service in turn, read once. */
interface DocFacts {
  apiVersion: string | undefined;
  kind: string | undefined;
  /** A HelmRelease's `spec.chart.spec.chart`. */
  helmChart?: string | undefined;
  /** A HelmRelease's `spec.chartRef` to an OCIRepository. */
  ociRef?: { name: string | undefined; namespace: string | undefined };
}

const facts = new WeakMap<ManifestDoc, DocFacts>();
function factsOf(mdoc: ManifestDoc): DocFacts {
  let found = facts.get(mdoc);
  if (found) return found;
  const { root, view } = mdoc;
  found = {
    apiVersion: view.scalar(mapGet(view, root, 'apiVersion')?.token),
    kind: view.scalar(mapGet(view, root, 'kind')?.token),
  };
  if (found.kind === 'HelmRelease' && found.apiVersion && HELM_RELEASE.test(found.apiVersion)) {
    found.helmChart = view.scalar(getPath(view, root, ['spec', 'chart', 'spec', 'chart']).found?.token);
    const chartRef = getPath(view, root, ['spec', 'chartRef']).found?.token;
    if (view.scalar(mapGet(view, chartRef, 'kind')?.token) === 'OCIRepository')
      found.ociRef = {
        name: view.scalar(mapGet(view, chartRef, 'name')?.token),
        namespace: view.scalar(mapGet(view, chartRef, 'namespace')?.token),
      };
  }
  facts.set(mdoc, found);
  return found;
}

function helmRelease(ctx: Context, chart: string, found: Candidate[], refs: ChartRef[]): void {
  const { helmChart, ociRef } = factsOf(ctx.mdoc);
  if (helmChart === chart) {
    found.push({
      ctx,
      resource: `HelmRelease ${qualifiedName(ctx.mdoc)}`,
      path: HELM_VERSION,
    });
  }
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

function argoApplication(ctx: Context, chart: string, found: Candidate[]): void {
  const { root, view } = ctx.mdoc;
  const resource = `Application ${qualifiedName(ctx.mdoc)}`;
  if (view.scalar(getPath(view, root, ['spec', 'source', 'chart']).found?.token) === chart) {
    found.push({ ctx, resource, path: ['spec', 'source', 'targetRevision'] });
  }
  seqValues(getPath(view, root, ['spec', 'sources']).found?.token).forEach((item, i) => {
    if (view.scalar(mapGet(view, item.token, 'chart')?.token) === chart)
      found.push({ ctx, resource, path: ['spec', 'sources', i, 'targetRevision'] });
  });
}

function kustomization(ctx: Context, chart: string, found: Candidate[]): void {
  const lists: [string, string, (name: string) => boolean][] = [
    ['helmCharts', 'version', (n) => n === chart],
    ['images', 'newTag', (n) => n === chart || n.endsWith(`/${chart}`)],
  ];
  const { root, view } = ctx.mdoc;
  for (const [list, key, matches] of lists) {
    seqValues(mapGet(view, root, list)?.token).forEach((item, i) => {
      const name = view.scalar(mapGet(view, item.token, 'name')?.token);
      if (name !== undefined && matches(name))
        found.push({ ctx, resource: `Kustomization ${list}[${i}] ${name}`, path: [list, i, key] });
    });
  }
}

function isKustomization(path: string, apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion !== undefined || kind !== undefined)
    return kind === 'Kustomization' && apiVersion !== undefined && KUSTOMIZE.test(apiVersion);
  return /(^|\/)kustomization\.ya?ml$/i.test(path);
}

const STYLES: Partial<Record<Tok['type'], ScalarStyle>> = {
  scalar: 'plain',
  'single-quoted-scalar': 'single',
  'double-quoted-scalar': 'double',
};

const fieldNames = new WeakMap<(string | number)[], string>();

/** `spec.sources[1].targetRevision` for a path. */
function fieldName(path: (string | number)[]): string {
  let name = fieldNames.get(path);
  if (name === undefined) {
    name = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .slice(1)
      .replace(/\.\[/g, '[');
    fieldNames.set(path, name);
  }
  return name;
}

function toField(c: Candidate, chart: string): VersionField | Diagnostic {
  const { file, mdoc } = c.ctx;
  const { root, view } = mdoc;
  const field = fieldName(c.path);
  const parentPath = c.path.slice(0, -1);
  const walk = getPath(view, root, c.path);
  const problem = (token: Tok | undefined, message: string): Diagnostic => ({
    file: file.path,
    ...file.position(view.offset(token)),
    field,
    message: `${c.resource}: ${message}`,
    severity: 'error',
  });
  const parent = getPath(view, root, parentPath).found?.token;
  if (mapGetAll(view, parent, String(c.path.at(-1))).length > 1)
    return problem(parent, `${field} is set twice; GUARD edits exactly one`);
  const found: Found | undefined = walk.found;
  const token = found?.token;
  if (!token)
    return problem(walk.last, `sets chart '${chart}' but has no ${field}; GUARD needs a pinned version`);
  if (token.type === 'alias')
    return problem(token, `${field} is an alias (${view.source(token)}); GUARD edits only literal versions`);
  const anchor = found.props.find((p) => p.type === 'anchor');
  if (anchor)
    return problem(
      token,
      `${field} carries an anchor (${view.source(anchor)}) that other places may alias; remove it so the edit stays local`,
    );
  if (token.type === 'block-scalar')
    return problem(token, `${field} is a block scalar; write the version on one line`);
  const style = STYLES[token.type];
  if (!style || !('source' in token)) return problem(token, `${field} must be a plain or quoted scalar`);
  const source = view.source(token);
  if (/[\r\n]/.test(source))
    return problem(token, `${field} spans several lines; write the version on one line`);
  const value = view.scalar(token) ?? '';
  if (value === '' || (style === 'plain' && /^(~|null|Null|NULL)$/.test(value)))
    return problem(token, `${field} is empty`);
  const start = view.offset(token);
  return {
    file: file.path,
    chart,
    resource: c.resource,
    field,
    astPath: c.path,
    docIndex: mdoc.index,
    start,
    end: start + source.length,
    value,
    style,
    ...file.position(start),
  };
}

function metadata(mdoc: ManifestDoc, key: string): string | undefined {
  return mdoc.view.scalar(getPath(mdoc.view, mdoc.root, ['metadata', key]).found?.token);
}

function qualifiedName(mdoc: ManifestDoc): string {
  const name = metadata(mdoc, 'name') ?? '(unnamed)';
  const ns = metadata(mdoc, 'namespace');
  return ns ? `${ns}/${name}` : name;
}
