import { reservationTtlMs, type Amount, type BudgetAccount, type BudgetLedger, type Caps, type Refusal } from './budget-ledger.js';

interface Hold {
  amount: Amount;
  expiresAt: number;
}

interface AccountState {
  periodStart: string;
  spent: Amount;
  reserved: Amount;
  holds: Map<string, Hold>;
  /** No hold expires before this instant, so reservations skip the sweep until then. */
  nextExpiry: number;
}

const epsilon = 1e-9;

/** Which cap, if any, refuses adding `estimate`; the check and the hold run in one synchronous step. */
export function refusal(spent: Amount, reserved: Amount, estimate: Amount, caps: Caps): Refusal | undefined {
  for (const measure of ['tokens', 'usd'] as const) {
    const cap = caps[measure];
    if (cap === undefined) continue;
    if (spent[measure] + reserved[measure] + estimate[measure] > cap + epsilon) {
      return { measure, heldByReservations: spent[measure] + estimate[measure] <= cap + epsilon };
    }
  }
  return undefined;
}

/**
 * Budgets of one process. The spend already recorded is loaded once per key and period (every
 * concurrent first call waits for the same load); after that, check-and-hold is synchronous, so
 * parallel calls cannot overdraw.
 */
export class MemoryBudgetLedger implements BudgetLedger {
  private readonly accounts = new Map<string, AccountState>();
  private readonly loading = new Map<string, Promise<AccountState>>();

  async reserve(account: BudgetAccount, reservationId: string, estimate: Amount, caps: Caps, seed: () => Promise<Amount>): Promise<Refusal | undefined> {
    const state = this.current(account) ?? await this.load(account, seed);
    const now = Date.now();
    if (now >= state.nextExpiry) this.releaseExpired(state, now);
    const refused = refusal(state.spent, state.reserved, estimate, caps);
    if (refused) return refused;
    state.reserved.tokens += estimate.tokens;
    state.reserved.usd += estimate.usd;
    const expiresAt = now + reservationTtlMs;
    state.holds.set(reservationId, { amount: { ...estimate }, expiresAt });
    state.nextExpiry = Math.min(state.nextExpiry, expiresAt);
    return undefined;
  }

  async settle(account: BudgetAccount, reservationId: string, actual: Amount): Promise<void> {
    const state = this.current(account);
    if (!state) return;
    this.release(state, reservationId);
    state.spent.tokens += actual.tokens;
    state.spent.usd += actual.usd;
  }

  async balance(account: BudgetAccount, seed: () => Promise<Amount>): Promise<{ spent: Amount; reserved: Amount }> {
    const state = this.current(account) ?? await this.load(account, seed);
    return { spent: { ...state.spent }, reserved: { ...state.reserved } };
  }

  private current(account: BudgetAccount): AccountState | undefined {
    const state = this.accounts.get(account.keyId);
    return state?.periodStart === account.periodStart ? state : undefined;
  }

  private load(account: BudgetAccount, seed: () => Promise<Amount>): Promise<AccountState> {
    const id = `${account.keyId}\n${account.periodStart}`;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = seed().then((spent) => {
        const state = this.current(account)
          ?? { periodStart: account.periodStart, spent: { ...spent }, reserved: { tokens: 0, usd: 0 }, holds: new Map(), nextExpiry: Infinity };
        this.accounts.set(account.keyId, state);
        return state;
      }).finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /** Releases holds whose calls never settled (a crashed call); runs only once the earliest hold is due. */
  private releaseExpired(state: AccountState, now: number): void {
    state.nextExpiry = Infinity;
    for (const [id, hold] of state.holds) {
      if (hold.expiresAt <= now) this.release(state, id);
      else state.nextExpiry = Math.min(state.nextExpiry, hold.expiresAt);
    }
  }

  private release(state: AccountState, reservationId: string): void {
    const hold = state.holds.get(reservationId);
    if (!hold) return;
    state.holds.delete(reservationId);
    state.reserved.tokens -= hold.amount.tokens;
    state.reserved.usd -= hold.amount.usd;
  }
}
