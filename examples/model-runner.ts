/**
 * ModelConfig and getModelRunner: generate, streamGenerate and load (seed 002, "模型运行器").
 * Runs offline on the built-in mock provider; change `provider`/`modelName` (e.g. ollama + deepseek-r1:8b)
 * to talk to a real model. Run: npx tsx examples/model-runner.ts
 */
import { ModelConfig, getModelRunner } from 'qiao';

const config = new ModelConfig({ provider: 'mock', modelName: 'mock-echo', temperature: 0.7, maxTokens: 2048 });
const runner = await getModelRunner(config).load();

const response = await runner.generate('Explain the decorator pattern in Python.');
console.log(`generate: ${response}`);

process.stdout.write('streamGenerate: ');
for await (const chunk of runner.streamGenerate('Write a quicksort algorithm, please.')) process.stdout.write(chunk);
process.stdout.write('\n');
