/**
 * What the exporters and Datadog integrations publish about every metric a provider's default soak
 * queries, each with the source it was read from. default-queries.test.ts checks every default
 * query against this table, so a wrong name, type, aggregator or tag fails CI. Change a fact only
 * with its source.
 */

/** Where the cluster tag/label on every series comes from (a fact about collection, not exporters). */
export const CLUSTER_TAG_SOURCES = {
  datadog:
    'DataDog/datadog-agent pkg/clusteragent/clusterchecks/dispatcher_main.go (cluster checks carry kube_cluster_name) ' +
    'and docs.datadoghq.com/containers/guide/kubernetes-cluster-name-detection (node Agent host tags)',
  prometheus:
    "not set by any exporter: the fleet's clusterTag label must be added by the scrape (external_labels or relabel_configs)",
} as const;

export interface DatadogFact {
  /** The type the check submits with its default options (monotonic counts arrive as `count`). */
  type: 'count' | 'gauge' | 'rate' | 'distribution';
  /** A gauge holding a running total (restart counts, OpenMetrics V1 histogram sums). */
  cumulative?: true;
  unit?: string;
  /** Tags a query may filter on, besides the cluster tag every Agent-collected series carries. */
  tags: readonly string[];
  /** Tags whose values appear only with their first event: filter on them only as a complement. */
  sparseTags?: readonly string[];
  /** Why the whole metric is absent, not 0, on a healthy cluster. */
  sparse?: string;
  source: string;
}

export interface PrometheusFact {
  type: 'counter' | 'gauge' | 'histogram';
  unit?: string;
  labels: readonly string[];
  sparseLabels?: readonly string[];
  sparse?: string;
  source: string;
}

const V2_LABELS_AS_TAGS =
  'labels become tags: DataDog/integrations-core datadog_checks_base/datadog_checks/base/checks/openmetrics/v2/scraper.py (generate_sample_data)';
const ISTIO_LABELS = [
  'reporter',
  'response_code',
  'response_flags',
  'source_workload',
  'source_workload_namespace',
  'destination_workload',
  'destination_workload_namespace',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'request_protocol',
  'connection_security_policy',
];
const KUBE_CONTAINER_TAGS = [
  'kube_namespace',
  'kube_container_name',
  'kube_deployment',
  'kube_daemon_set',
  'kube_stateful_set',
  'pod_name',
];
const INGRESS_LABELS = ['status', 'method', 'path', 'namespace', 'ingress', 'service', 'canary'];
const INGRESS_CONST_LABELS = ['controller_namespace', 'controller_class', 'controller_pod'];

