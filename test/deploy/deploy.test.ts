import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableDefinition } from '../../providers/state/dynamodb/table-definition.ts';
import { DEPLOY, deployYamlFiles, isCloudFormation, manifestOfKind, readJson } from './deploy-files.ts';

interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string; emptyDir?: object }[];
}
interface Deployment {
  spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
interface Table {
  AttributeDefinitions: unknown[];
  KeySchema: unknown[];
  BillingMode: string;
  TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
}

const deployment = () => manifestOfKind('Deployment') as unknown as Deployment;
const container = () => deployment().spec.template.spec.containers[0]!;
const configData = () => (manifestOfKind('ConfigMap') as { data: Record<string, string> }).data;

/** A probe's port as a number: probes may name the container port. */
function probePort(c: Container, probe: Probe | undefined): number | undefined {
  const port = probe?.httpGet?.port;
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
}

function cfnTable(): Table {
  const cfn = deployYamlFiles().find((f) => f.name === 'dynamodb-table.cfn.yaml')!.docs[0]!;
  return (cfn.Resources as { GuardStateTable: { Properties: Table } }).GuardStateTable.Properties;
}

function jsonTable(): Table {
  const json = readJson('dynamodb-table.json') as { Resources: { GuardStateTable: { Properties: Table } } };
  return json.Resources.GuardStateTable.Properties;
}

describe('deploy/', () => {
  it('holds only YAML files that parse without errors or warnings', () => {
    const files = deployYamlFiles();

    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => f.errors)).toEqual([]);
  });

  it('gives every Kubernetes document an apiVersion, a kind and a metadata.name', () => {
    const missing = deployYamlFiles()
      .filter((f) => !isCloudFormation(f.name))
      .flatMap((f) => f.docs.map((d, i) => ({ where: `${f.name}#${i + 1}`, d })))
      .filter(({ d }) => !d.apiVersion || !d.kind || typeof d.metadata?.name !== 'string')
      .map(({ where }) => where);

    expect(missing).toEqual([]);
  });

  it('lists in kustomization.yaml only resources that exist, and every namespaced manifest it needs', () => {
    const kustomization = manifestOfKind('Kustomization') as { resources: string[] };

    expect(kustomization.resources.filter((r) => !existsSync(join(DEPLOY, r)))).toEqual([]);
    expect(kustomization.resources).toEqual(
      expect.arrayContaining(['deployment.yaml', 'service.yaml', 'configmap.yaml', 'serviceaccount.yaml']),
    );
    expect(kustomization.resources).toContain('poddisruptionbudget.yaml');
    expect(kustomization.resources).not.toContain('secret.example.yaml');
  });

  it('probes /healthz for liveness and /readyz for readiness on the container port', () => {
    const c = container();

    expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(probePort(c, c.livenessProbe)).toBe(3000);
    expect(probePort(c, c.readinessProbe)).toBe(3000);
  });

  it('runs two replicas as a non-root user on a read-only root file system with a writable /tmp', () => {
    const spec = deployment().spec;
    const c = container();

    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
    expect(spec.template.spec.securityContext?.runAsUser).not.toBe(0);
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(spec.template.spec.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('takes its settings from the ConfigMap and the Secret the other manifests define', () => {
    const c = container();
    const secret = manifestOfKind('Secret');

    expect(c.envFrom?.map((e) => e.configMapRef?.name ?? e.secretRef?.name)).toEqual([
      manifestOfKind('ConfigMap').metadata?.name,
      secret.metadata?.name,
    ]);
    expect(configData().GUARD_STATE).toMatch(/^dynamodb:[A-Za-z0-9_.-]{3,255}$/);
    expect(configData().AWS_REGION).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
  });

  it("names each replica in leases by its pod's name (POD_NAME from the downward API)", () => {
    const env = (
      container() as { env?: { name: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[] }
    ).env;

    expect(env?.find((e) => e.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
  });

  it('selects the Deployment pods from the Service and the PodDisruptionBudget, which keeps one', () => {
    const labels = deployment().spec.template.metadata.labels;
    const service = manifestOfKind('Service') as { spec: { selector: Record<string, string> } };
    const pdb = manifestOfKind('PodDisruptionBudget') as {
      spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } };
    };

    expect(labels).toMatchObject(service.spec.selector);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBe(1);
  });

  it('runs as a ServiceAccount annotated with an IAM role for IRSA', () => {
    const sa = manifestOfKind('ServiceAccount');

    expect(deployment().spec.template.spec.serviceAccountName).toBe(sa.metadata?.name);
    expect(sa.metadata?.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\/.+/);
  });
});

describe('the DynamoDB table', () => {
  it('is the same table in CloudFormation YAML and JSON: keys, billing and the TTL attribute', () => {
    const yaml = cfnTable();
    const json = jsonTable();

    expect(yaml.KeySchema).toEqual(json.KeySchema);
    expect(yaml.AttributeDefinitions).toEqual(json.AttributeDefinitions);
    expect(yaml.BillingMode).toBe(json.BillingMode);
    expect(yaml.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(yaml.TimeToLiveSpecification).toEqual(json.TimeToLiveSpecification);
  });

  it('has the keys the DynamoDB state store creates its table with', () => {
    const store = tableDefinition('guard-state');

    expect(cfnTable().KeySchema).toEqual(store.KeySchema);
    expect(cfnTable().AttributeDefinitions).toEqual(store.AttributeDefinitions);
  });

  it('is the table the ConfigMap names, and the only one the IAM policy grants, with the least actions', () => {
    const table = configData().GUARD_STATE!.slice('dynamodb:'.length);
    const policy = readJson('iam-policy.json') as {
      Statement: { Action: string | string[]; Resource: string | string[] }[];
    };
    const dynamo = policy.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));

    expect(dynamo).toHaveLength(1);
    expect([dynamo[0]!.Action].flat().sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo[0]!.Resource).toMatch(new RegExp(`:table/${table}$`));
    const others = policy.Statement.filter((s) => s !== dynamo[0]).flatMap((s) => [s.Action].flat());
    expect(others.sort()).toEqual(['secretsmanager:GetSecretValue', 'sts:AssumeRole']);
  });
});
