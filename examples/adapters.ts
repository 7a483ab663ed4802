/**
 * ChatAdapter, TextGenerationAdapter and EmbeddingAdapter (seed 002, "适配器"), offline on the mock
 * provider (mock-echo answers with your last message; mock-embed's embeddings are bag-of-words).
 * Run: npx tsx examples/adapters.ts
 */
import { ChatAdapter, EmbeddingAdapter, ModelConfig, TextGenerationAdapter, type SimpleMessage } from 'qiao';

const chat = new ChatAdapter(new ModelConfig({ provider: 'mock', modelName: 'mock-echo' }));
const messages: SimpleMessage[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'What is machine learning?' },
];
let response = await chat.process(messages);
console.log(`chat: ${response}`);
messages.push({ role: 'assistant', content: response }, { role: 'user', content: 'Compare supervised and unsupervised learning.' });
response = await chat.process(messages);
console.log(`chat (second turn): ${response}`);

const generator = new TextGenerationAdapter({ provider: 'mock', modelName: 'mock-echo', temperature: 0.8 });
console.log(`generate: ${await generator.generate({ prompt: 'A short poem about artificial intelligence.', maxTokens: 200 })}`);

const embedding = new EmbeddingAdapter({ provider: 'mock', modelName: 'mock-embed' });
const vector = await embedding.embed('This is a sample text.');
console.log(`embedding dimensions: ${vector.length}`);
const texts = ['Artificial intelligence is changing the world.', 'Deep learning is a branch of machine learning.', 'The weather is nice, I want a walk in the park.'];
const vectors = await embedding.embedBatch(texts);
console.log(`embedBatch: ${vectors.length} vectors`);
const similarities = await embedding.computeSimilarities('What is machine learning?', texts);
texts.forEach((text, i) => console.log(`${i + 1}. ${text} - similarity: ${similarities[i]!.toFixed(4)}`));
