import type { RolloutPhase, WavePhase } from '../rollout/model.ts';
import { cls, esc } from './html.ts';

const WAVE_LABEL: Record<WavePhase, string> = {
  pending: 'pending',
  open: 'open',
  ready: 'ready to merge',
  blocked: 'blocked',
  merged: 'merged',
  applying: 'applying',
  soaking: 'soaking',
  passed: 'passed',
  failed: 'failed',
  'rolling-back': 'rolling back',
  'rolled-back': 'rolled back',
};

/** A wave's or rollout's phase as a coloured badge (the class is the phase itself). */
export function phaseBadge(phase: WavePhase | RolloutPhase | string): string {
  const label = WAVE_LABEL[phase as WavePhase] ?? phase;
  return `<span class="badge ${cls(phase)}">${esc(label)}</span>`;
}
