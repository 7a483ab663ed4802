import { api } from './api.js';

/** A model as `GET /v1/models` lists it, with Qiao's additions. */
export interface ListedModel {
  id: string;
  owned_by: string;
  capabilities?: string[];
  context_window?: number;
  alias_of?: string[];
}

/** Models of one provider (or the aliases, under `qiao`). */
export interface ModelGroup {
  provider: string;
  models: ListedModel[];
}

/** Every model Qiao serves. */
export async function listModels(signal?: AbortSignal): Promise<ListedModel[]> {
  return (await api<{ data: ListedModel[] }>('/v1/models', { signal })).data;
}

/** Whether a model can chat (aliases are assumed to). */
export const canChat = (model: ListedModel) => model.alias_of !== undefined || (model.capabilities ?? ['chat']).includes('chat');

/** Models grouped by provider, in the order listed; aliases last. */
export function groupByProvider(models: ListedModel[]): ModelGroup[] {
  const groups = new Map<string, ListedModel[]>();
  for (const model of models) {
    const provider = model.alias_of ? 'qiao' : model.owned_by;
    groups.set(provider, [...(groups.get(provider) ?? []), model]);
  }
  const ordered = [...groups].map(([provider, members]) => ({ provider, models: members }));
  return ordered.filter((group) => group.provider !== 'qiao').concat(ordered.filter((group) => group.provider === 'qiao'));
}
