import type * as z from 'zod/mini';
import { isStorefrontErrorCode, QuotekitError, type ErrorCode } from './errors.js';

/** One validation problem: where (`"products.0.price.amount"`) and what. */
export interface Problem {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

function describe(issue: Issue): string {
  // zod/mini ships no message locale (to stay small), so say it ourselves.
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} characters`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed shape';
    case 'unrecognized_keys':
      return `has unknown keys ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is invalid';
  }
}

/** Turns zod issues into `Problem`s with dotted paths (`(root)` for the whole value). */
export function problemsOf(issues: readonly Issue[]): Problem[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: describe(issue),
  }));
}

/**
 * Parses `input` with `schema`, or throws a `QuotekitError` whose
 * `details.problems` lists every problem with its path. The error's code is
 * the first problem's own, when its field names one (`invalid_date`,
 * `invalid_plan`, … through a custom check's `params.code`), else `code`.
 */
export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  code: ErrorCode,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0]!;
  const own = first.code === 'custom' ? (first.params as { code?: string } | undefined) : undefined;
  const problems = problemsOf(issues);
  const { path, message } = problems[0]!;
  const where = path === '(root)' ? '' : `${path} `;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new QuotekitError(
    // A rule's own code: core's rules answer only storefront codes.
    isStorefrontErrorCode(own?.code) ? own.code : code,
    `Invalid ${what}: ${where}${message}${more}.`,
    {
      problems,
    },
  );
}
