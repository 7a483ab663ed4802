import type { ListedModel } from '../../gateway/index.js';

/**
 * Qiao's additions to an OpenAI model object (clients ignore fields they do not know): what the
 * model can do and its context window, or for an alias the routes it tries in order. The console
 * groups and badges models with them.
 */
export function qiaoModelFields(model: ListedModel): Record<string, unknown> {
  if (model.aliasOf) return { alias_of: model.aliasOf };
  return {
    capabilities: model.info?.capabilities ?? ['chat'],
    ...(model.info?.contextWindow !== undefined && { context_window: model.info.contextWindow }),
  };
}
