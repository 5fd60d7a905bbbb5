import type { Logger } from '../../src/engine/logger.ts';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: object;
}

/**
 * The engine's logger in the demo: records kept in memory rather than printed, so the output stays
 * what a forge user reads; the demo reports warnings and errors at the end (there should be none).
 */
export function createCollectingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make = (bindings: object): Logger => {
    const at =
      (level: LogRecord['level']) =>
      (fields: object, message: string): void => {
        records.push({ level, message, fields: { ...bindings, ...fields } });
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return { logger: make({}), records };
}
