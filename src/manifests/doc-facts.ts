import { mapValue, valueAt } from './cst-nav.ts';
import type { ManifestDoc, ManifestFile } from './manifest-file.ts';

const HELM_RELEASE = /^helm\.toolkit\.fluxcd\.io\/v2(beta1|beta2)?$/;
const OCI_REPOSITORY = /^source\.toolkit\.fluxcd\.io\/v1(beta2)?$/;
const ARGO_APPLICATION = /^argoproj\.io\/v1alpha1$/;
const KUSTOMIZE = /^kustomize\.config\.k8s\.io\/v1(beta1)?$/;

// Frozen, so valueAt remembers where they lead in each template (cst-nav.ts).
const HELM_CHART = Object.freeze(['spec', 'chart', 'spec', 'chart']);
const CHART_REF = Object.freeze(['spec', 'chartRef']);
const METADATA = new Map(['name', 'namespace'].map((key) => [key, Object.freeze(['metadata', key])]));

/** What a plan asks of a document for each chart of a service in turn, read once. */
export interface DocFacts {
  type: 'helm' | 'oci' | 'argo' | 'kustomize' | undefined;
  /** A HelmRelease's `spec.chart.spec.chart`. */
  helmChart?: string | undefined;
  /** A HelmRelease's `spec.chartRef` to an OCIRepository. */
  ociRef?: { name: string | undefined; namespace: string | undefined };
}

/** The document's kind as a plan reads it, worked out once and kept on the document. */
export function docFacts(file: ManifestFile, mdoc: ManifestDoc): DocFacts {
  if (mdoc.facts) return mdoc.facts as DocFacts;
  const { root, view } = mdoc;
  const apiVersion = view.scalar(mapValue(view, root, 'apiVersion'));
  const kind = view.scalar(mapValue(view, root, 'kind'));
  const facts: DocFacts = { type: undefined };
  if (kind === 'HelmRelease' && apiVersion && HELM_RELEASE.test(apiVersion)) {
    facts.type = 'helm';
    facts.helmChart = view.scalar(valueAt(view, root, HELM_CHART));
    const chartRef = valueAt(view, root, CHART_REF);
    if (view.scalar(mapValue(view, chartRef, 'kind')) === 'OCIRepository')
      facts.ociRef = {
        name: view.scalar(mapValue(view, chartRef, 'name')),
        namespace: view.scalar(mapValue(view, chartRef, 'namespace')),
      };
  } else if (kind === 'OCIRepository' && apiVersion && OCI_REPOSITORY.test(apiVersion)) facts.type = 'oci';
  else if (kind === 'Application' && apiVersion && ARGO_APPLICATION.test(apiVersion)) facts.type = 'argo';
  else if (isKustomization(file.path, apiVersion, kind)) facts.type = 'kustomize';
  mdoc.facts = facts;
  return facts;
}

function isKustomization(path: string, apiVersion: string | undefined, kind: string | undefined): boolean {
  if (apiVersion !== undefined || kind !== undefined)
    return kind === 'Kustomization' && apiVersion !== undefined && KUSTOMIZE.test(apiVersion);
  return /(^|\/)kustomization\.ya?ml$/i.test(path);
}

export function metadata(mdoc: ManifestDoc, key: string): string | undefined {
  return mdoc.view.scalar(valueAt(mdoc.view, mdoc.root, METADATA.get(key) ?? ['metadata', key]));
}

export function qualifiedName(mdoc: ManifestDoc): string {
  const name = metadata(mdoc, 'name') ?? '(unnamed)';
  const ns = metadata(mdoc, 'namespace');
  return ns ? `${ns}/${name}` : name;
}
