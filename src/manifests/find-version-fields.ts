import { isAlias, isMap, isScalar, isSeq, type Node, Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { mapEntry } from '../yaml/locate.ts';
import type { ManifestDoc, ManifestFile } from './manifest-file.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

const HELM_RELEASE = /^helm\.toolkit\.fluxcd\.io\/v2(beta1|beta2)?$/;
const OCI_REPOSITORY = /^source\.toolkit\.fluxcd\.io\/v1(beta2)?$/;
const ARGO_APPLICATION = /^argoproj\.io\/v1alpha1$/;
const KUSTOMIZE = /^kustomize\.config\.k8s\.io\/v1(beta1)?$/;

/** Candidate found in one document, before chartRef resolution across files. */
interface Candidate {
  resource: string;
  path: (string | number)[];
  node: Node | null;
}

interface Context {
  file: ManifestFile;
  mdoc: ManifestDoc;
}

type Found = { ctx: Context; c: Candidate };

export interface ChartRef {
  name: string;
  namespace?: string;
}

export interface OciSource {
  ctx: Context;
  name: string;
  namespace?: string;
  chart: string;
}

/**
 * Every field in `files` that sets `chart`'s version: Flux HelmRelease (v2, v2beta1, v2beta2),
 * OCIRepository tags reached through a HelmRelease `chartRef`, Argo CD Applications (`source` and
 * `sources[]`), and Kustomize `helmCharts[]` / `images[]`. A field GUARD cannot edit safely
 * (alias, anchor, block scalar, missing) is reported, never guessed at.
 */
export function findVersionFields(
  files: readonly ManifestFile[],
  chart: string,
): { fields: VersionField[]; diagnostics: Diagnostic[] } {
  const found: Found[] = [];
  const refs: { resource: string; ref: ChartRef }[] = [];
  const ociSources: OciSource[] = [];
  for (const file of files) {
    for (const mdoc of file.docs) {
      const ctx = { file, mdoc };
      const root = mdoc.doc.contents;
      const apiVersion = text(mapEntry(root, 'apiVersion')?.value);
      const kind = text(mapEntry(root, 'kind')?.value);
      if (kind === 'HelmRelease' && apiVersion && HELM_RELEASE.test(apiVersion))
        helmRelease(root, chart, ctx, found, refs);
      else if (kind === 'OCIRepository' && apiVersion && OCI_REPOSITORY.test(apiVersion))
        ociSource(root, ctx, ociSources);
      else if (kind === 'Application' && apiVersion && ARGO_APPLICATION.test(apiVersion))
        argoApplication(root, chart, ctx, found);
      else if (isKustomization(file.path, apiVersion, kind)) kustomization(root, chart, ctx, found);
    }
  }
  for (const { resource, ref } of refs) {
    const source = ociSources.find(
      (s) => s.name === ref.name && (!s.namespace || !ref.namespace || s.namespace === ref.namespace),
    );
    if (source?.chart === chart) ociVersion(source, resource, found);
  }
  const fields: VersionField[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { ctx, c } of found) {
    const result = toField(ctx, c, chart);
    if ('message' in result) diagnostics.push(result);
    else fields.push(result);
  }
  return { fields, diagnostics };
}

function helmRelease(
  root: unknown,
  chart: string,
  ctx: Context,
  found: Found[],
  refs: { resource: string; ref: ChartRef }[],
): void {
  const resource = `HelmRelease ${qualifiedName(root)}`;
  const spec = mapEntry(root, 'spec')?.value;
  const chartSpec = mapEntry(mapEntry(mapEntry(spec, 'chart')?.value, 'spec')?.value, 'chart')?.value;
  if (text(chartSpec) === chart) {
    found.push({
      ctx,
      c: {
        resource,
        path: ['spec', 'chart', 'spec', 'version'],
        node: nodeAt(root, ['spec', 'chart', 'spec', 'version']),
      },
    });
  }
  const chartRef = mapEntry(spec, 'chartRef')?.value;
  if (text(mapEntry(chartRef, 'kind')?.value) === 'OCIRepository') {
    const name = text(mapEntry(chartRef, 'name')?.value);
    const namespace = text(mapEntry(chartRef, 'namespace')?.value) ?? metadata(root, 'namespace');
    if (name) refs.push({ resource, ref: { name, ...(namespace ? { namespace } : {}) } });
  }
}

function ociSource(root: unknown, ctx: Context, out: OciSource[]): void {
  const name = metadata(root, 'name');
  const url = text(nodeAt(root, ['spec', 'url']));
  if (!name || !url) return;
  const chart =
    url
      .replace(/[@:][^/]*$/, '')
      .split('/')
      .pop() ?? '';
  const namespace = metadata(root, 'namespace');
  out.push({ ctx, name, ...(namespace ? { namespace } : {}), chart });
}

function ociVersion(source: OciSource, via: string, found: Found[]): void {
  const root = source.ctx.mdoc.doc.contents;
  const resource = `OCIRepository ${qualifiedName(root)} (chartRef of ${via})`;
  const ref = nodeAt(root, ['spec', 'ref']);
  const keys = ['tag', 'semver'].filter((k) => mapEntry(ref, k));
  if (keys.length === 0) {
    found.push({ ctx: source.ctx, c: { resource, path: ['spec', 'ref', 'tag'], node: null } });
    return;
  }
  for (const k of keys)
    found.push({
      ctx: source.ctx,
      c: { resource, path: ['spec', 'ref', k], node: nodeAt(root, ['spec', 'ref', k]) },
    });
}

function argoApplication(root: unknown, chart: string, ctx: Context, found: Found[]): void {
  const resource = `Application ${qualifiedName(root)}`;
  const source = nodeAt(root, ['spec', 'source']);
  if (text(mapEntry(source, 'chart')?.value) === chart) {
    found.push({
      ctx,
      c: {
        resource,
        path: ['spec', 'source', 'targetRevision'],
        node: nodeAt(root, ['spec', 'source', 'targetRevision']),
      },
    });
  }
  const sources = nodeAt(root, ['spec', 'sources']);
  if (!isSeq(sources)) return;
  sources.items.forEach((item, i) => {
    if (text(mapEntry(item, 'chart')?.value) !== chart) return;
    found.push({
      ctx,
      c: {
        resource,
        path: ['spec', 'sources', i, 'targetRevision'],
        node: nodeAt(root, ['spec', 'sources', i, 'targetRevision']),
      },
    });
  });
}

function kustomization(root: unknown, chart: string, ctx: Context, found: Found[]): void {
  const lists: [string, string, (name: string) => boolean][] = [
    ['helmCharts', 'version', (n) => n === chart],
    ['images', 'newTag', (n) => n === chart || n.endsWith(`/${chart}`)],
  ];
  for (const [list, key, matches] of lists) {
    const seq = mapEntry(root, list)?.value;
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      const name = text(mapEntry(item, 'name')?.value);
      if (name === undefined || !matches(name)) return;
      found.push({
        ctx,
        c: {
          resource: `Kustomization ${list}[${i}] ${name}`,
          path: [list, i, key],
          node: nodeAt(root, [list, i, key]),
        },
      });
    });
  }
}

