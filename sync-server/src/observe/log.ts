/**
 * Structured logs: one JSON object a line on standard output (errors on standard error), which
 * journald, Docker and any log collector read as they are.
 */
export type Fields = Record<string, unknown>;

export interface Logger {
  (message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

function line(level: 'info' | 'error', message: string, fields: Fields = {}): string {
  const entry: Fields = { time: new Date().toISOString(), level, msg: message, ...fields };
  for (const [key, value] of Object.entries(entry))
    if (value instanceof Error) entry[key] = { message: value.message, stack: value.stack };
  return JSON.stringify(entry);
}

export function jsonLogger(quiet: boolean): Logger {
  const log = ((message: string, fields?: Fields) => {
    if (!quiet) console.log(line('info', message, fields));
  }) as Logger;
  // Errors are written even in quiet mode (tests and benchmarks): they must never go unseen.
  log.error = (message, fields) => console.error(line('error', message, fields));
  return log;
}
