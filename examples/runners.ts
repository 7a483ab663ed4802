/**
 * The runner classes of seed 002's table: OllamaRunner, OpenAIRunner, HuggingFaceRunner and a
 * MixedModelRunner with fallback — each against a fake model server this example starts, so it runs
 * offline. Point baseUrl (or OLLAMA_HOST / OPENAI_API_KEY / HF_TOKEN) at real servers to use them for real.
 * Run: npx tsx examples/runners.ts
 */
import { HuggingFaceRunner, MixedModelRunner, ModelConfig, OllamaRunner, OpenAIRunner } from 'qiao';
import { startFakeModelServer } from './support/fake-model-server.js';

const server = await startFakeModelServer({ models: ['llama3:latest', 'gpt-4o-mini'] });
const broken = await startFakeModelServer({ failing: true });
try {
  const ollama = await new OllamaRunner({ provider: 'ollama', modelName: 'llama3', baseUrl: server.url }).load();
  console.log(`ollama: ${await ollama.generate('hello from Ollama')}`);

  const openai = new OpenAIRunner({ provider: 'openai-compatible', modelName: 'gpt-4o-mini', baseUrl: `${server.url}/v1` });
  let streamed = '';
  for await (const piece of openai.streamGenerate('hello from OpenAI')) streamed += piece;
  console.log(`openai (streamed): ${streamed}`);

  const tgi = new HuggingFaceRunner({ provider: 'tgi', modelName: 'tgi', baseUrl: server.url });
  console.log(`huggingface (tgi): ${await tgi.chat([{ role: 'user', content: 'hello from TGI' }])}`);

  try {
    await new OllamaRunner({ provider: 'ollama', modelName: 'not-pulled', baseUrl: server.url }).load();
  } catch (error) {
    console.log(`load() of a model the server lacks: ${(error as Error).message}`);
  }

  // Chat on a server that answers 503, falling back to the mock; embeddings from Ollama.
  const mixed = new MixedModelRunner({
    chat: new ModelConfig({ provider: 'openai-compatible', modelName: 'gpt-4o-mini', baseUrl: `${broken.url}/v1` }),
    generation: { provider: 'ollama', modelName: 'llama3', baseUrl: server.url },
    embedding: { provider: 'ollama', modelName: 'llama3', baseUrl: server.url },
    fallback: [{ provider: 'mock', modelName: 'mock-echo' }],
  });
  console.log(`mixed chat (fell back to the mock): ${await mixed.chat([{ role: 'user', content: 'are you there?' }])}`);
  console.log(`mixed generation: ${await mixed.generate('write a haiku')}`);
  console.log(`mixed embedding: ${(await mixed.embed(['abc']))[0]!.length} dimensions`);
} finally {
  await server.close();
  await broken.close();
}
