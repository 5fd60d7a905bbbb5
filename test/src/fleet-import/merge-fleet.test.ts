import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ImportedCluster, mapRegistry } from '../../../src/fleet-import/map-registry.ts';
import { type FleetMerge, mergeFleet } from '../../../src/fleet-import/merge-fleet.ts';

const EXAMPLE = readFileSync(new URL('../../../examples/fleet/guard/fleet.yaml', import.meta.url), 'utf8');
const FILE = 'guard/fleet.yaml';

function imported(...items: Record<string, unknown>[]): ImportedCluster[] {
  return mapRegistry(items).clusters;
}

function merged(existing: string | undefined, clusters: ImportedCluster[]): FleetMerge {
  const result = mergeFleet(FILE, existing, clusters, 'imported');
  if ('diagnostics' in result) throw new Error(JSON.stringify(result.diagnostics));
  return result;
}

const item = (name: string, batch: string, environment: string, region = 'us-east-1') => ({
  cluster_name: name,
  batch,
  environment,
  region,
  role_arn: 'arn:aws:iam::384729104856:role/guard',
});

describe('mergeFleet', () => {
  describe('without a fleet.yaml', () => {
    it('writes a fleet with the clusters, batches in promotion order and empty services', () => {
      const clusters = imported(
        item('p1', 'prod-1', 'prod'),
        item('t1', 'test', 'test'),
        item('d1', 'dev', 'dev'),
      );

      const result = merged(undefined, clusters);

      expect(parse(result.text)).toEqual({
        apiVersion: 'guard/v1',
        kind: 'Fleet',
        batches: ['test', 'dev', 'prod-1'],
        clusters: ['p1', 't1', 'd1'].map((name) => ({
          name,
          batch: { p1: 'prod-1', t1: 'test', d1: 'dev' }[name],
          environment: { p1: 'prod', t1: 'test', d1: 'dev' }[name],
          region: 'us-east-1',
          eks: { name, roleArn: 'arn:aws:iam::384729104856:role/guard' },
        })),
        services: {},
      });
      expect(result.text.startsWith('# imported\n')).toBe(true);
      expect(result.added).toEqual(['p1', 't1', 'd1']);
    });

    it('quotes a numeric batch so it stays a string', () => {
      const result = merged(undefined, imported({ ...item('a', '1', 'dev') }));

      expect(parse(result.text).batches).toEqual(['1']);
      expect(parse(result.text).clusters[0].batch).toBe('1');
    });
  });

  describe('into an existing fleet.yaml', () => {
    it('changes nothing when the table agrees with the file', () => {
      const result = merged(EXAMPLE, imported(item('stg-use1', 'staging', 'staging')));

      expect(result.text).toBe(EXAMPLE);
      expect(result.unchanged).toEqual(['stg-use1']);
      expect(result.kept).toContain('prod-use1');
    });

    it('rewrites only the entries that changed and appends new clusters and batches', () => {
      const clusters = imported(
        item('stg-use1', 'staging', 'staging', 'us-east-2'),
        item('prod-use9', 'prod-wave-3', 'prod'),
      );

      const result = merged(EXAMPLE, clusters);

      expect(result.updated).toEqual(['stg-use1']);
      expect(result.added).toEqual(['prod-use9']);
      expect(result.batchesAdded).toEqual(['prod-wave-3']);
      const expected = EXAMPLE.replace(
        'prod-wave-1, prod-wave-2]  # default',
        'prod-wave-1, prod-wave-2, prod-wave-3]  # default',
      )
        .replace(
          '  - name: stg-use1\n    batch: staging\n    environment: staging\n    region: us-east-1\n',
          '  - name: stg-use1\n    batch: staging\n    environment: staging\n    region: us-east-2\n',
        )
        .replace(
          'role/guard" }\nwindows:',
          [
            'role/guard" }',
            '  - name: prod-use9',
            '    batch: prod-wave-3',
            '    environment: prod',
            '    region: us-east-1',
            '    eks: { name: prod-use9, roleArn: "arn:aws:iam::384729104856:role/guard" }',
            'windows:',
          ].join('\n'),
        );
      expect(expected).not.toBe(EXAMPLE);
      expect(result.text).toBe(expected);
      const fleet = parse(result.text);
      expect(fleet.services).toEqual(parse(EXAMPLE).services);
      expect(fleet.clusters.find((c: { name: string }) => c.name === 'stg-use1').region).toBe('us-east-2');
    });

    it('keeps a cluster reached through a kubeconfig on its kubeconfig', () => {
      const result = merged(EXAMPLE, imported(item('dev-euw1', 'dev-wave-2', 'dev', 'eu-west-1')));

      const entry = parse(result.text).clusters.find((c: { name: string }) => c.name === 'dev-euw1');
      expect(entry).toEqual({
        name: 'dev-euw1',
        batch: 'dev-wave-2',
        environment: 'dev',
        region: 'eu-west-1',
        kubeconfig: { context: 'dev-euw1' },
      });
      expect(result.notes).toEqual([
        "'dev-euw1' keeps its kubeconfig access; the table's EKS access was not applied",
      ]);
    });

    it('appends batches to a block list in its own indentation', () => {
      const text =
        'apiVersion: guard/v1\nkind: Fleet\nbatches:\n    - test\nclusters:\n  - name: a\n    batch: test\n    environment: test\n    region: us-east-1\n    eks: { name: a }\nservices: {}\n';

      const result = merged(text, imported(item('b', 'prod', 'prod')));

      expect(result.text).toContain('batches:\n    - test\n    - prod\nclusters:');
      expect(parse(result.text).clusters.map((c: { name: string }) => c.name)).toEqual(['a', 'b']);
    });

    it('reports a fleet.yaml that is not YAML instead of editing it', () => {
      const result = mergeFleet(FILE, 'clusters: [\n', imported(item('a', 'b', 'c')), 'imported');

      expect(result).toEqual({
        diagnostics: [expect.objectContaining({ file: FILE, line: 1, severity: 'error' })],
      });
    });
  });
});
