/** How often a budget starts again: UTC day, ISO week (Monday), calendar month, or never. */
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

/** A spending cap per period: tokens (input + output) and/or US dollars. */
export interface KeyBudget {
  /** Most tokens (input + output) per period. */
  tokens?: number;
  /** Most US dollars per period (from the price table). */
  usd?: number;
  /** When the budget starts again. */
  period: BudgetPeriod;
}

/** What an admin sets on a virtual key (create and update). */
export interface VirtualKeySettings {
  /** Human name. */
  name: string;
  /** Allowed models: aliases, `provider/model`, or glob patterns such as `openai/*`; absent = every model. */
  models?: string[];
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute (estimated before the call, settled after it). */
  tpm?: number;
  /** Spending cap per period. */
  budget?: KeyBudget;
  /** After this instant the key no longer authenticates. */
  expiresAt?: Date;
  /** Free-form data the admin attaches (team, owner, …). */
  metadata?: Record<string, unknown>;
}

/** A virtual key as stored: settings plus identity; the secret itself is never stored, only its SHA-256. */
export interface VirtualKeyRecord extends VirtualKeySettings {
  /** Stable id, e.g. `key_3fQ…`; the owner id of what the key creates. */
  id: string;
  /** SHA-256 of the secret, hex. */
  keyHash: string;
  /** The secret's first characters, for recognition (`qk-AbC1…`). */
  keyPrefix: string;
  createdAt: Date;
  updatedAt: Date;
  /** When it was revoked; absent while valid. */
  revokedAt?: Date;
}

/** Storage of virtual keys. */
export interface VirtualKeyStore {
  /** Inserts a new key. */
  insert(record: VirtualKeyRecord): Promise<void>;
  /** The key with this id, revoked ones included. */
  get(id: string): Promise<VirtualKeyRecord | undefined>;
  /** The key whose secret hashes to `keyHash`, revoked ones included. */
  findByHash(keyHash: string): Promise<VirtualKeyRecord | undefined>;
  /** Every key, newest first. */
  list(): Promise<VirtualKeyRecord[]>;
  /** Replaces the settings of a key; the updated record, or undefined when there is none. */
  update(id: string, settings: VirtualKeySettings, updatedAt: Date): Promise<VirtualKeyRecord | undefined>;
  /** Marks the key revoked (keeps the first revocation time); the record, or undefined when there is none. */
  revoke(id: string, revokedAt: Date): Promise<VirtualKeyRecord | undefined>;
}
