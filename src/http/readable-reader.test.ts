import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { request } from 'undici';
import { ReadableReader, readerOf } from './readable-reader.js';

const listeners = (stream: PassThrough) => ['readable', 'end', 'error', 'close'].map((name) => stream.listenerCount(name));

async function readAll(reader: AsyncIterator<Uint8Array | string>): Promise<string> {
  let text = '';
  for (let next = await reader.next(); !next.done; next = await reader.next()) text += Buffer.from(next.value).toString();
  return text;
}

test('reads every chunk, written before and while it waits, then ends and stops listening but to errors', async () => {
  const stream = new PassThrough();
  stream.write('a');
  const reader = new ReadableReader(stream);
  const reading = readAll(reader);
  setImmediate(() => {
    stream.write('b');
    setImmediate(() => stream.end('c'));
  });
  assert.equal(await reading, 'abc');
  assert.deepEqual(listeners(stream), [0, 0, 1, 0]);
});

test("fails with the stream's error, or with Premature close when it closes before its end", async () => {
  const failing = new PassThrough();
  const reader = new ReadableReader(failing);
  failing.write('a');
  assert.equal(Buffer.from((await reader.next()).value as Uint8Array).toString(), 'a');
  const pending = reader.next();
  failing.destroy(new Error('socket hang up'));
  await assert.rejects(pending, /socket hang up/);

  const closing = new PassThrough();
  const cut = new ReadableReader(closing).next();
  closing.destroy();
  await assert.rejects(cut, { code: 'ERR_STREAM_PREMATURE_CLOSE', message: 'Premature close' });
  await assert.rejects(new ReadableReader(closing).next(), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
});

test('return stops early: the stream is destroyed, a waiting read ends, only the error listener is left', async () => {
  const stream = new PassThrough();
  const reader = new ReadableReader(stream);
  const waiting = reader.next();
  assert.deepEqual(await reader.return!(), { done: true, value: undefined });
  assert.deepEqual(await waiting, { done: true, value: undefined });
  assert.equal(stream.destroyed, true);
  assert.deepEqual(listeners(stream), [0, 0, 1, 0]);
});

test('an undici body reads as through its own iterator, and a cut connection fails the same way', async (t) => {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first ');
    setTimeout(() => (req.url === '/cut' ? res.socket?.destroy() : res.end('last')), 20);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const viaReader = async (path: string) => readAll(readerOf((await request(`${origin}${path}`)).body));
  const viaNode = async (path: string) => readAll((await request(`${origin}${path}`)).body[Symbol.asyncIterator]());
  assert.equal(await viaReader('/whole'), 'first last');
  assert.equal(await viaReader('/whole'), await viaNode('/whole'));
  const failure = async (read: Promise<string>) => read.then(() => 'no error', (error: { code?: string }) => error.code);
  const [reader, node] = [await failure(viaReader('/cut')), await failure(viaNode('/cut'))];
  assert.equal(reader, node);
  assert.notEqual(reader, 'no error');
});

test('other bodies are read through their own async iterator', async () => {
  async function* body() {
    yield 'x';
    yield 'y';
  }
  assert.equal(await readAll(readerOf(body())), 'xy');
});

test('an undici body left early is destroyed, which ends the upstream call', { timeout: 10_000 }, async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200);
    res.write('first ');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const serverSide = once(server, 'connection').then(([socket]) => once(socket as NodeJS.EventEmitter, 'close'));
  const { body } = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const reader = readerOf(body);
  assert.equal(((await reader.next()).value as Buffer).toString(), 'first ');
  await reader.return!();
  assert.equal(body.destroyed, true);
  await serverSide; // the connection is closed: the upstream stops sending
});
