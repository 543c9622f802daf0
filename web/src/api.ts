import type { Problem } from '@telegraf-controller/contract/problem';

/**
 * Every failed call surfaces as an ApiError. A problem+json body is kept as sent; any other failure (no answer,
 * an answer that is not problem+json) gets a synthesized problem so callers handle one shape.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.problem = problem;
  }

  /** Field name → message, from `errors[].pointer` (`/username` → `username`, `/a/b` → `a.b`); first one wins. */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const { pointer, message } of this.problem.errors ?? []) {
      const field = pointer
        .split('/')
        .slice(1)
        .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
        .join('.');
      if (field && !(field in fields)) fields[field] = message;
    }
    return fields;
  }
}

/** A UI served on its own port is told where the API lives by the server, in `<meta name="tc-api-base">`. */
function apiBase(): string {
  const content = document.querySelector('meta[name="tc-api-base"]')?.getAttribute('content')?.trim();
  return content ? content.replace(/\/+$/, '') : '';
}

function synthesizedProblem(status: number, code: string, detail: string): Problem {
  return { type: 'about:blank', title: code.replaceAll('_', ' '), status, code, detail };
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { status, code, detail } = body as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string' && typeof detail === 'string';
}

async function readProblem(response: Response): Promise<Problem> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('application/problem+json')) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isProblem(body)) return body;
  }
  return synthesizedProblem(
    response.status,
    'unexpected_response',
    `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  );
}

export type ApiInit = Omit<RequestInit, 'body'> & { body?: unknown };

/** Sends a call, cookies included; an answer that is not 2xx is thrown as ApiError. */
async function send(path: string, init: ApiInit, accept: string): Promise<Response> {
  const { body, headers, ...rest } = init;
  const requestHeaders = new Headers(headers);
  requestHeaders.set('X-Requested-With', 'XMLHttpRequest');
  requestHeaders.set('Accept', accept);
  if (body !== undefined) requestHeaders.set('Content-Type', 'application/json');

  let response: Response;
  try {
    response = await fetch(`${apiBase()}${path}`, {
      ...rest,
      headers: requestHeaders,
      credentials: 'include',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      synthesizedProblem(0, 'network_error', 'The server could not be reached. Check the connection and try again.'),
    );
  }
  if (!response.ok) throw new ApiError(await readProblem(response));
  return response;
}

/** The one way the UI talks to the server: JSON in and out, cookies included, problem+json thrown as ApiError. */
export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const response = await send(path, init, 'application/json, application/problem+json');
  if (response.status === 204) return undefined as T;
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    throw new ApiError(
      synthesizedProblem(response.status, 'unexpected_response', `Expected JSON from ${path}, got something else.`),
    );
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(synthesizedProblem(response.status, 'unexpected_response', `${path} answered malformed JSON.`));
  }
}

/** A text answer, such as the TOML an agent loads (for Download Config); failures as with `api`. */
export async function apiText(path: string): Promise<string> {
  const response = await send(path, {}, 'application/toml, text/plain, application/problem+json');
  return response.text();
}

// Every queryFn and mutationFn goes through api(), so every error TanStack Query reports is an ApiError.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}