export const DATADOG_FACTS: Readonly<Record<string, DatadogFact>> = {
  'istio.mesh.request.count': {
    type: 'count',
    unit: 'request',
    tags: ISTIO_LABELS,
    sparseTags: ['response_code'],
    source: `DataDog/integrations-core istio/metadata.csv and istio/datadog_checks/istio/metrics.py (istio_requests_total → request.count); ${V2_LABELS_AS_TAGS}`,
  },
  'istio.mesh.request.duration.milliseconds': {
    type: 'distribution',
    unit: 'millisecond',
    tags: ISTIO_LABELS,
    source:
      'DataDog/integrations-core datadog_checks_base/…/openmetrics/v2/transformers/histogram.py (histogram_buckets_as_distributions: buckets submitted under the base name); ' +
      'istio/datadog_checks/istio/metrics.py (istio_request_duration_milliseconds → request.duration.milliseconds); percentiles need "advanced query functionality" (docs.datadoghq.com/metrics/distributions)',
  },
  'istio.pilot.xds.pushes.count': {
    type: 'count',
    tags: ['type'],
    sparseTags: ['type'],
    source:
      'DataDog/integrations-core istio/metadata.csv ([OpenMetrics V2] count); type values from istio/istio pilot/pkg/xds/monitoring.go',
  },
  'istio.pilot.total_xds_rejects.count': {
    type: 'count',
    tags: ['type'],
    sparse:
      'a Sum with a type label, exported only after the first reject (istio/istio pkg/xds/monitoring.go)',
    source:
      'DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (counters get `.count`), prometheus/client_python prometheus_client/parser.py (a counter without _total is read as <name>_total); ' +
      'istio/metadata.csv lists only the V1 name istio.pilot.total_xds_rejects',
  },
  'kubernetes.containers.restarts': {
    type: 'gauge',
    cumulative: true,
    tags: KUBE_CONTAINER_TAGS,
    source:
      'DataDog/integrations-core kubelet/metadata.csv (gauge: number of times the container has been restarted); tags: docs.datadoghq.com/containers/kubernetes/tag',
  },
  'kubernetes_state.container.status_report.count.waiting': {
    type: 'gauge',
    tags: ['reason', ...KUBE_CONTAINER_TAGS],
    sparse:
      'kubernetes_state_core reports only non-zero values (docs.datadoghq.com/integrations/kubernetes_state_core, migration notes)',
    source:
      'DataDog/integrations-core kubernetes_state_core/metadata.csv (gauge, tag reason, lower-cased values such as crashloopbackoff)',
  },
  'nginx_ingress.controller.requests': {
    type: 'count',
    unit: 'request',
    tags: [...INGRESS_LABELS, ...INGRESS_CONST_LABELS],
    sparseTags: ['status'],
    source:
      'DataDog/integrations-core nginx_ingress_controller/metadata.csv (count; OpenMetrics V1 send_monotonic_counter defaults to true in datadog_checks_base/…/openmetrics/mixins.py)',
  },
  'nginx_ingress.controller.request.duration.sum': {
    type: 'gauge',
    cumulative: true,
    unit: 'second',
    tags: [...INGRESS_LABELS, ...INGRESS_CONST_LABELS],
    source:
      'DataDog/integrations-core nginx_ingress_controller/…/nginx_ingress_controller.py (HISTOGRAM_METRICS, only with collect_nginx_histograms: true); ' +
      'OpenMetrics V1 submits histogram sums as gauges unless send_distribution_sums_as_monotonic (docs.datadoghq.com/integrations/guide/prometheus-metrics, legacy); unit from kubernetes/ingress-nginx internal/ingress/metric/collectors/socket.go (_seconds)',
  },
  'nginx_ingress.controller.request.duration.count': {
    type: 'gauge',
    cumulative: true,
    tags: [...INGRESS_LABELS, ...INGRESS_CONST_LABELS],
    source:
      'DataDog/integrations-core nginx_ingress_controller/…/nginx_ingress_controller.py (HISTOGRAM_METRICS); V1 histogram counts are gauges unless send_distribution_counts_as_monotonic',
  },
  'cert_manager.certificate.ready_status': {
    type: 'gauge',
    tags: ['condition', 'name', 'namespace', 'issuer_name', 'issuer_kind', 'issuer_group'],
    sparse: 'one series per Certificate and condition: absent on a cluster without Certificates',
    source: `DataDog/integrations-core cert_manager/metadata.csv (gauge) and cert_manager/datadog_checks/cert_manager/metrics.py; ${V2_LABELS_AS_TAGS}`,
  },
  'external_dns.source.errors.total': {
    type: 'count',
    tags: [],
    source:
      'DataDog/integrations-core external_dns/datadog_checks/external_dns/metrics.py (external_dns_source_errors_total → source.errors.total); OpenMetrics V1 counter → monotonic count (…/openmetrics/mixins.py)',
  },
  'external_dns.registry.errors.total': {
    type: 'count',
    tags: [],
    source:
      'DataDog/integrations-core external_dns/datadog_checks/external_dns/metrics.py (external_dns_registry_errors_total → registry.errors.total); OpenMetrics V1 counter → monotonic count',
  },
  'promtail.dropped_entries.count': {
    type: 'count',
    tags: ['reason', 'tenant'],
    sparse:
      'labelled by reason and tenant, exported only after the first drop (grafana/loki clients/pkg/promtail/client/metrics.go)',
    source:
      'generic OpenMetrics V2 check with namespace promtail, raw_metric_prefix promtail_: DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (`.count`)',
  },
  'promtail.sent_entries.count': {
    type: 'count',
    tags: [],
    source:
      'generic OpenMetrics V2 check with namespace promtail, raw_metric_prefix promtail_: DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (`.count`)',
  },
};

const ISTIO_METRICS_DOC = 'istio.io docs/reference/config/metrics ("Istio Standard Metrics")';

