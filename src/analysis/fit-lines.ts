const encoder = new TextEncoder();

/** Bytes of `text` in UTF-8, which is what the prompt's bound counts. */
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

/** `text` cut to at most `budget` UTF-8 bytes, never inside a character. */
export function cutToBytes(text: string, budget: number): string {
  if (utf8Bytes(text) <= budget) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return out;
}

const NOTE_ROOM = 48;

/**
 * `lines` joined with newlines in at most `budget` bytes: whole lines while they fit, a line too
 * long for what is left cut short with `…`, and a last line saying how many were left out. Empty
 * when not even a line fits.
 */
export function fitLines(lines: readonly string[], budget: number): string {
  const whole = lines.join('\n');
  if (utf8Bytes(whole) <= budget) return whole;
  if (budget < NOTE_ROOM * 2) return '';
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const left = budget - NOTE_ROOM - used - (kept.length > 0 ? 1 : 0);
    const size = utf8Bytes(line);
    if (size <= left) {
      kept.push(line);
      used += size + (kept.length > 1 ? 1 : 0);
      continue;
    }
    if (left > 40) kept.push(`${cutToBytes(line, left - 4)} …`);
    break;
  }
  const cut = lines.length - kept.length;
  const note = cut > 0 ? `… (${cut} more lines cut to fit)` : '… (cut to fit)';
  return [...kept, note].join('\n');
}
