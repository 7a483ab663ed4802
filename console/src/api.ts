import { session } from './session.js';

/** An HTTP error from the gateway, with its OpenAI-shaped message when it sent one. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }

  /** The route does not exist on this gateway (e.g. an admin API it does not have yet). */
  get missing(): boolean {
    return this.status === 404 && this.code !== 'model_not_found';
  }
}

/** Request headers with the signed-in key. */
export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const key = session.key();
  return { ...extra, ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

function messageOf(body: unknown, fallback: string): { message: string; code?: string } {
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown }).error;
    if (error && typeof error === 'object') {
      const { message, code } = error as { message?: unknown; code?: unknown };
      if (typeof message === 'string') return { message, code: typeof code === 'string' ? code : undefined };
    }
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return { message };
  }
  return { message: fallback };
}

/** Throws an ApiError unless the response is 2xx. */
export async function ensureOk(response: Response): Promise<Response> {
  if (response.ok) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const { message, code } = messageOf(body, text.trim() || `${response.status} ${response.statusText}`);
  throw new ApiError(response.status, message, code);
}

/** Calls the gateway with the signed-in key and returns the JSON answer. */
export async function api<T>(path: string, options: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: authHeaders(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  await ensureOk(response);
  return await response.json() as T;
}

/** A query string from the defined, non-empty values. */
export function query(parameters: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
