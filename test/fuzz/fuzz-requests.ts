/**
 * fast-check arbitraries for requests to one route: near-valid bodies (a valid example with fields
 * deleted, retyped or added), random JSON, deep nesting, huge strings, garbage bytes and broken
 * UTF-8, under random content types, headers, query strings and path parameters.
 */
import fc from 'fast-check';
import { exampleBody } from './route-examples.js';

/** A route as Fastify registered it (`:param` and `*` still in the URL). */
export interface PublicRoute {
  method: string;
  url: string;
}

/** One generated request, ready for `app.inject`. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What kind of body it is, for failure reports. */
  kind: string;
}

type JsonPath = (string | number)[];

// Number literals JSON.stringify cannot produce: spliced into the text in place of a marker string.
const rawNumbers = ['1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', '0.1E1', '-9007199254740993'];
const rawMarker = (index: number) => `@@raw${index}@@`;

const specialValues = fc.constantFrom<unknown>(
  null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 31), 1e308, 128, 129, 100_000, '', ' ', '\u0000', 'mock-echo', 'mock/mock-echo',
  'user', 'assistant', 'system', 'tool', 'function', 'text', 'image_url', 'image', 'tool_use', 'tool_result', 'thinking', 'base64', 'auto', 'none',
  [], {}, [null], [{}], { type: 'text' }, { role: 'user' }, { role: 'user', content: [] }, { type: 'image_url', image_url: {} },
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: specialValues },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: rawNumbers.length - 1 }).map(rawMarker) },
);

const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'model', 'messages', 'role', 'content', 'type', 'stream', 'n', 'input', 'text', 'tools',
    'tool_choice', 'max_tokens', 'temperature', 'stop', 'parameters', 'service_name', 'thread_id', 'image_url', 'source', 'thinking', 'dimensions'),
  fc.string({ maxLength: 12 }),
);

const mutation = fc.record({ kind: fc.constantFrom('delete', 'set', 'set', 'add'), pick: fc.nat(), key, value });

function pathsOf(node: unknown, prefix: JsonPath = []): JsonPath[] {
  if (node === null || typeof node !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
  return entries.flatMap(([name, child]) => [[...prefix, name], ...pathsOf(child, [...prefix, name])]);
}

function nodeAt(root: Record<string, unknown>, path: JsonPath): unknown {
  return path.reduce<unknown>((node, name) => (node as Record<string | number, unknown>)[name], root);
}

function parentOf(root: Record<string, unknown>, path: JsonPath): Record<string | number, unknown> {
  return nodeAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
}

/** Applies mutations to a copy of the example; `add` puts a new key into an object (or pushes into an array). */
function mutate(example: Record<string, unknown>, mutations: { kind: string; pick: number; key: string; value: unknown }[]): Record<string, unknown> {
  const root = structuredClone(example);
  for (const { kind, pick, key: name, value: generated } of mutations) {
    // Generated values (the constants above included) are shared between runs: never insert them as they are.
    const replacement = structuredClone(generated);
    const paths = pathsOf(root);
    const path = paths.length ? paths[pick % paths.length]! : [];
    if (kind === 'add' || path.length === 0) {
      const containers = [[], ...paths].filter((candidate) => {
        const node = nodeAt(root, candidate);
        return node !== null && typeof node === 'object';
      });
      const node = nodeAt(root, containers[pick % containers.length]!) as Record<string, unknown> | unknown[];
      if (Array.isArray(node)) node.push(replacement);
      else Object.defineProperty(node, name, { value: replacement, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const parent = parentOf(root, path);
    const last = path.at(-1)!;
    if (kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      parent[last] = replacement;
    }
  }
  return root;
}

function withRawNumbers(text: string): string {
  return rawNumbers.reduce((result, raw, index) => result.replaceAll(`"${rawMarker(index)}"`, raw), text);
}

/** `{"a":` or `[` repeated: nesting far deeper than any schema expects. */
function nested(depth: number, asObjects: boolean): string {
  return asObjects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function bodyKinds(route: PublicRoute, bodyLimit: number): fc.Arbitrary<{ kind: string; payload?: string | Buffer }> {
  const example = exampleBody(route.method, route.url);
  const examplePaths = pathsOf(example);
  const replaceOne = (pick: number, text: string) => {
    const copy = structuredClone(example);
    const path = examplePaths[pick % examplePaths.length]!;
    parentOf(copy, path)[path.at(-1)!] = text;
    return JSON.stringify(copy);
  };
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => ({ kind: 'near-valid', payload: withRawNumbers(JSON.stringify(mutate(example, mutations))) })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'valid', payload: JSON.stringify(example) }) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json) => ({ kind: 'random JSON', payload: JSON.stringify(json) ?? 'null' })) },
    { weight: 1, arbitrary: fc.record({ depth: fc.integer({ min: 50, max: Math.floor(bodyLimit / 12) }), objects: fc.boolean(), inside: fc.boolean(), pick: fc.nat() })
      .map(({ depth, objects, inside, pick }) => ({
        kind: `nested ${depth}`,
        payload: inside && examplePaths.length ? replaceOne(pick, '@@nest@@').replace('"@@nest@@"', nested(depth, objects)) : nested(depth, objects),
      })) },
    { weight: 1, arbitrary: fc.record({ size: fc.integer({ min: 1_000, max: Math.floor(bodyLimit * 1.2) }), cjk: fc.boolean(), pick: fc.nat() })
      .map(({ size, cjk, pick }) => ({ kind: `huge string ${size}`, payload: examplePaths.length ? replaceOne(pick, cjk ? '桥'.repeat(Math.ceil(size / 3)) : 'x'.repeat(size)) : 'x'.repeat(size) })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ kind: 'garbage bytes', payload: Buffer.from(bytes) })) },
    { weight: 1, arbitrary: fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((byte) => byte | 0x80)), pick: fc.nat() })
      .map(({ bytes, pick }) => {
        const [before, after] = (examplePaths.length ? replaceOne(pick, '@@bad@@') : '"@@bad@@"').split('@@bad@@');
        return { kind: 'invalid UTF-8', payload: Buffer.concat([Buffer.from(before!), Buffer.from(bytes), Buffer.from(after!)]) };
      }) },
    { weight: 1, arbitrary: fc.constantFrom(
      { kind: 'empty', payload: '' }, { kind: 'none' }, { kind: 'truncated', payload: JSON.stringify(example).slice(0, -3) },
      { kind: 'proto key', payload: JSON.stringify(example).replace('{', '{"__proto__":{"polluted":1},') },
      { kind: 'constructor.prototype', payload: JSON.stringify(example).replace('{', '{"constructor":{"prototype":{"polluted":1}},') },
      { kind: 'duplicate keys', payload: JSON.stringify(example).replace('{', '{"model":123,"messages":"x",') },
      { kind: 'BOM', payload: `\ufeff${JSON.stringify(example)}` },
      { kind: 'trailing garbage', payload: `${JSON.stringify(example)}}}` },
    ) },
  );
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 4, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1', 'text/plain',
    'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/event-stream', 'application/octet-stream', 'application/json;;;', '*/*', 'json', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).filter((text) => /^[\x20-\x7e]*$/.test(text)) },
);

