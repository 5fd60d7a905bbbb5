/** Tolerant readers for data that failed its schema: cross-checks still run on what is there. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
