/**
 * Who is calling: set once per request by the key check, carried in every CallContext. What a
 * caller creates (threads, vector stores, cache entries) is scoped by `ownerId`.
 */
export interface Caller {
  /** Owner of what this caller creates: a virtual key's id, `admin`, `gateway` (the single configured key) or `anonymous` (auth off). */
  ownerId: string;
  /** Whether admin routes and per-request routing overrides are allowed. */
  isAdmin: boolean;
  /** The virtual key's id, when the caller presented one. */
  keyId?: string;
}

/** The caller when authentication is off. */
export const anonymousCaller: Caller = Object.freeze({ ownerId: 'anonymous', isAdmin: false });
