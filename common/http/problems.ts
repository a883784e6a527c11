/**
 * What a 400 answer says about bad input: each problem names a field and what is wrong, but never
 * echoes the whole input back. Field names and messages are cut to a bounded excerpt, and at most
 * MAX_LISTED_PROBLEMS problems are listed (the error text says how many more there were).
 */
export const MAX_LISTED_PROBLEMS = 100;
/** Characters of a field name or message kept in an answer. */
export const MAX_PROBLEM_TEXT = 200;
/** Problems spelled out in the one-line error text. */
const PROBLEMS_IN_ERROR = 5;

export interface Problem {
  readonly field: string;
  readonly message: string;
}

/** The text itself when short, else its first characters and how many were left out. */
export function excerpt(text: string, max = MAX_PROBLEM_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Problems bounded for an answer. */
export function listedProblems(problems: readonly Problem[]): Problem[] {
  return problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => ({ field: excerpt(p.field), message: excerpt(p.message) }));
}

/** The first few problems as one line, and how many more there were. */
export function summariseProblems(problems: readonly Problem[]): string {
  const shown = listedProblems(problems.slice(0, PROBLEMS_IN_ERROR)).map((p) => `${p.field}: ${p.message}`);
  return problems.length > PROBLEMS_IN_ERROR ? `${shown.join('; ')}; and ${problems.length - PROBLEMS_IN_ERROR} more` : shown.join('; ');
}
