import { describe, expect, it } from 'vitest';
import { applicationApplied } from '../../../../providers/clusters/kubernetes/application-applied.ts';
import {
  chartVersionOf,
  helmReleaseApplied,
} from '../../../../providers/clusters/kubernetes/helm-release-applied.ts';
import type { KubeObject } from '../../../../src/ports/clusters.ts';

const hr = (status: Record<string, unknown>, generation = 2): KubeObject => ({
  metadata: { name: 'istiod', namespace: 'flux-system', generation },
  status: { observedGeneration: 2, ...status },
});
const app = (status: Record<string, unknown>): KubeObject => ({ metadata: { name: 'istiod' }, status });
const ready = { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded' };

describe('helmReleaseApplied', () => {
  it('drops OCI digest build metadata before comparing chart versions', () => {
    expect(chartVersionOf({ history: [{ chartVersion: '1.20.0+abc123' }] })).toBe('1.20.0');
  });

  it('prefers the v2 history over the v2beta lastAppliedRevision when both are present', () => {
    const status = hr({
      conditions: [ready],
      history: [{ chartVersion: '1.20.0' }],
      lastAppliedRevision: '1.19.4',
    });

    expect(helmReleaseApplied(status, '1.20.0')).toEqual({ state: 'applied' });
  });

  it('treats a Ready condition that reports a rollback as failed even without Remediated', () => {
    const status = hr({
      conditions: [{ type: 'Ready', status: 'False', reason: 'RollbackSucceeded', message: 'rolled back' }],
    });

    expect(helmReleaseApplied(status, '1.20.0')).toEqual({
      state: 'failed',
      reason: 'remediated: RollbackSucceeded: rolled back',
    });
  });

  it('waits for a new generation even when an older one stalled', () => {
    const status = hr({ conditions: [{ type: 'Stalled', status: 'True', reason: 'RetriesExceeded' }] }, 3);

    expect(helmReleaseApplied(status, '1.20.0').state).toBe('pending');
  });

  it('reports a HelmRelease never reconciled as pending', () => {
    expect(helmReleaseApplied({ metadata: { name: 'x', generation: 1 } }, '1.20.0')).toEqual({
      state: 'pending',
      reason: 'generation 1 not yet reconciled (observed none)',
    });
  });
});

describe('applicationApplied', () => {
  it('accepts a multi-source Application synced with the target among its revisions', () => {
    const status = app({
      sync: { status: 'Synced', revisions: ['1.20.0', '3f1e2d9'] },
      health: { status: 'Healthy' },
      operationState: { phase: 'Succeeded' },
    });

    expect(applicationApplied(status, '1.20.0')).toEqual({ state: 'applied' });
  });

  it('keeps an Application with a sync still running pending', () => {
    const status = app({
      sync: { status: 'Synced', revision: '1.20.0' },
      health: { status: 'Healthy' },
      operationState: { phase: 'Running' },
    });

    expect(applicationApplied(status, '1.20.0')).toEqual({
      state: 'pending',
      reason: 'last operation Running',
    });
  });

  it('reports a synced Application at another revision as pending with both versions', () => {
    const status = app({
      sync: { status: 'Synced', revision: '1.19.4' },
      health: { status: 'Healthy' },
      operationState: { phase: 'Succeeded' },
    });

    expect(applicationApplied(status, '1.20.0')).toEqual({
      state: 'pending',
      reason: 'synced at 1.19.4, waiting for 1.20.0',
    });
  });

  it('fails on an operation in Error', () => {
    const status = app({
      sync: { status: 'OutOfSync' },
      operationState: { phase: 'Error', message: 'ComparisonError' },
    });

    expect(applicationApplied(status, '1.20.0')).toEqual({
      state: 'failed',
      reason: 'sync operation Error: ComparisonError',
    });
  });
});
