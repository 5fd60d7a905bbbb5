import { describe, expect, it } from 'vitest';
import { buildPrompt, PROMPT_MAX_BYTES, SYSTEM_PROMPT } from '../../../src/analysis/build-prompt.ts';
import { utf8Bytes } from '../../../src/analysis/fit-lines.ts';
import { LEAKED, sampleEvent, sampleEvents, sampleEvidence } from './sample-evidence.ts';

const bytes = (p: { system: string; user: string }) => utf8Bytes(p.system) + utf8Bytes(p.user);

describe('buildPrompt', () => {
  it('gives the model the failure, per-cluster figures, the fields changed, the soak evidence and the events', () => {
    const prompt = buildPrompt(sampleEvidence(), sampleEvents());

    expect(prompt.system).toBe(SYSTEM_PROMPT);
    expect(prompt.maxTokens).toBe(1_024);
    expect(prompt.user).toContain('# promtail 6.16.0: wave 2 of 3 (batch dev) failed');
    expect(prompt.user).toContain(
      'Why GUARD failed the wave: soak failed on cluster dev-2: 3 consecutive failing evaluations',
    );
    expect(prompt.user).toContain('daemonset/promtail in namespace logging');
    expect(prompt.user).toContain('- dev-2 (dev): FAILING; 3 failing, 0 passing');
    expect(prompt.user).toContain('- dev-1 (dev): ok; 0 failing, 4 passing');
    expect(prompt.user).toContain(
      '- dev-2: clusters/dev-2/promtail.yaml HelmRelease/logging/promtail spec.chart.spec.version (chart promtail): 6.15.0 -> 6.16.0',
    );
    expect(prompt.user).toContain('error ratio: 4.1% vs baseline 0.2%');
    expect(prompt.user).toContain('### dev-2 (3 events, 2 Warning)');
  });

  it('lists Warning events before the others, newest first, with their counts', () => {
    const { user } = buildPrompt(sampleEvidence(), sampleEvents());

    const lines = user.split('\n').filter((l) => l.startsWith('- 2026-'));
    expect(lines).toEqual([
      '- 2026-03-02T11:04:00.000Z Warning BackOff Pod/promtail-x8k2p (x12): Back-off restarting failed container promtail in pod promtail-x8k2p_logging',
      '- 2026-03-02T11:03:00.000Z Warning Failed Pod/promtail-x8k2p (x3): Error: loki push failed: token=[redacted]',
      '- 2026-03-02T11:04:30.000Z Normal Pulled Pod/promtail-x8k2p: Container image "grafana/promtail:3.0.0" already present',
    ]);
  });

  it('never carries a secret from an event message or the evidence', () => {
    const evidence = sampleEvidence({ soak: `query failed: Authorization: Bearer ${LEAKED}` });

    const prompt = buildPrompt(evidence, sampleEvents());

    expect(`${prompt.system}${prompt.user}`).not.toContain(LEAKED);
    expect(`${prompt.system}${prompt.user}`).not.toContain('LEAKEDtoken');
  });

  it('says why there are no events: no workloads listed, a cluster that could not be asked', () => {
    const none = buildPrompt(sampleEvidence({ workloads: { names: [] } }), []);
    const down = buildPrompt(sampleEvidence(), [{ cluster: 'dev-2', events: [], unavailable: true }]);

    expect(none.user).toContain('fleet.yaml names no workloads or no namespace');
    expect(down.user).toContain('### dev-2: events could not be read');
  });

  it('stays within 16 KB however large the evidence, cutting each part at a line and saying so', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      name: `dev-${i}`,
      environment: 'dev',
      failing: i < 5,
      failures: i < 5 ? 3 : 0,
      passes: 2,
      fields: sampleEvidence().clusters[0]!.fields,
    }));
    const events = many.slice(0, 5).map((c) => ({
      cluster: c.name,
      events: Array.from({ length: 40 }, (_, i) => sampleEvent({ message: `crash ${i} ${'é'.repeat(400)}` })),
    }));
    const evidence = sampleEvidence({ clusters: many, soak: '| row |\n'.repeat(5_000) });

    const prompt = buildPrompt(evidence, events);

    expect(bytes(prompt)).toBeLessThanOrEqual(PROMPT_MAX_BYTES);
    expect(prompt.user).toMatch(/… \(\d+ more lines cut to fit\)/);
    // Every failing cluster keeps a share of the room for its events.
    for (const c of many.slice(0, 5)) expect(prompt.user).toContain(`### ${c.name} (40 events, 40 Warning)`);
  });

  it('cuts a message longer than 300 characters', () => {
    const long = [{ cluster: 'dev-2', events: [sampleEvent({ message: 'x'.repeat(1_000) })] }];

    const line = buildPrompt(sampleEvidence(), long)
      .user.split('\n')
      .find((l) => l.includes('BackOff'))!;

    expect(line).toContain(`${'x'.repeat(300)} …`);
    expect(line).not.toContain('x'.repeat(301));
  });
});
