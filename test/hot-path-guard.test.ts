import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callContext } from '../src/dialects/shared/call-context.js';
import { UsageRecorder, clientLinkOf, silentLogger } from '../src/gateway/index.js';
import type { RequestLogEntry, Storage } from '../src/storage/index.js';

// Not timing tests: these fail when something known to be slow reaches the request path
// (docs/benchmarks.md explains why each is slow there).
const root = new URL('..', import.meta.url).pathname;

function sourceFiles(directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Folders whose code runs while requests are served. */
const requestPath = ['src/http', 'src/providers', 'src/dialects', 'src/gateway', 'src/spec', 'src/errors'].flatMap(sourceFiles);
/** Run once at import or start-up, never per request. */
const startupOnly = new Set(['src/gateway/qiao-version.ts']);

function offenders(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) => readFileSync(join(root, file), 'utf8').split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => pattern.test(line) && !line.trimStart().startsWith('//') && !line.trimStart().startsWith('*'))
    .map(({ line, index }) => `${relative(root, join(root, file))}:${index + 1}: ${line.trim()}`));
}

describe('hot-path guard', () => {
  test('the request path has files to check', () => {
    assert.ok(requestPath.length > 50, `found ${requestPath.length}`);
  });

  test('no synchronous file-system calls while serving', () => {
    const syncFs = /\b(readFileSync|writeFileSync|appendFileSync|existsSync|statSync|readdirSync|mkdirSync|openSync|fsyncSync)\b/;
    assert.deepEqual(offenders(requestPath.filter((file) => !startupOnly.has(file)), syncFs), []);
  });

  test('no global fetch on the server (upstream calls go through undici in src/http)', () => {
    const server = ['src'].flatMap(sourceFiles).filter((file) => !file.startsWith('src/client/'));
    assert.deepEqual(offenders(server, /(^|[^.\w])fetch\(/), []);
  });

  test('no WHATWG web streams on the server (measurably slower on Node than async generators)', () => {
    const server = ['src'].flatMap(sourceFiles).filter((file) => !file.startsWith('src/client/'));
    assert.deepEqual(offenders(server, /\bnew (ReadableStream|WritableStream|TransformStream)\b|\.getReader\(\)|\.pipeThrough\(/), []);
  });

  // AbortSignal.any is refused too: it silently never follows a try's AttemptSignal.
  test('no AbortController per request or per try: on Node 20 its signal costs ~7 µs with a listener (the call context makes one only when asked)', () => {
    const lazy = 'src/dialects/shared/call-context.ts';
    assert.deepEqual(offenders(requestPath.filter((file) => file !== lazy), /\bnew AbortController\(|\bAbortSignal\.(timeout|any)\(/), []);
  });

  test('no console output while serving (logs go through pino, with secrets redacted)', () => {
    assert.deepEqual(offenders(requestPath, /\bconsole\.(log|info|warn|error|debug)\(/), []);
  });

  test('recording usage only queues: storage is written by the batch, never on the request path', async () => {
    const writes: RequestLogEntry[][] = [];
    const storage = { requestLog: { insertMany: async (entries: RequestLogEntry[]) => { writes.push(entries); }, recent: async () => [] } } as unknown as Storage;
    const recorder = new UsageRecorder(storage, silentLogger, { flushIntervalMs: 60_000, maxBatch: 3 });
    const entry = (requestId: string): RequestLogEntry => ({
      requestId, createdAt: new Date(), endpoint: '/v1/chat/completions', requestedModel: 'm', stream: false,
      status: 'ok', httpStatus: 200, usageEstimated: false, latencyMs: 1, attempts: 1,
    });
    recorder.record(entry('a'));
    recorder.record(entry('b'));
    assert.equal(writes.length, 0, 'nothing is written while the batch is not full');
    recorder.record(entry('c'));
    await recorder.flush();
    assert.deepEqual(writes.map((batch) => batch.map((row) => row.requestId)), [['a', 'b', 'c']], 'one batch of three');
    await recorder.close();
  });
});

describe('per-request objects share their hidden classes', () => {
  // An accessor in an object literal makes V8 give every such object a hidden class (map) of its
  // own, allocated in old space; a dead old map still holds the request's young objects through
  // every scavenge (measured: 3.3 kB of each request promoted, scavenge pauses of 3–5 ms).
  const ownAccessors = (value: object): string[] => Object.entries(Object.getOwnPropertyDescriptors(value))
    .filter(([, descriptor]) => descriptor.get !== undefined || descriptor.set !== undefined).map(([name]) => name);

  test('a call context made for an HTTP request has no accessors of its own', () => {
    const request = { id: 'req-1', headers: {}, body: { model: 'm' } } as unknown as FastifyRequest;
    const reply = { raw: new EventEmitter(), header: () => reply } as unknown as FastifyReply;
    const context = callContext(request, reply, '/v1/chat/completions');
    assert.deepEqual(ownAccessors(context), []);
    assert.ok(context.abortSignal instanceof AbortSignal, 'the signal is still there, made on first read');
    assert.deepEqual(ownAccessors(context.client!), []);
  });

  test('a client link over a signal has no accessors of its own', () => {
    const controller = new AbortController();
    const link = clientLinkOf(controller.signal);
    assert.deepEqual(ownAccessors(link), []);
    controller.abort();
    assert.equal(link.gone, true);
  });
});