export const PROMETHEUS_FACTS: Readonly<Record<string, PrometheusFact>> = {
  istio_requests_total: {
    type: 'counter',
    labels: ISTIO_LABELS,
    sparseLabels: ['response_code'],
    source: `${ISTIO_METRICS_DOC}: Request Count (COUNTER)`,
  },
  istio_request_duration_milliseconds: {
    type: 'histogram',
    unit: 'millisecond',
    labels: ISTIO_LABELS,
    source: `${ISTIO_METRICS_DOC}: Request Duration (DISTRIBUTION)`,
  },
  pilot_xds_pushes: {
    type: 'counter',
    labels: ['type'],
    sparseLabels: ['type'],
    source: 'istio/istio pilot/pkg/xds/monitoring.go (NewSum, type cds|eds|lds|rds and *_senderr)',
  },
  pilot_total_xds_rejects: {
    type: 'counter',
    labels: ['type'],
    sparse: 'created with its first reject',
    source: 'istio/istio pkg/xds/monitoring.go (NewSum, label type)',
  },
  kube_pod_container_status_restarts_total: {
    type: 'counter',
    labels: ['namespace', 'pod', 'container', 'uid'],
    source: 'kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md',
  },
  kube_pod_container_status_waiting_reason: {
    type: 'gauge',
    labels: ['namespace', 'pod', 'container', 'reason', 'uid'],
    sparse: 'exported only for a container that is waiting',
    source: 'kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md',
  },
  kube_pod_container_info: {
    type: 'gauge',
    labels: ['namespace', 'pod', 'container', 'image', 'image_id', 'image_spec', 'container_id', 'uid'],
    source: 'kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md',
  },
  nginx_ingress_controller_requests: {
    type: 'counter',
    labels: [...INGRESS_LABELS, 'host', ...INGRESS_CONST_LABELS],
    sparseLabels: ['status'],
    source: 'kubernetes/ingress-nginx internal/ingress/metric/collectors/socket.go (CounterVec requests)',
  },
  nginx_ingress_controller_request_duration_seconds: {
    type: 'histogram',
    unit: 'second',
    labels: [...INGRESS_LABELS, 'host', ...INGRESS_CONST_LABELS],
    source:
      'kubernetes/ingress-nginx internal/ingress/metric/collectors/socket.go (HistogramVec request_duration_seconds)',
  },
  certmanager_certificate_ready_status: {
    type: 'gauge',
    labels: ['name', 'namespace', 'condition', 'issuer_name', 'issuer_kind', 'issuer_group'],
    sparse: 'one series per Certificate and condition: absent on a cluster without Certificates',
    source: 'cert-manager/cert-manager pkg/metrics/certificates.go (updateCertificateReadyStatus)',
  },
  certmanager_controller_sync_call_count: {
    type: 'counter',
    labels: ['controller'],
    source: 'cert-manager/cert-manager pkg/metrics/metrics.go (CounterVec, label controller)',
  },
  certmanager_controller_sync_error_count: {
    type: 'counter',
    labels: ['controller'],
    sparse: 'labelled by controller, created with its first error',
    source: 'cert-manager/cert-manager pkg/metrics/metrics.go (CounterVec, label controller)',
  },
  external_dns_source_errors_total: {
    type: 'counter',
    labels: [],
    source:
      'kubernetes-sigs/external-dns controller/controller.go (Counter, namespace external_dns, subsystem source)',
  },
  external_dns_registry_errors_total: {
    type: 'counter',
    labels: [],
    source:
      'kubernetes-sigs/external-dns controller/controller.go (Counter, namespace external_dns, subsystem registry)',
  },
  external_dns_controller_last_sync_timestamp_seconds: {
    type: 'gauge',
    unit: 'second',
    labels: [],
    source: 'kubernetes-sigs/external-dns controller/controller.go (Gauge lastSyncTimestamp)',
  },
  promtail_dropped_entries_total: {
    type: 'counter',
    labels: ['host', 'reason', 'tenant'],
    sparse: 'labelled, created with the first drop',
    source: 'grafana/loki clients/pkg/promtail/client/metrics.go (CounterVec)',
  },
  promtail_sent_entries_total: {
    type: 'counter',
    labels: ['host'],
    source: 'grafana/loki clients/pkg/promtail/client/metrics.go (CounterVec)',
  },
};

/**
 * Default Datadog queries that read as no data on a healthy cluster, because their metric only
 * appears with its first event and Datadog has no `or` to fall back on. The soak counts no data as
 * no evidence; each entry says why no complement exists. A new sparse query must be added here.
 */
export const DATADOG_NO_DATA_WHEN_HEALTHY: Readonly<Record<string, string>> = {
  'istio/xds-rejects': 'istio.pilot.total_xds_rejects.count has no sibling series to take a complement of',
  'promtail/dropped-entries': 'promtail.dropped_entries.count has no sibling series to take a complement of',
  'cert-manager/certificates-not-ready': 'no series at all on a cluster without Certificates',
  'cert-manager/crashloopbackoff':
    'kubernetes_state_core reports waiting reasons only while a container waits',
  'external-dns/crashloopbackoff':
    'kubernetes_state_core reports waiting reasons only while a container waits',
  'helm/crashloopbackoff': 'kubernetes_state_core reports waiting reasons only while a container waits',
  'ingress-nginx/crashloopbackoff':
    'kubernetes_state_core reports waiting reasons only while a container waits',
  'promtail/crashloopbackoff': 'kubernetes_state_core reports waiting reasons only while a container waits',
};
