import { describe, expect, it } from 'vitest';
import { mapRegistry } from '../../../src/fleet-import/map-registry.ts';

const ROLE = 'arn:aws:iam::111111111111:role/guard';

describe('mapRegistry', () => {
  it('maps the documented attributes onto an EKS cluster entry', () => {
    const items = [
      {
        cluster_name: 'prod-use1',
        batch: 'prod-wave-1',
        environment: 'prod',
        region: 'us-east-1',
        account_id: '111111111111',
        role_arn: ROLE,
        current_version: '1.19.5',
      },
    ];

    const mapped = mapRegistry(items);

    expect(mapped.clusters).toEqual([
      {
        name: 'prod-use1',
        batch: 'prod-wave-1',
        environment: 'prod',
        region: 'us-east-1',
        eks: { name: 'prod-use1', roleArn: ROLE },
        currentVersion: '1.19.5',
        item: 0,
      },
    ]);
    expect(mapped.skipped).toEqual([]);
    expect(mapped.notes).toEqual([]);
  });

  it('reads other spellings of the same attributes and prefers the documented one', () => {
    const items = [
      {
        ClusterName: 'dev-1',
        Name: 'ignored-alias',
        Wave: 2,
        Env: 'dev',
        AwsRegion: 'eu-west-1',
        EksClusterName: 'eks-dev-1',
      },
    ];

    const [cluster] = mapRegistry(items).clusters;

    expect(cluster).toMatchObject({ name: 'dev-1', batch: '2', environment: 'dev', region: 'eu-west-1' });
    expect(cluster?.eks).toEqual({ name: 'eks-dev-1' });
  });

  it('lower-cases names that are valid once lower-cased, and says so', () => {
    const mapped = mapRegistry([
      { cluster_name: 'Prod-EU1', batch: 'prod', environment: 'Prod', region: 'eu-west-1' },
    ]);

    expect(mapped.clusters[0]).toMatchObject({
      name: 'prod-eu1',
      environment: 'prod',
      eks: { name: 'Prod-EU1' },
    });
    expect(mapped.notes).toEqual([
      "cluster name 'Prod-EU1' written as 'prod-eu1'",
      "environment of 'prod-eu1' 'Prod' written as 'prod'",
    ]);
  });

  it.each([
    [{ batch: 'b', environment: 'e', region: 'us-east-1' }, 'no cluster name (attribute cluster_name)'],
    [
      { cluster_name: 'a b', batch: 'b', environment: 'e', region: 'us-east-1' },
      "cluster name 'a b' must be",
    ],
    [{ cluster_name: 'a', environment: 'e', region: 'us-east-1' }, 'no batch (attribute batch)'],
    [{ cluster_name: 'a', batch: 'b', region: 'us-east-1' }, 'no environment (attribute environment)'],
    [
      { cluster_name: 'a', batch: 'b', environment: 'e' },
      'no region (attribute region): EKS access needs one',
    ],
    [
      { cluster_name: 'a', batch: 'b', environment: 'e', region: 'mars' },
      "region 'mars' must be an AWS region",
    ],
    [
      { cluster_name: 'a', batch: 'b', environment: 'e', region: 'us-east-1', role_arn: 'guard' },
      "role ARN 'guard' must be an IAM role ARN",
    ],
    [
      {
        cluster_name: 'a',
        batch: 'b',
        environment: 'e',
        region: 'us-east-1',
        role_arn: ROLE,
        account_id: '222222222222',
      },
      "'a': role ARN is in account 111111111111 but the item's account is 222222222222",
    ],
  ])('skips an item that cannot be a cluster and says why (%o)', (item, reason) => {
    const mapped = mapRegistry([item]);

    expect(mapped.clusters).toEqual([]);
    expect(mapped.skipped).toHaveLength(1);
    expect(mapped.skipped[0]?.reason).toContain(reason);
  });

  it('keeps the first of two items naming the same cluster', () => {
    const item = { cluster_name: 'a', batch: 'b', environment: 'e', region: 'us-east-1' };

    const mapped = mapRegistry([item, { ...item, batch: 'c' }]);

    expect(mapped.clusters.map((c) => c.batch)).toEqual(['b']);
    expect(mapped.skipped).toEqual([{ item: 1, label: 'a', reason: "cluster 'a' is also item 1" }]);
  });

  it('pads account ids that lost their leading zeros and notes accounts without a role', () => {
    const mapped = mapRegistry([
      { cluster_name: 'a', batch: 'b', environment: 'e', region: 'us-east-1', account_id: '12345678901' },
      {
        cluster_name: 'c',
        batch: 'b',
        environment: 'e',
        region: 'us-east-1',
        role_arn: 'arn:aws:iam::012345678901:role/g',
        account_id: '12345678901',
      },
    ]);

    expect(mapped.clusters.map((c) => c.name)).toEqual(['a', 'c']);
    expect(mapped.notes).toContain(
      "'a': account 012345678901 has no role ARN; GUARD will reach it with its own credentials",
    );
  });

  it('reports attributes it does not use and per-service versions', () => {
    const mapped = mapRegistry([
      {
        cluster_name: 'a',
        batch: 'b',
        environment: 'e',
        region: 'us-east-1',
        owner: 'team-x',
        current_versions: { istio: '1.20.1', promtail: '6.16.0' },
      },
    ]);

    expect(mapped.clusters[0]?.currentVersion).toBe('istio 1.20.1, promtail 6.16.0');
    expect(mapped.notes).toEqual(['ignored attributes (not part of fleet.yaml): owner']);
  });
});
