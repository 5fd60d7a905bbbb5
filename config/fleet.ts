import { z } from 'zod';
import { API_VERSION, Duration, Name } from './common.ts';

/**
 * A cluster on Amazon EKS (its `eks:` block), and how GUARD reaches it. Credentials come from the
 * default AWS chain (IRSA, Pod Identity).
 */
export const EksCluster = z
  .object({
    name: z
      .string()
      .min(1)
      .describe('The EKS cluster name as AWS knows it (signed into the token as x-k8s-aws-id).'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region such as "us-east-1"' })
      .optional()
      .describe("AWS region of the cluster; defaults to the cluster's region."),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
        message: 'must be an IAM role ARN such as "arn:aws:iam::111111111111:role/guard"',
      })
      .optional()
      .describe('IAM role GUARD assumes (STS AssumeRole) for this cluster.'),
    endpoint: z
      .string()
      .regex(/^https:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an https:// URL' })
      .optional()
      .describe('API server URL; looked up with EKS DescribeCluster when absent.'),
    caData: z
      .string()
      .regex(/^[A-Za-z0-9+/=\s]+$/, { message: 'must be base64' })
      .optional()
      .describe('Base64 PEM of the cluster CA; looked up with EKS DescribeCluster when absent.'),
  })
  .strict();

/** Access through a kubeconfig context (the standard `KUBECONFIG` file unless `path` is set). */
export const KubeconfigAccess = z
  .object({
    context: z.string().min(1).describe('Context name in the kubeconfig.'),
    path: z.string().min(1).optional().describe('Kubeconfig file; defaults to KUBECONFIG or ~/.kube/config.'),
  })
  .strict();

/** One Kubernetes cluster of the fleet. */
export const Cluster = z
  .object({
    name: Name.describe(
      'Unique cluster name; fills {cluster} in file templates and names the cluster in metrics.',
    ),
    batch: Name.describe("The batch (wave) this cluster belongs to; one of the fleet's batches."),
    environment: Name.describe(
      'Environment (test, dev, staging, prod, …); same-environment clusters serve as soak controls.',
    ),
    region: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be a region name such as "us-east-1"' })
      .optional()
      .describe('Cloud region, e.g. us-east-1.'),
    eks: EksCluster.optional().describe('EKS access (alternative to kubeconfig).'),
    kubeconfig: KubeconfigAccess.optional().describe('Kubeconfig access (alternative to eks).'),
  })
  .strict();

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A maintenance window during which GUARD may open a wave MR. */
export const Window = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1).describe('Weekdays the window applies to (mon … sun).'),
    start: z
      .string()
      .regex(CLOCK, { message: 'must be a time "HH:MM"' })
      .describe('Local start time, HH:MM.'),
    end: z
      .string()
      .regex(CLOCK, { message: 'must be a time "HH:MM"' })
      .describe('Local end time, HH:MM; earlier than start means the window runs past midnight.'),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"' })
      .describe('IANA time zone, e.g. Europe/Berlin.'),
  })
  .strict()
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const METRIC_KINDS = ['rate', 'ratio', 'latency', 'count', 'gauge'] as const;

/**
 * A soak metric added to the provider's defaults, or, named like one of them and without `kind`
 * and `query`, that default with other thresholds or limits.
 */
