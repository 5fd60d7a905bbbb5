import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realisticIstio, realisticPromtail } from './planner-realistic-fleet.ts';

const BATCHES = ['test', 'dev-wave-1', 'dev-wave-2', 'staging', 'prod-wave-1', 'prod-wave-2'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

/**
 * - `alike`: every cluster's files differ (cluster name, region and network in values and
 *   comments), release documents otherwise alike.
 * - `unique`: release names carry the cluster name too, so no two documents are the same text
 *   outside their values.
 * - `realistic`: per-cluster values of different widths and a few layouts (see planner-realistic-fleet.ts),
 *   versions plain, double- and single-quoted, comments, CRLF in some files, kiali beside Istio, a
 *   separate gateway file in some clusters.
 */
export type FleetKind = 'alike' | 'unique' | 'realistic';

/** Writes a fleet repo of `count` clusters with istio and promtail files for each. */
export function generateFleet(root: string, count: number, kind: FleetKind = 'alike'): void {
  mkdirSync(join(root, 'guard'), { recursive: true });
  const clusters: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `c${String(i).padStart(5, '0')}`;
    const batch = BATCHES[Math.min(BATCHES.length - 1, Math.floor((i / count) * BATCHES.length))]!;
    const region = REGIONS[i % REGIONS.length]!;
    const env = batch.split('-')[0]!;
    // One line per cluster, as a generated 10,000-cluster registry is written: it keeps fleet.yaml
    // under GUARD's 1 MiB bound for untrusted YAML.
    const access =
      kind === 'realistic' && i % 4 === 1 ? `kubeconfig: { context: ${name} }` : `eks: { name: ${name} }`;
    clusters.push(
      `  - { name: ${name}, batch: ${batch}, environment: ${env}, region: ${region}, ${access} }\n`,
    );
    const dir = join(root, 'clusters', name);
    mkdirSync(join(dir, 'istio'), { recursive: true });
    mkdirSync(join(dir, 'logging'), { recursive: true });
    if (kind === 'realistic') {
      for (const [file, text] of Object.entries(realisticIstio(i, name, region, env)))
        writeFileSync(join(dir, 'istio', file), text);
      writeFileSync(join(dir, 'logging', 'promtail.yaml'), realisticPromtail(i, name, region));
      continue;
    }
    const release = kind === 'unique' ? `-${name}` : '';
    writeFileSync(join(dir, 'istio', 'istio.yaml'), istioFile(name, region, i, release));
    writeFileSync(join(dir, 'logging', 'promtail.yaml'), promtailFile(name, region, release));
  }
  writeFileSync(
    join(root, 'guard', 'fleet.yaml'),
    `apiVersion: guard/v1\nkind: Fleet\nbatches: [${BATCHES.join(', ')}]\nmetrics: { provider: datadog }\nclusters:\n${clusters.join('')}` +
      'services:\n  istio:\n    provider: istio\n    files: ["clusters/{cluster}/istio/*.yaml"]\n' +
      '  promtail:\n    provider: helm\n    chart: promtail\n    namespace: logging\n    files: ["clusters/{cluster}/logging/promtail.yaml"]\n',
  );
  writeFileSync(
    join(root, 'guard', 'upgrade.yaml'),
    'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: istio\nversion: 1.20.1\n---\n' +
      'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: promtail\nversion: 6.16.0\n',
  );
}

function helmRelease(name: string, ns: string, chart: string, version: string, values: string): string {
  return `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  interval: 10m
  chart:
    spec:
      chart: ${chart}
      version: "${version}"
      sourceRef:
        kind: HelmRepository
        name: istio
        namespace: flux-system
  install:
    remediation: { retries: 3 }
  values:
${values}`;
}

function istioFile(cluster: string, region: string, i: number, release: string): string {
  return `# Istio for ${cluster} (${region}); managed by the platform team
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: istio
  namespace: flux-system
spec:
  interval: 1h
  url: https://istio-release.storage.googleapis.com/charts
${helmRelease(`istio-base${release}`, 'istio-system', 'base', '1.19.5', `    defaultRevision: default\n`)}${helmRelease(
  `istiod${release}`,
  'istio-system',
  'istiod',
  '1.19.5',
  `    global:\n      meshID: mesh-${region}\n      multiCluster: { clusterName: ${cluster} }\n      network: net-${i % 4}\n    pilot:\n      autoscaleMin: 2\n      resources: { requests: { cpu: 500m, memory: 2Gi } }\n`,
)}${helmRelease(`istio-ingressgateway${release}`, 'istio-ingress', 'gateway', '1.19.5', `    service:\n      annotations:\n        service.beta.kubernetes.io/aws-load-balancer-type: nlb\n        external-dns.alpha.kubernetes.io/hostname: ${cluster}.example.com\n`)}`;
}

function promtailFile(cluster: string, region: string, release: string): string {
  return `# Promtail ships ${cluster} logs to Loki
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: grafana
  namespace: logging
spec:
  interval: 1h
  url: https://grafana.github.io/helm-charts
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: promtail${release}
  namespace: logging
spec:
  interval: 10m
  chart:
    spec:
      chart: promtail
      version: 6.15.3
      sourceRef: { kind: HelmRepository, name: grafana }
  values:
    config:
      clients:
        - url: https://loki.${region}.example.com/loki/api/v1/push
          external_labels: { cluster: ${cluster} }
`;
}
