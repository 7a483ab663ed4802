import { cozeBots, cozeWorkflows, fakeCozeToken, startFakeCoze } from './fake-coze.js';
import type { FakeUpstream } from './fake-upstream.js';
import { startGateway, type RunningGateway } from './start-gateway.js';

/** A live Qiao with Coze configured from the environment (default bot and workflow) against the fake Coze, the mock beside it, and a Coze provider with a wrong token. */
export async function startCozeGateway(): Promise<{ coze: FakeUpstream & { chats: Map<string, { status: string }> }; qiao: RunningGateway }> {
  const coze = await startFakeCoze();
  const qiao = await startGateway({
    // Bare model names and bare workflow ids go to the Coze configured from the environment.
    defaultProvider: 'coze',
    providers: {
      coze_bad: { type: 'coze', apiKey: 'pat_wrong', baseUrl: coze.baseUrl, models: [cozeBots.ok] },
      coze_nobot: { type: 'coze', apiKey: fakeCozeToken, baseUrl: coze.baseUrl, models: [] },
      mock: { type: 'mock', paceMs: 0 },
    },
    aliases: { 'coze-bot': `coze/${cozeBots.ok}` },
  }, {
    COZE_API_TOKEN: fakeCozeToken, COZE_API_BASE: coze.baseUrl, COZE_DEFAULT_BOT_ID: cozeBots.ok, COZE_DEFAULT_WORKFLOW_ID: cozeWorkflows.joke,
  });
  return { coze, qiao };
}

/** POSTs JSON. */
export const postJson = (url: string, body: unknown, signal?: AbortSignal) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });

/** The JSON `data:` payloads of an SSE body (and `[DONE]` as a string). */
export function dataPayloads(text: string): unknown[] {
  return text.split('\n\n').filter(Boolean).map((event) => {
    const data = event.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
    return data === '[DONE]' ? data : JSON.parse(data) as unknown;
  });
}
