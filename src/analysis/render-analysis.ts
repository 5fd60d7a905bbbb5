import { codeBlock } from '../engine/sync-job.ts';
import { redactSecrets } from './redact-secrets.ts';

/** Finds GUARD's analysis comment on a rollback MR again (one per MR). */
export const ANALYSIS_MARKER = '<!-- guard:analysis -->';
export const ANALYSIS_HEADING = '### Analysis (generated, verify before acting)';
/** Characters of the model's answer shown at most. */
export const ANSWER_MAX_CHARS = 2_000;
const WIDTH = 100;

/**
 * Controls other than newline and tab, lone surrogates, bidi overrides and isolates (which can make
 * text read differently from what it is), zero-width characters and the byte-order mark.
 */
const UNPRINTABLE = /(?![\n\t])[\p{Cc}\p{Cs}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * The model's answer as GUARD shows it: untrusted text, so stripped of invisible and direction
 * characters, redacted like the prompt, blank lines collapsed, cut at a word to `max` characters
 * (saying so) and wrapped at 100 columns for a code block. Empty when nothing printable is left.
 */
export function cleanAnswer(text: string, max = ANSWER_MAX_CHARS): string {
  const plain = redactSecrets(text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '').replaceAll('\t', '  '))
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return wrap(cut(plain, max));
}

function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 2).join('');
  const stop = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  return `${(stop > max / 2 ? head.slice(0, stop) : head).trimEnd()} …`;
}

/** Long lines broken at spaces: a code block does not wrap, and a phone reader should not scroll. */
function wrap(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while ([...rest].length > WIDTH) {
        const at = rest.lastIndexOf(' ', WIDTH);
        if (at <= 0) break;
        out.push(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      return [...out, rest].join('\n');
    })
    .join('\n');
}

export interface AnalysisCommentInput {
  /** Already cleaned by `cleanAnswer`. */
  answer: string;
  analyst: { id: string; model: string };
  /** The failing clusters whose events the model read, and how many events it read. */
  clusters: readonly string[];
  events: number;
}

/**
 * The sticky comment on the rollback MR. The answer sits in a fenced code block it cannot close,
 * so no mention notifies anyone, no link or image loads, no HTML renders, and it cannot pose as one
 * of GUARD's markers; the heading says plainly that a model wrote it.
 */
export function analysisComment(input: AnalysisCommentInput): string {
  const model = input.analyst.model.replace(/[^A-Za-z0-9._:/@+-]/g, '').slice(0, 100);
  const where = input.clusters.length
    ? `${input.events} recent Kubernetes events on ${input.clusters.join(', ')}`
    : 'no Kubernetes events';
  return [
    ANALYSIS_MARKER,
    ANALYSIS_HEADING,
    '',
    `Written by a language model (\`${input.analyst.id}\`, \`${model}\`) from this wave's soak ` +
      `evidence, the version fields it changed and ${where}. It is a hypothesis to check, not a ` +
      "finding: GUARD's verdict and this rollback do not depend on it.",
    '',
    codeBlock(input.answer),
  ].join('\n');
}
