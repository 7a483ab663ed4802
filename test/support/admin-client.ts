/** Small helpers for tests that drive the admin API and call with virtual keys. */

/** A JSON request to a running gateway; answers status, headers and parsed body. */
export async function callJson(url: string, method: string, path: string, key: string | undefined, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { authorization: `Bearer ${key}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, unknown> & { error?: { code: string; message: string; type: string; param: string | null } }, text };
}

/** Creates a virtual key through `POST /admin/keys`; its id and secret. */
export async function createKey(url: string, adminKey: string, settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await callJson(url, 'POST', '/admin/keys', adminKey, settings);
  if (created.status !== 201) throw new Error(`creating a key answered ${created.status}: ${created.text}`);
  return { id: created.body.id as string, key: created.body.key as string };
}

/** A chat completion with the mock model. */
export function chat(url: string, key: string | undefined, options: { model?: string; content?: string; maxTokens?: number; stream?: boolean } = {}) {
  return callJson(url, 'POST', '/v1/chat/completions', key, {
    model: options.model ?? 'mock/mock-echo',
    messages: [{ role: 'user', content: options.content ?? 'hello there' }],
    ...(options.maxTokens !== undefined && { max_tokens: options.maxTokens }),
    ...(options.stream && { stream: true }),
  });
}
