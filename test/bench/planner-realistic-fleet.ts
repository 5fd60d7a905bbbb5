/**
 * Cluster files like a real fleet's, for the planner bench: every cluster's istiod (≈ 40 lines) and
 * gateway (≈ 25 lines) values differ (names, zones, sizes, certificates, hosts of different
 * widths), lists differ in length between clusters, versions are written plain, double- or
 * single-quoted, some with a comment and some one patch behind, a few files use CRLF, kiali shares
 * the file with Istio, and some clusters keep their gateway in a file of its own.
 */

/** A small deterministic generator, one per cluster, so every run writes the same fleet. */
function random(seed: number): () => number {
  let a = seed + 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['platform', 'mesh', 'edge-networking', 'sre', 'payments-infra', 'core'];
const TYPES = ['m5.xlarge', 'm6i.2xlarge', 'c6g.large', 'r6i.4xlarge', 'm7g.medium'];
const DOMAINS = ['example.com', 'internal.example.org', 'svc.corp.example.net', 'eu.example.io'];

function releaseDoc(name: string, chart: string, version: string, source: string, values: string): string {
  return `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: istio-system
spec:
  interval: 10m
  chart:
    spec:
      chart: ${chart}
      version: ${version}
      sourceRef: { kind: HelmRepository, name: ${source}, namespace: flux-system }
  values:
${values}`;
}

function version(rnd: () => number, comment: boolean): string {
  const v = rnd() < 0.15 ? '1.19.4' : '1.19.5';
  const style = rnd();
  const written = style < 0.4 ? v : style < 0.85 ? `"${v}"` : `'${v}'`;
  return comment ? `${written} # {"$imagepolicy": "flux-system:istio"}` : written;
}

function istiodValues(i: number, rnd: () => number, cluster: string, region: string, env: string): string {
  const n = (max: number) => 1 + Math.floor(rnd() * max);
  const tolerations = Array.from(
    { length: 1 + (i % 3) },
    (_, k) =>
      `        - key: ${['dedicated', 'workload-class', 'spot'][k]}\n          operator: Equal\n          value: istio-${env}-${n(99)}\n          effect: NoSchedule\n`,
  ).join('');
  const pdb = env === 'prod' ? `      podDisruptionBudget:\n        minAvailable: ${n(3)}\n` : '';
  return `    # istiod for ${cluster}: sized for ${n(4000)} pods (${TEAMS[i % TEAMS.length]} review ${n(9999)})
    global:
      meshID: mesh-${region}-${n(9)}
      multiCluster:
        clusterName: ${cluster}
      network: network-${i % 7}-${region}
      hub: ${100000000000 + n(899999999999)}.dkr.ecr.${region}.amazonaws.com/istio
      proxy:
        resources:
          requests: { cpu: ${n(990)}m, memory: ${n(2048)}Mi }
          limits: { cpu: ${n(4000)}m, memory: ${n(8192)}Mi }
      logging:
        level: "default:${rnd() < 0.5 ? 'info' : 'warning'}"
    meshConfig:
      accessLogFile: /dev/stdout
      enableTracing: ${rnd() < 0.5}
      defaultConfig:
        tracing:
          sampling: ${(rnd() * 10).toFixed(n(3))}
        proxyMetadata:
          ISTIO_META_DNS_CAPTURE: "true"
      trustDomain: ${cluster}.${DOMAINS[i % DOMAINS.length]}
    pilot:
      autoscaleMin: ${n(3)}
      autoscaleMax: ${n(30)}
      resources:
        requests:
          cpu: ${n(4000)}m
          memory: ${n(16)}Gi
      nodeSelector:
        topology.kubernetes.io/zone: ${region}${'abc'[i % 3]}
        node.kubernetes.io/instance-type: ${TYPES[n(TYPES.length) - 1]}
      tolerations:
${tolerations}${pdb}      env:
        PILOT_TRACE_SAMPLING: "${(rnd() * 100).toFixed(1)}"
      podAnnotations:
        owner: team-${TEAMS[(i * 7) % TEAMS.length]}
`;
}

function gatewayValues(i: number, rnd: () => number, cluster: string, region: string): string {
  const n = (max: number) => 1 + Math.floor(rnd() * max);
  const ports = [
    ['http2', 80, 8080],
    ['https', 443, 8443],
    ['tls-passthrough', 15443, 15443],
  ]
    .slice(0, 2 + (i % 2))
    .map(
      ([name, port, target]) =>
        `        - name: ${name}\n          port: ${port}\n          targetPort: ${target}\n`,
    )
    .join('');
  const uuid = [8, 4, 4, 4, 12].map((w) => Math.floor(rnd() * 16 ** w).toString(16)).join('-');
  return `    service:
      type: LoadBalancer
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-type: nlb
        service.beta.kubernetes.io/aws-load-balancer-scheme: ${rnd() < 0.7 ? 'internet-facing' : 'internal'}
        service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:${region}:${100000000000 + n(899999999999)}:certificate/${uuid}
        external-dns.alpha.kubernetes.io/hostname: ${cluster}.${DOMAINS[(i * 3) % DOMAINS.length]}
      ports:
${ports}    autoscaling:
      enabled: true
      minReplicas: ${n(4)}
      maxReplicas: ${n(60)}
    resources:
      requests: { cpu: ${n(2000)}m, memory: ${n(1024)}Mi }
    labels:
      istio: ingressgateway
      topology.istio.io/network: network-${i % 7}-${region}
`;
}

/** The files of clusters/<cluster>/istio/ for cluster number `i`. */
export function realisticIstio(
  i: number,
  cluster: string,
  region: string,
  env: string,
): Record<string, string> {
  const rnd = random(i);
  // A few files say something outside ASCII (a JavaScript string of such a file takes twice the memory).
  const site = i % 50 === 11 ? ' — Zürich DC' : '';
  const header = `# Istio for ${cluster} (${region}, ${env})${site}; owner team-${TEAMS[i % TEAMS.length]}, see PLAT-${1000 + (i % 977)}\n`;
  const repository = `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: istio
  namespace: flux-system
spec:
  interval: 1h
  url: https://istio-release.storage.googleapis.com/charts
`;
  const base = releaseDoc(
    'istio-base',
    'base',
    version(rnd, false),
    'istio',
    '    defaultRevision: default\n',
  );
  const istiod = releaseDoc(
    'istiod',
    'istiod',
    version(rnd, i % 5 === 0),
    'istio',
    istiodValues(i, rnd, cluster, region, env),
  );
  const gateway = releaseDoc(
    'istio-ingressgateway',
    'gateway',
    version(rnd, false),
    'istio',
    gatewayValues(i, rnd, cluster, region),
  );
  const kiali = releaseDoc(
    'kiali',
    'kiali-server',
    `1.${70 + (i % 9)}.0`,
    'kiali',
    `    auth: { strategy: anonymous }\n    external_services:\n      prometheus:\n        url: http://prometheus.${region}.internal:9090\n`,
  );
  const crlf = (text: string) => (i % 50 === 7 ? text.replace(/\n/g, '\r\n') : text);
  if (i % 10 === 3)
    return {
      'istio.yaml': crlf(header + repository + base + istiod + kiali),
      'gateway.yaml': crlf(`# ingress gateway for ${cluster}\n${gateway}`),
    };
  return { 'istio.yaml': crlf(header + repository + base + istiod + gateway + kiali) };
}

/** clusters/<cluster>/logging/promtail.yaml for cluster number `i`. */
export function realisticPromtail(i: number, cluster: string, region: string): string {
  const rnd = random(i + 1_000_000);
  return `# Promtail ships ${cluster} logs to Loki (${region})
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: promtail
  namespace: logging
spec:
  interval: 10m
  chart:
    spec:
      chart: promtail
      version: ${rnd() < 0.5 ? '6.15.3' : '"6.15.3"'}
      sourceRef: { kind: HelmRepository, name: grafana }
  values:
    config:
      clients:
        - url: https://loki.${region}.${DOMAINS[i % DOMAINS.length]}/loki/api/v1/push
          external_labels: { cluster: ${cluster}, shard: "${Math.floor(rnd() * 1000)}" }
    resources:
      requests: { cpu: ${1 + Math.floor(rnd() * 500)}m, memory: ${1 + Math.floor(rnd() * 512)}Mi }
`;
}
