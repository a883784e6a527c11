import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stderr (stdout stays free for CLI output); level from LOG_LEVEL or --log.level. */
export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: component, level, base: { component } }, pino.destination(2));
}

/** A logger that drops everything, for tests that do not read logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
