/** Tokens (input + output) and US dollars; what a call is estimated to cost or did cost. */
export interface Amount {
  tokens: number;
  usd: number;
}

/** Caps for one key in one period; undefined = no cap on that measure. */
export interface Caps {
  tokens?: number;
  usd?: number;
}

/** One key's budget in one period: the ledger account. */
export interface BudgetAccount {
  keyId: string;
  /** ISO start of the period; part of the account's identity, so a new period starts from zero. */
  periodStart: string;
  /** Seconds the account is kept after the period ends (undefined: forever, for `total`). */
  ttlSeconds?: number;
}

/** Why a reservation was refused. */
export type Refusal = {
  /** Which cap it would break. */
  measure: 'tokens' | 'usd';
  /** True when it fails only because of other calls' reservations still in flight (worth retrying soon). */
  heldByReservations: boolean;
};

/**
 * Spend per key and period, with reservations: `reserve` checks and holds the estimate in one
 * atomic step, `settle` replaces it with what the call really cost. Implementations: in memory
 * (one process) and Redis (a Lua script, shared by every instance).
 */
export interface BudgetLedger {
  /** Holds `estimate` under the caps, or says which cap refuses it; atomic. `seed` gives the spend already recorded (loaded on first use). */
  reserve(account: BudgetAccount, reservationId: string, estimate: Amount, caps: Caps, seed: () => Promise<Amount>): Promise<Refusal | undefined>;
  /** Releases the reservation and adds what the call cost. */
  settle(account: BudgetAccount, reservationId: string, actual: Amount): Promise<void>;
  /** Spent and held so far in the account's period. */
  balance(account: BudgetAccount, seed: () => Promise<Amount>): Promise<{ spent: Amount; reserved: Amount }>;
}

/** Reservations not settled within this time (a call that never reported back) are released. */
export const reservationTtlMs = 15 * 60_000;
