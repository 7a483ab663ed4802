import { anthropicProviderType } from './anthropic/anthropic-type.js';
import { geminiProviderType } from './gemini/gemini-type.js';
import { teiProviderType, tgiGenerateProviderType } from './huggingface/huggingface-type.js';
import { cozeProviderType } from './coze/coze-type.js';
import { mockProviderType } from './mock/mock-type.js';
import { ollamaProviderType } from './ollama/ollama-type.js';
import { openAICompatiblePresets } from './openai-compatible/presets.js';
import { openAICompatibleType } from './openai-compatible/openai-compatible-type.js';
import { registerProviderType } from './provider-registry.js';

/** Registers the provider types that ship with Qiao. Idempotent. */
export function registerBuiltinProviders(): void {
  for (const preset of openAICompatiblePresets) registerProviderType(openAICompatibleType(preset));
  registerProviderType(geminiProviderType);
  registerProviderType(ollamaProviderType);
  registerProviderType(tgiGenerateProviderType);
  registerProviderType(teiProviderType);
  registerProviderType(anthropicProviderType);
  registerProviderType(cozeProviderType);
  registerProviderType(mockProviderType);
}
