const REDACTED = '[redacted]';

/**
 * Shapes of credentials, most specific first. Vendors' prefixes come from their own token format
 * pages (GitHub ghp_/gho_/ghu_/ghs_/ghr_ and github_pat_, GitLab glpat- and its kin, Slack xox?-,
 * AWS access key ids, OpenAI sk-, Google AIza); the rest are generic: PEM blocks, JWTs (service
 * account tokens are JWTs), EKS bearer tokens, HTTP auth schemes, URL user-info, Slack webhook paths.
 */
const PATTERNS: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\bk8s-aws-v1\.[A-Za-z0-9_-]+/g, REDACTED],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
  [/\bgl[a-z]{2,6}-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bxox[abposre]-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  [/(hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]*@/gi, `$1${REDACTED}@`],
];

/** `name=value`, `name: value`, `"name": "value"` where the name says it is a secret. */
const NAMED =
  /(["']?)([A-Za-z0-9_.-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|signature|session)[A-Za-z0-9_.-]*)\1(\s*[:=]\s*)(["']?)(?!\[redacted\])[^\s"',;&)}\]]+\4/gi;

/** A long run of letters and digits with no word breaks: a key, a hash or a token. */
const OPAQUE = /[A-Za-z0-9+/_=-]{24,}/g;

function opaque(run: string): boolean {
  return run.split('-').some((part) => part.length >= 24 && /\d/.test(part) && /[A-Za-z]/.test(part));
}

/**
 * `text` with anything that looks like a credential replaced by `[redacted]`. Used on everything
 * GUARD sends a model, event messages above all (a failing container's message can quote its
 * environment). Errs on the side of redacting: a digest lost costs less than a key sent out.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(
    NAMED,
    (_m, quote: string, name: string, sep: string, vq: string) =>
      `${quote}${name}${quote}${sep}${vq}${REDACTED}${vq}`,
  );
  return out.replace(OPAQUE, (run) => (opaque(run) ? REDACTED : run));
}
