/**
 * Domain errors: what went wrong and where, as data. The HTTP layer maps them to 4xx responses,
 * the CLI to messages; neither has to parse strings.
 */

export interface Problem {
  /** Where: a path such as `batch[3].timestamp`, or `line 42, column "email"`. */
  where: string;
  message: string;
}

export class InvalidInputError extends Error {
  constructor(
    /** What was wrong, without the problems (the message adds the first few). */
    readonly summary: string,
    readonly problems: Problem[] = [],
  ) {
    super(problems.length ? `${summary}: ${problems.slice(0, 5).map((p) => `${p.where}: ${p.message}`).join('; ')}` : summary);
  }
}

export class NotFoundError extends Error {}

/** Render zod-style issue paths as `batch[3].context.traits` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(body)';
}
