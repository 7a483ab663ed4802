import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runProcess } from './support/run-process.js';

const root = new URL('..', import.meta.url).pathname;

/** What each example must print (beyond exiting with 0); examples not listed must print something. */
const expectedOutput: Record<string, RegExp[]> = {
  'model-runner.ts': [/^generate: Explain the decorator pattern in Python\.$/m, /^streamGenerate: Write a quicksort algorithm, please\.$/m],
  'runners.ts': [
    /^ollama: llama3 says: hello from Ollama$/m, /^openai \(streamed\): gpt-4o-mini says: hello from OpenAI$/m,
    /^huggingface \(tgi\): tgi says: hello from TGI$/m, /load\(\) of a model the server lacks: Model "not-pulled" is not available/,
    /^mixed chat \(fell back to the mock\): are you there\?$/m, /^mixed generation: llama3 says: write a haiku$/m, /^mixed embedding: 26 dimensions$/m,
  ],
  'adapters.ts': [/^chat \(second turn\): Compare supervised and unsupervised learning\.$/m, /^embedding dimensions: 256$/m, /^3\. The weather .* - similarity: 0\.\d{4}$/m],
  'config-manager.ts': [/^server\.port = 8000$/m, /port: 8000 # the API port/, /- deepseek-r1:8b/, /^validated: port 8000, providers ollama$/m, /invalid config rejected: .*server\.port/],
  'logger.ts': [/"name":"my_module".*"msg":"an information message"/, /"userId":123,"action":"login","status":"success","msg":"user action"/, /"apiKey":"\[Redacted\]"/],
  'vector-store.ts': [/^id: doc[23]$/m, /^similarity: 0\.\d{4}$/m, /^filtered to source=paper: doc3$/m, /^documents stored: 3$/m],
};

const examples = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.ts')).sort();

describe('examples/*.ts run offline and print what they promise', () => {
  test('every example with expectations exists', () => {
    for (const name of Object.keys(expectedOutput)) assert.ok(examples.includes(name), `examples/${name} is missing`);
  });

  for (const name of examples) {
    test(name, async () => {
      const result = await runProcess(process.execPath, ['--import', 'tsx', join(root, 'examples', name)], { timeoutMs: 60_000 });
      assert.equal(result.code, 0, `exit code ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
      assert.ok(result.stdout.trim().length > 0, 'prints something');
      for (const pattern of expectedOutput[name] ?? []) assert.match(result.stdout, pattern);
      assert.ok(!result.stdout.includes('sk-secret-never-printed'), 'no secret reaches the output');
    });
  }
});
