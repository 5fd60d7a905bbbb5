export interface RememberOptions<T> {
  /** Whether a settled answer may still be given (a token or credentials not yet expiring); default: always. */
  fresh?: (answer: T) => boolean;
}

interface Kept<T> {
  answer: Promise<T>;
  settled?: { value: T };
}

/**
 * Answers asked once per key and shared: callers while the answer is pending, and after, get the
 * same promise. A failed answer is dropped as it fails, so the next call asks again rather than
 * failing for ever; an answer that is no longer `fresh` is asked again too. `ask` comes with each
 * call so it can use what that call knows (the client, the cluster's config), but runs only when
 * there is no answer to give.
 */
export function rememberEachSuccess<T>(
  options: RememberOptions<T> = {},
): (key: string, ask: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Kept<T>>();
  return (key, ask) => {
    const found = kept.get(key);
    if (found && (!found.settled || !options.fresh || options.fresh(found.settled.value))) {
      return found.answer;
    }
    const entry: Kept<T> = { answer: ask() };
    kept.set(key, entry);
    entry.answer.then(
      (value) => {
        entry.settled = { value };
      },
      () => {
        if (kept.get(key) === entry) kept.delete(key);
      },
    );
    return entry.answer;
  };
}

/** `ask` once, its answer shared by every caller; a failure is not kept, so the next call asks again. */
export function rememberSuccess<T>(
  ask: () => Promise<T>,
  options: RememberOptions<T> = {},
): () => Promise<T> {
  const remember = rememberEachSuccess<T>(options);
  return () => remember('', ask);
}