function isKustomization(path: string, apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion !== undefined || kind !== undefined)
    return kind === 'Kustomization' && apiVersion !== undefined && KUSTOMIZE.test(apiVersion);
  return /(^|\/)kustomization\.ya?ml$/i.test(path);
}

function toField(ctx: Context, c: Candidate, chart: string): VersionField | Diagnostic {
  const { file, mdoc } = ctx;
  const field = c.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .slice(1)
    .replace(/\.\[/g, '[');
  const where = (node: Node | null) => file.position(mdoc.offset + (node?.range?.[0] ?? 0));
  const problem = (node: Node | null, message: string): Diagnostic => ({
    file: file.path,
    ...where(node),
    field,
    message: `${c.resource}: ${message}`,
    severity: 'error',
  });
  const node = c.node;
  if (node === null)
    return problem(
      nodeAt(mdoc.doc.contents, c.path.slice(0, -1)) ?? null,
      `sets chart '${chart}' but has no ${field}; GUARD needs a pinned version`,
    );
  if (isAlias(node))
    return problem(node, `${field} is an alias (*${node.source}); GUARD edits only literal versions`);
  if (!isScalar(node)) return problem(node, `${field} must be a plain or quoted scalar`);
  if (node.anchor)
    return problem(
      node,
      `${field} carries an anchor (&${node.anchor}) that other places may alias; remove it so the edit stays local`,
    );
  const style = styleOf(node);
  if (!style) return problem(node, `${field} is a block scalar; write the version on one line`);
  const start = mdoc.offset + node.range![0];
  const end = mdoc.offset + node.range![1];
  const source = file.text.slice(start, end);
  const value = style === 'plain' ? source : typeof node.value === 'string' ? node.value : String(node.value);
  if (value === '' || node.value === null) return problem(node, `${field} is empty`);
  return {
    file: file.path,
    chart,
    resource: c.resource,
    field,
    astPath: c.path,
    docIndex: mdoc.index,
    start,
    end,
    value,
    style,
    ...where(node),
  };
}

function styleOf(node: Scalar): ScalarStyle | undefined {
  if (node.type === Scalar.PLAIN) return 'plain';
  if (node.type === Scalar.QUOTE_SINGLE) return 'single';
  if (node.type === Scalar.QUOTE_DOUBLE) return 'double';
  return undefined;
}

function nodeAt(root: unknown, path: readonly (string | number)[]): Node | null {
  let node = root as Node | null;
  for (const seg of path) {
    if (typeof seg === 'number') node = isSeq(node) ? ((node.items[seg] as Node | undefined) ?? null) : null;
    else node = isMap(node) ? ((mapEntry(node, seg)?.value as Node | null | undefined) ?? null) : null;
    if (node === null) return null;
  }
  return node;
}

function text(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined;
}

function metadata(root: unknown, key: string): string | undefined {
  return text(nodeAt(root, ['metadata', key]));
}

function qualifiedName(root: unknown): string {
  const name = metadata(root, 'name') ?? '(unnamed)';
  const ns = metadata(root, 'namespace');
  return ns ? `${ns}/${name}` : name;
}
