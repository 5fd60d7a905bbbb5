import type { Diagnostic } from '../diagnostics.ts';
import { type Found, getPath, mapGet, mapGetAll, scalarText, seqValues, type Tok } from './cst-nav.ts';
import type { ManifestDoc, ManifestFile } from './manifest-file.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

const HELM_RELEASE = /^helm\.toolkit\.fluxcd\.io\/v2(beta1|beta2)?$/;
const OCI_REPOSITORY = /^source\.toolkit\.fluxcd\.io\/v1(beta2)?$/;
const ARGO_APPLICATION = /^argoproj\.io\/v1alpha1$/;
const KUSTOMIZE = /^kustomize\.config\.k8s\.io\/v1(beta1)?$/;

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
      const root = mdoc.root;
      const apiVersion = scalarText(mapGet(root, 'apiVersion')?.token);
      const kind = scalarText(mapGet(root, 'kind')?.token);
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

function helmRelease(ctx: Context, chart: string, found: Candidate[], refs: ChartRef[]): void {
  const root = ctx.mdoc.root;
  const resource = `HelmRelease ${qualifiedName(root)}`;
  if (scalarText(getPath(root, ['spec', 'chart', 'spec', 'chart']).found?.token) === chart) {
    found.push({ ctx, resource, path: ['spec', 'chart', 'spec', 'version'] });
  }
  const chartRef = getPath(root, ['spec', 'chartRef']).found?.token;
  if (scalarText(mapGet(chartRef, 'kind')?.token) !== 'OCIRepository') return;
  const name = scalarText(mapGet(chartRef, 'name')?.token);
  const namespace = scalarText(mapGet(chartRef, 'namespace')?.token) ?? metadata(root, 'namespace');
  if (name) refs.push({ resource, name, ...(namespace ? { namespace } : {}) });
}

function ociSource(ctx: Context, out: OciSource[]): void {
  const root = ctx.mdoc.root;
  const name = metadata(root, 'name');
  const url = scalarText(getPath(root, ['spec', 'url']).found?.token);
  if (!name || !url) return;
  const chart =
    url
      .replace(/[@:][^/]*$/, '')
      .split('/')
      .pop() ?? '';
  const namespace = metadata(root, 'namespace');
  out.push({ ctx, name, ...(namespace ? { namespace } : {}), chart });
}

function ociVersion(source: OciSource, via: string, found: Candidate[], problems: Diagnostic[]): void {
  const root = source.ctx.mdoc.root;
  const resource = `OCIRepository ${qualifiedName(root)} (chartRef of ${via})`;
  const ref = getPath(root, ['spec', 'ref']).found?.token;
  const digest = mapGet(ref, 'digest');
  if (digest) {
    // Flux resolves a digest before a tag or semver range: bumping those would deploy nothing.
    const { file, mdoc } = source.ctx;
    const at = file.position(mdoc.offset + (digest.token?.offset ?? ref?.offset ?? 0));
    const message = `${resource}: spec.ref.digest pins the chart, and Flux prefers it to tag and semver; remove the digest so GUARD can upgrade by tag`;
    problems.push({ file: file.path, ...at, field: 'spec.ref.digest', message, severity: 'error' });
    return;
  }
  const keys = ['tag', 'semver'].filter((k) => mapGet(ref, k));
  for (const k of keys.length ? keys : ['tag'])
    found.push({ ctx: source.ctx, resource, path: ['spec', 'ref', k] });
}

function argoApplication(ctx: Context, chart: string, found: Candidate[]): void {
  const root = ctx.mdoc.root;
  const resource = `Application ${qualifiedName(root)}`;
  if (scalarText(getPath(root, ['spec', 'source', 'chart']).found?.token) === chart) {
    found.push({ ctx, resource, path: ['spec', 'source', 'targetRevision'] });
  }
  seqValues(getPath(root, ['spec', 'sources']).found?.token).forEach((item, i) => {
    if (scalarText(mapGet(item.token, 'chart')?.token) === chart)
      found.push({ ctx, resource, path: ['spec', 'sources', i, 'targetRevision'] });
  });
}

function kustomization(ctx: Context, chart: string, found: Candidate[]): void {
  const lists: [string, string, (name: string) => boolean][] = [
    ['helmCharts', 'version', (n) => n === chart],
    ['images', 'newTag', (n) => n === chart || n.endsWith(`/${chart}`)],
  ];
  for (const [list, key, matches] of lists) {
    seqValues(mapGet(ctx.mdoc.root, list)?.token).forEach((item, i) => {
      const name = scalarText(mapGet(item.token, 'name')?.token);
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

function toField(c: Candidate, chart: string): VersionField | Diagnostic {
  const { file, mdoc } = c.ctx;
  const field = c.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1)
    .replace(/\.\[/g, '[');
  const parentPath = c.path.slice(0, -1);
  const walk = getPath(mdoc.root, c.path);
  const problem = (offset: number, message: string): Diagnostic => ({
    file: file.path,
    ...file.position(mdoc.offset + offset),
    field,
    message: `${c.resource}: ${message}`,
    severity: 'error',
  });
  const parent = getPath(mdoc.root, parentPath).found?.token;
  if (mapGetAll(parent, String(c.path.at(-1))).length > 1)
    return problem(parent?.offset ?? 0, `${field} is set twice; GUARD edits exactly one`);
  const found: Found | undefined = walk.found;
  const token = found?.token;
  if (!token)
    return problem(
      walk.last?.offset ?? 0,
      `sets chart '${chart}' but has no ${field}; GUARD needs a pinned version`,
    );
  if (token.type === 'alias')
    return problem(token.offset, `${field} is an alias (${token.source}); GUARD edits only literal versions`);
  const anchor = found.props.find((p) => p.type === 'anchor');
  if (anchor)
    return problem(
      token.offset,
      `${field} carries an anchor (${anchor.source}) that other places may alias; remove it so the edit stays local`,
    );
  if (token.type === 'block-scalar')
    return problem(token.offset, `${field} is a block scalar; write the version on one line`);
  const style = STYLES[token.type];
  if (!style || !('source' in token))
    return problem(token.offset, `${field} must be a plain or quoted scalar`);
  if (/[\r\n]/.test(token.source))
    return problem(token.offset, `${field} spans several lines; write the version on one line`);
  const value = scalarText(token) ?? '';
  if (value === '' || (style === 'plain' && /^(~|null|Null|NULL)$/.test(value)))
    return problem(token.offset, `${field} is empty`);
  const start = mdoc.offset + token.offset;
  return {
    file: file.path,
    chart,
    resource: c.resource,
    field,
    astPath: c.path,
    docIndex: mdoc.index,
    start,
    end: start + token.source.length,
    value,
    style,
    ...file.position(start),
  };
}

function metadata(root: Tok | undefined, key: string): string | undefined {
  return scalarText(getPath(root, ['metadata', key]).found?.token);
}

function qualifiedName(root: Tok | undefined): string {
  const name = metadata(root, 'name') ?? '(unnamed)';
  const ns = metadata(root, 'namespace');
  return ns ? `${ns}/${name}` : name;
}
