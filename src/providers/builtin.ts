import { mockProviderType } from './mock/mock-type.js';
import { openAICompatiblePresets } from './openai-compatible/presets.js';
import { ollamaFromEnvironment, openAICompatibleType } from './openai-compatible/openai-compatible-type.js';
import { registerProviderType } from './provider-registry.js';

/** Registers the provider types that ship with Qiao. Idempotent. */
export function registerBuiltinProviders(): void {
  for (const preset of openAICompatiblePresets) {
    const type = openAICompatibleType(preset);
    if (preset.id === 'ollama-openai') {
      registerProviderType({ ...type, environmentVariables: ['OLLAMA_HOST'], fromEnvironment: ollamaFromEnvironment });
    } else {
      registerProviderType(type);
    }
  }
  registerProviderType(mockProviderType);
}
