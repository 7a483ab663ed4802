/**
 * Runs the faulty and the steady fake upstream in a worker thread, so that load tests spend this
 * thread on Qiao (and the client) and the other core on the fakes. Posts `{ faulty, steady }`
 * (base URLs) once listening; closes them when told `close`.
 */
import { parentPort } from 'node:worker_threads';
import { startFakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';
import { answerText, answerWords, startFaultyUpstream } from './fault-upstream.js';

const faulty = await startFaultyUpstream();
const steady = await startFakeUpstream({
  'POST /v1/chat/completions': (call) => ((call.body as { stream?: boolean }).stream ? { sse: openAIChunks(answerWords) } : { json: openAICompletion(answerText) }),
});
// The fakes record every request; nobody reads them here, so they are not kept.
setInterval(() => { faulty.requests.length = 0; steady.requests.length = 0; }, 200).unref();
parentPort!.on('message', (message) => {
  if (message === 'close') void Promise.all([faulty.close(), steady.close()]).then(() => process.exit(0));
});
parentPort!.postMessage({ faulty: faulty.baseUrl, steady: steady.baseUrl });
