import { InvalidRequestError, NotFoundError } from '../../errors/index.js';
import type { Storage, VirtualKeyRecord, VirtualKeySettings } from '../../storage/index.js';
import { hashKeySecret, keyPrefixOf, newKeyId, newKeySecret } from './key-secret.js';

/** A change to a key's settings: fields present replace, `null` clears, absent ones stay. */
export type VirtualKeyPatch = { name?: string } & {
  [Field in Exclude<keyof VirtualKeySettings, 'name'>]?: VirtualKeySettings[Field] | null;
};

/** A key as created: its record and the secret, which exists only here and is never stored. */
export interface CreatedKey {
  record: VirtualKeyRecord;
  secret: string;
}

function checked(settings: VirtualKeySettings): VirtualKeySettings {
  if (settings.name.trim() === '') throw new InvalidRequestError('A key needs a non-empty name.', { param: 'name' });
  const budget = settings.budget;
  if (budget && budget.tokens === undefined && budget.usd === undefined) {
    throw new InvalidRequestError('A budget needs tokens and/or usd.', { param: 'budget' });
  }
  return settings;
}

function applyPatch(current: VirtualKeySettings, patch: VirtualKeyPatch): VirtualKeySettings {
  const next: VirtualKeySettings = { ...current };
  for (const [field, value] of Object.entries(patch) as [keyof VirtualKeySettings, unknown][]) {
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else Object.assign(next, { [field]: value });
  }
  return next;
}

/**
 * Creates, changes and revokes virtual keys; shared by the admin API and `qiao keys`. Every change
 * calls `changed`, which drops cached keys on this instance and (with Redis) on every other one.
 */
export class KeyService {
  constructor(private readonly storage: Storage, private readonly changed: () => Promise<void>) {}

  async create(settings: VirtualKeySettings): Promise<CreatedKey> {
    const secret = newKeySecret();
    const now = new Date();
    const record: VirtualKeyRecord = {
      ...checked(settings), id: newKeyId(), keyHash: hashKeySecret(secret), keyPrefix: keyPrefixOf(secret), createdAt: now, updatedAt: now,
    };
    await this.storage.keys.insert(record);
    await this.changed();
    return { record, secret };
  }

  list(): Promise<VirtualKeyRecord[]> {
    return this.storage.keys.list();
  }

  async get(id: string): Promise<VirtualKeyRecord> {
    const record = await this.storage.keys.get(id);
    if (!record) throw new NotFoundError(`No key with id "${id}".`, { param: 'id' });
    return record;
  }

  async update(id: string, patch: VirtualKeyPatch): Promise<VirtualKeyRecord> {
    const current = await this.get(id);
    const updated = await this.storage.keys.update(id, checked(applyPatch(current, patch)), new Date());
    await this.changed();
    return updated ?? current;
  }

  async revoke(id: string): Promise<VirtualKeyRecord> {
    await this.get(id);
    const revoked = await this.storage.keys.revoke(id, new Date());
    await this.changed();
    if (!revoked) throw new NotFoundError(`No key with id "${id}".`, { param: 'id' });
    return revoked;
  }
}
