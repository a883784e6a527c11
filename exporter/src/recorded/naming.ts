/**
 * The parts of a recorded name `promtool check metrics` would flag (its lint, as run on Pulse's
 * /metrics): a type in the name, abbreviated units, units that are not the base unit. A name
 * refused here keeps /metrics free of new lint findings (tested against promtool itself).
 */
const TYPE_WORDS = new Set(['counter', 'gauge', 'histogram', 'summary']);
const ABBREVIATED_UNITS = new Set(['s', 'ms', 'us', 'ns', 'sec', 'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'm', 'h', 'd']);
const NON_BASE_UNITS = new Set(['minutes', 'hours', 'days', 'weeks', 'bits', 'fahrenheit']);
const PREFIXED_UNIT = /^(pico|nano|micro|milli|centi|deci|deca|hecto|kilo|kibi|mega|mebi|mibi|giga|gibi|tera|tebi|peta|pebi|exa|exbi)(seconds|bytes|bits|grams|meters|metres|volts|amperes|joules)$/;

/** Why promtool would flag the name, or undefined when it would not. */
export function nameLintProblem(name: string): string | undefined {
  for (const part of name.split('_')) {
    if (TYPE_WORDS.has(part)) return `must not include a metric type ("${part}"): Pulse adds what the type needs`;
    if (ABBREVIATED_UNITS.has(part)) return `must not contain an abbreviated unit ("${part}"): spell out base units (seconds, bytes)`;
    if (NON_BASE_UNITS.has(part) || PREFIXED_UNIT.test(part)) return `must use base units (seconds, bytes, grams, meters), not "${part}"`;
  }
  return undefined;
}