const headerValue = fc.oneof(
  fc.constantFrom('', 'Bearer ', 'Bearer wrong', 'no-store', 'no-cache', 'max-age=0, no-cache', 'force', '2023-06-01', 'gzip', 'text/event-stream', '*/*', '100-continue', 'x'.repeat(4000)),
  fc.string({ maxLength: 60 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
);
const headerName = fc.oneof(
  fc.constantFrom('authorization', 'x-api-key', 'api-key', 'anthropic-version', 'anthropic-beta', 'accept', 'cache-control', 'x-qiao-cache',
    'x-request-id', 'content-encoding', 'accept-encoding', 'expect', 'openai-organization', 'x-stainless-retry-count', 'user-agent', 'origin'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 5 });

const pathParam = fc.oneof(
  fc.constantFrom('mock-echo', 'mock/mock-echo', 'mock%2Fmock-echo', 'coze%2Fw1', '..', '%2e%2e', '%', '%zz', '%00', '%C0%AE', 'a%2Fb%2Fc', 'index.html', '%E6%A1%A5'),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.nat(3000).map((length) => 'a'.repeat(length + 1)),
);

const query = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('service_type', 'beta', 'limit', 'stream', 'model', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 3 })
    .map((entries) => `?${new URLSearchParams(entries).toString()}`) },
  { weight: 1, arbitrary: fc.constantFrom('?%zz=1', '?a=%', '?service_type=chat&service_type=workflow', '?service_type[]=x', `?${'q'.repeat(5000)}=1`) },
);

const otherMethod = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');

/** Requests to one route: mostly its own method, sometimes another one. */
export function requestsFor(route: PublicRoute, bodyLimit: number): fc.Arbitrary<FuzzRequest> {
  const segments = route.url.split('/').filter((segment) => segment.startsWith(':') || segment === '*').length;
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: otherMethod }),
    params: fc.array(pathParam, { minLength: segments, maxLength: segments }),
    query,
    contentType: fc.option(contentType, { freq: 8 }),
    headers,
    body: bodyKinds(route, bodyLimit),
  }).map(({ method, params, query: search, contentType: type, headers: extra, body }) => {
    let index = 0;
    const path = route.url.split('/').map((segment) => (segment.startsWith(':') || segment === '*' ? params[index++]! : segment)).join('/');
    const sent: Record<string, string> = { ...extra };
    if (type !== null) sent['content-type'] = type;
    const withBody = method !== 'GET' && method !== 'HEAD';
    return { method, url: path + search, headers: sent, ...(withBody && body.payload !== undefined && { payload: body.payload }), kind: withBody ? body.kind : 'no body' };
  });
}