export const Metric = z
  .object({
    name: Name.describe("Short name shown in reports; a provider default's name adjusts that default."),
    kind: z
      .enum(METRIC_KINDS)
      .optional()
      .describe(
        'rate, ratio, latency, count or gauge; sets the default direction and test. Leave out to adjust a provider default.',
      ),
    query: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe(
        "Query with $clusters where GUARD puts the wave's cluster filter. Leave out to adjust a provider default.",
      ),
    direction: z
      .enum(['increase', 'decrease', 'either'])
      .optional()
      .describe(
        'Which change is bad; by kind: ratio, latency, count → increase; rate → decrease; gauge → either.',
      ),
    maxIncreasePercent: z
      .number()
      .min(0)
      .optional()
      .describe('Largest allowed rise over the baseline, in percent.'),
    maxDecreasePercent: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Largest allowed fall below the baseline, in percent.'),
    minDelta: z
      .number()
      .min(0)
      .optional()
      .describe('Absolute floor: changes smaller than this never fail, whatever the percentage.'),
    max: z
      .number()
      .finite()
      .optional()
      .describe(
        "Absolute upper limit in the metric's unit (ratios as fractions: 0.05 is 5%); breached for `for`, it fails the evaluation whatever the baseline.",
      ),
    min: z
      .number()
      .finite()
      .optional()
      .describe("Absolute lower limit in the metric's unit (ratios as fractions); as max."),
    for: Duration.optional().describe(
      'How long max or min must be breached before the evaluation fails; default one soak interval.',
    ),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.kind === undefined) !== (m.query === undefined)) {
      const missing = m.kind === undefined ? 'kind' : 'query';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `'${missing}' is required with '${missing === 'kind' ? 'query' : 'kind'}'; leave both out only to adjust a provider default metric`,
      });
    }
    if (m.kind === 'ratio') {
      for (const key of ['max', 'min'] as const) {
        const v = m[key];
        if (v !== undefined && (v < 0 || v > 1)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `a ratio's ${key} is a fraction between 0 and 1: for ${v}% write ${Number((v / 100).toPrecision(6))}`,
          });
        }
      }
    }
    if (m.max !== undefined && m.min !== undefined && m.min >= m.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${m.min}) must be below max (${m.max})` });
    }
    if (m.for !== undefined && m.max === undefined && m.min === undefined) {
      ctx.addIssue({ code: 'custom', path: ['for'], message: "'for' needs a limit: set 'max' or 'min'" });
    }
  });

/** How one shared component is laid out in the repo and which provider upgrades it. */
export const Service = z
  .object({
    provider: Name.describe(
      'Service provider: istio, helm, promtail, datadog-agent, cert-manager, ingress-nginx, external-dns.',
    ),
    chart: z
      .string()
      .min(1)
      .optional()
      .describe('Helm chart name whose version GUARD bumps (required by the helm provider).'),
    namespace: z.string().min(1).optional().describe('Namespace the service runs in.'),
    workloads: z
      .array(
        z.string().regex(/^(deployment|daemonset|statefulset)\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
          message: 'must be "deployment/<name>", "daemonset/<name>" or "statefulset/<name>"',
        }),
      )
      .optional()
      .describe('Workloads that must be healthy: deployment/<name>, daemonset/<name>, statefulset/<name>.'),
    files: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'Repo path templates of the files holding the version; {cluster}, {environment}, {region}, {batch} and globs (*, **).',
      ),
    metrics: z.array(Metric).optional().describe("Extra soak metrics, added to the provider's defaults."),
  })
  .strict();

export const COMMAND_NAMES = [
  'help',
  'status',
  'recheck',
  'pause',
  'resume',
  'rollback',
  'skip-soak',
] as const;

/** Who may run a command; narrows, never widens, the forge permission the command needs. */
export const CommandRule = z
  .object({
    users: z.array(z.string().min(1)).optional().describe('Forge user names.'),
    teams: z
      .array(z.string().min(1))
      .optional()
      .describe('GitHub team slugs (org/team or team) or GitLab group paths.'),
  })
  .strict()
  .refine((r) => (r.users?.length ?? 0) + (r.teams?.length ?? 0) > 0, {
    message: 'name at least one user or team',
  });

/** `guard/fleet.yaml`: the cluster registry and how each service is laid out. */
export const Fleet = z
  .object({
    apiVersion: z.literal(API_VERSION).describe('Always guard/v1.'),
    kind: z.literal('Fleet').describe('Always Fleet.'),
    batches: z.array(Name).min(1).describe('Batch names in default wave order.'),
    metrics: z
      .object({
        provider: z.enum(['datadog', 'prometheus']).describe('datadog | prometheus.'),
        clusterTag: z
          .string()
          .min(1)
          .default('kube_cluster_name')
          .describe('Tag (Datadog) or label (Prometheus) naming a cluster in a series.'),
        alerts: z
          .enum(['fail', 'ignore'])
          .default('fail')
          .describe(
            'fail: an alert that starts firing for a soaking cluster during its soak fails its evaluation (one firing before the merge only warns); ignore: alerts play no part in the soak.',
          ),
      })
      .strict()
      .optional()
      .describe('Where soak metrics come from.'),
    clusters: z.array(Cluster).min(1).describe('Every cluster GUARD manages.'),
    windows: z.array(Window).optional().describe('When GUARD may open a wave MR; always, when absent.'),
    services: z.record(Name, Service).describe('Services by name.'),
    commands: z
      .partialRecord(z.enum(COMMAND_NAMES), CommandRule)
      .optional()
      .describe('Narrows who may run each /guard command.'),
  })
  .strict();

export type Fleet = z.infer<typeof Fleet>;
export type Cluster = z.infer<typeof Cluster>;
export type Service = z.infer<typeof Service>;
export type Metric = z.infer<typeof Metric>;
export type Window = z.infer<typeof Window>;
