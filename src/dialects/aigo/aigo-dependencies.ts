import type { ApiKeyGuard, ChatService } from '../../gateway/index.js';
import type { AigoModelDependencies } from './aigo-models.js';

/** What the AIgo dialect needs from the gateway. */
export interface AigoDialectDependencies extends AigoModelDependencies {
  chat: ChatService;
  guard: ApiKeyGuard;
  /** The merged health answer (the same as `GET /health`). */
  health(): Record<string, unknown>;
}
