import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { AIPlatformClient } from '../../src/client/index.js';
import { cozeAnswer, cozeJoke, cozeWorkflows } from '../support/fake-coze.js';
import { startCozeGateway } from '../support/coze-gateway.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { runProcess } from '../support/run-process.js';
import { blockAfter, readSeed } from '../support/seed-examples.js';
import type { RunningGateway } from '../support/start-gateway.js';

const seed = readSeed('001_0a5da78731da31b0.md');
const pythonClient = fileURLToPath(new URL('../../examples/python/ai_platform_client.py', import.meta.url));

describe('seed 001\'s client example, verbatim, and the TypeScript client, against a live Qiao', () => {
  let coze: FakeUpstream;
  let qiao: RunningGateway;
  let directory: string;
  before(async () => {
    ({ coze, qiao } = await startCozeGateway());
    // `from examples.ai_platform_client import AIPlatformClient` resolves from this directory.
    directory = mkdtempSync(join(tmpdir(), 'qiao-seed-001-'));
    mkdirSync(join(directory, 'examples'));
    writeFileSync(join(directory, 'examples', '__init__.py'), '');
    symlinkSync(pythonClient, join(directory, 'examples', 'ai_platform_client.py'));
  });
  after(async () => {
    await qiao?.close();
    await coze?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  test('the Python "客户端示例" runs unchanged with examples/python/ai_platform_client.py', async () => {
    const script = blockAfter(seed, '### 客户端示例', 'python').code;
    assert.match(script, /from examples\.ai_platform_client import AIPlatformClient/);
    const { code, stdout, stderr } = await runProcess('bash', ['-c', 'cd "$1" && AI_PLATFORM_BASE_URL="$2" exec /usr/bin/python3 -', 'run', directory, qiao.url], { input: script, timeoutMs: 60_000 });
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0]!, /^可用服务列表: \[.*'service_name': 'coze'.*'service_name': 'coze_workflow'/);
    assert.match(lines[1]!, new RegExp(`^响应: \\{.*'content': '${cozeAnswer}'`));
    assert.deepEqual(lines.filter((line) => line.startsWith('收到新块: ')).length > 2, true);
    assert.ok(lines.includes(`完整响应: ${cozeAnswer}`), stdout);
    assert.ok(lines.some((line) => line.startsWith('响应: {') && line.includes(cozeJoke)), stdout);
    assert.equal(lines.at(-1), `完整响应: ${cozeJoke}`);
    assert.equal((coze.requestsFor('POST /v1/workflow/run').at(-1)!.body as { workflow_id: string }).workflow_id, 'your_workflow_id_here');
  });

  test('the TypeScript client: listServices, chat, streamChat (callback and async iterator), workflow, streamWorkflow, startHeartbeat', async () => {
    const client = new AIPlatformClient({ baseUrl: qiao.url });
    const services = await client.listServices('workflow');
    assert.ok(services.some((service) => service.service_name === 'coze_workflow'));
    assert.equal((await client.chat('coze', [{ role: 'user', content: '你好' }])).content, cozeAnswer);
    const seen: [string, string][] = [];
    const full = await client.streamChat('coze', [{ role: 'user', content: '你好' }], { callback: (_data, chunk, text) => seen.push([chunk, text]) }).text();
    assert.equal(full, cozeAnswer);
    assert.equal(seen.filter(([chunk]) => chunk).map(([chunk]) => chunk).join(''), cozeAnswer);
    let iterated = '';
    for await (const event of client.streamWorkflow('coze_workflow', { parameters: { workflow_id: cozeWorkflows.joke } })) iterated += event.chunk;
    assert.equal(iterated, cozeJoke);
    assert.equal((await client.workflow('coze_workflow')).content, cozeJoke);
    await assert.rejects(client.chat('nope', [{ role: 'user', content: 'x' }]), /Unknown service_name/);
    await assert.rejects(client.streamWorkflow('coze_workflow', { parameters: { workflow_id: cozeWorkflows.error } }).text(), /4000/);
    const monitor = qiao.gateway.heartbeat;
    const beat = monitor.beat.bind(monitor);
    let beats = 0;
    monitor.beat = () => { beats++; return beat(); };
    const stop = client.startHeartbeat(60);
    while (beats === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stop();
  });
});
