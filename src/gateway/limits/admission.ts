import { randomUUID } from 'node:crypto';
import { flatString } from '../../http/index.js';
import { AuthenticationError, LimitExceededError, LimitsUnavailableError, ModelNotAllowedError } from '../../errors/index.js';
import type { ChatRequest, EmbeddingRequest } from '../../spec/index.js';
import type { RequestLogEntry, Storage, VirtualKeyRecord } from '../../storage/index.js';
import type { CallContext } from '../chat-service.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import { ModelAllowance } from '../keys/model-allowance.js';
import type { Logger } from '../logger.js';
import type { Route } from '../model-registry.js';
import type { ModelPrice } from '../usage/default-prices.js';
import { PriceTable } from '../usage/price-table.js';
import type { BudgetAccount, BudgetLedger, Refusal } from './budget-ledger.js';
import { periodEnd, periodStart } from './budget-period.js';
import { estimateCall } from './call-estimate.js';
import type { RateLimits } from './rate-limits.js';

/** What an admitted call holds until it is settled. */
interface Ticket {
  keyId: string;
  tpm?: number;
  tokensHeld: number;
  budget?: { account: BudgetAccount; reservationId: string };
}

/** What admission needs from the rest of the gateway. */
export interface AdmissionParts {
  directory: KeyDirectory;
  rateLimits: RateLimits;
  ledger: BudgetLedger;
  prices: PriceTable;
  storage: Storage;
  logger: Logger;
  /** Output tokens assumed for a call without `max_tokens` (`limits.defaultOutputTokens`). */
  defaultOutputTokens: number;
}

/** A budget period: its start (ISO) and its end (ms since the epoch; Infinity for `total`). */
interface Period {
  start: string;
  end: number;
}

function periodAt(period: NonNullable<VirtualKeyRecord['budget']>['period'], now: number): Period {
  const end = periodEnd(period, new Date(now));
  return { start: periodStart(period, new Date(now)).toISOString(), end: end ? end.getTime() : Infinity };
}

/** The account of a key in a period; the Redis key outlives the period by a day. */
function accountIn(record: VirtualKeyRecord, period: Period, now: number): BudgetAccount {
  return {
    keyId: record.id,
    periodStart: period.start,
    ...(period.end !== Infinity && { ttlSeconds: Math.ceil((period.end - now) / 1000) + 86_400 }),
  };
}

/** The budget account of a key's current period. */
export function currentAccount(record: VirtualKeyRecord, now = new Date()): BudgetAccount | undefined {
  return record.budget && accountIn(record, periodAt(record.budget.period, now.getTime()), now.getTime());
}

function budgetMessage(record: VirtualKeyRecord, refusal: Refusal): string {
  const budget = record.budget!;
  const cap = refusal.measure === 'usd' ? `$${budget.usd} per ${budget.period}` : `${budget.tokens} tokens per ${budget.period}`;
  return refusal.heldByReservations
    ? `Budget of this key (${cap}) is held by calls in flight; retry shortly.`
    : `Budget of this key (${cap}) is exhausted for this call${budget.period === 'total' ? '' : ' until the period ends'}.`;
}

/**
 * Per virtual key, before a call: the model allowance (403), RPM and TPM (429), and the budget —
 * the estimate is reserved atomically, so parallel calls cannot overdraw. After the call, `settle`
 * replaces the reservation with what the usage log records.
 */
export class Admission {
  private readonly tickets = new WeakMap<CallContext, Ticket>();
  private readonly allowances = new WeakMap<VirtualKeyRecord, ModelAllowance>();
  /** Each key's current budget period, until it ends. */
  private readonly periods = new WeakMap<VirtualKeyRecord, Period>();
  /** The prices of each route's deployments (the price table does not change while Qiao runs). */
  private readonly routePrices = new WeakMap<Route, (ModelPrice | undefined)[]>();

  constructor(private readonly parts: AdmissionParts) {}

  /** Admits the call or throws ModelNotAllowedError / LimitExceededError; a no-op for callers without a virtual key. */
  async admit(context: CallContext, route: Route, request: ChatRequest | EmbeddingRequest): Promise<void> {
    const keyId = context.caller.keyId;
    if (keyId === undefined) return;
    const record = await this.recordOf(keyId);
    this.checkModel(record, route.requested, () => route.deployments.map((deployment) => `${deployment.provider.name}/${deployment.modelId}`));
    const { rateLimits } = this.parts;
    if (record.rpm !== undefined) await this.guarded(rateLimits.consume('rpm', keyId, record.rpm, 1));
    if (record.tpm === undefined && !record.budget) return;
    const estimate = await estimateCall(request, this.parts.defaultOutputTokens);
    const tokens = estimate.inputTokens + estimate.outputTokens;
    if (record.tpm !== undefined) await this.guarded(rateLimits.consume('tpm', keyId, record.tpm, tokens));
    const ticket: Ticket = { keyId, tpm: record.tpm, tokensHeld: tokens };
    const account = this.accountOf(record);
    if (account && record.budget) {
      let usd = 0;
      for (const price of this.pricesOf(route)) if (price) usd = Math.max(usd, PriceTable.cost(price, estimate));
      // Kept for the request's life: one flat string, not the 16 pieces Node builds a UUID from.
      const reservationId = flatString(randomUUID());
      const seed = () => this.parts.storage.requestLog.spendSince(keyId, new Date(account.periodStart));
      const refusal = await this.guarded(this.parts.ledger.reserve(account, reservationId, { tokens, usd }, record.budget, seed));
      if (refusal) {
        if (record.tpm !== undefined) rateLimits.adjust('tpm', keyId, record.tpm, tokens);
        const end = periodEnd(record.budget.period);
        const retryAfter = refusal.heldByReservations ? 1 : end && Math.ceil((end.getTime() - Date.now()) / 1000);
        throw new LimitExceededError('budget', budgetMessage(record, refusal), retryAfter);
      }
      ticket.budget = { account, reservationId };
    }
    this.tickets.set(context, ticket);
  }

  /** Replaces the call's reservation with what it used (from the usage log entry); a no-op when nothing was held. */
  settle(context: CallContext, entry: RequestLogEntry): void {
    const ticket = this.tickets.get(context);
    if (!ticket) return;
    this.tickets.delete(context);
    const tokens = (entry.inputTokens ?? 0) + (entry.outputTokens ?? 0);
    if (ticket.tpm !== undefined) this.parts.rateLimits.adjust('tpm', ticket.keyId, ticket.tpm, ticket.tokensHeld - tokens);
    if (ticket.budget) {
      this.parts.ledger.settle(ticket.budget.account, ticket.budget.reservationId, { tokens, usd: entry.costUsd ?? 0 })
        .catch((error: unknown) => this.parts.logger.error({ err: error, keyId: ticket.keyId }, 'budget settlement failed'));
    }
  }

  /** A workflow run (`provider/<workflow id>`): the key's model list and RPM apply; it reports no tokens to budget. */
  async admitWorkflow(context: CallContext, workflow: string): Promise<void> {
    const keyId = context.caller.keyId;
    if (keyId === undefined) return;
    const record = await this.recordOf(keyId);
    this.checkModel(record, workflow, () => [workflow]);
    if (record.rpm !== undefined) await this.guarded(this.parts.rateLimits.consume('rpm', keyId, record.rpm, 1));
  }

  /** The key's record: cached by the authentication of this very request, else read again. */
  private async recordOf(keyId: string): Promise<VirtualKeyRecord> {
    const record = this.parts.directory.cachedById(keyId) ?? await this.parts.directory.findById(keyId);
    if (!record) throw new AuthenticationError('Invalid API key.');
    return record;
  }

  /** `currentAccount` without its date arithmetic on every call: the period is worked out once until it ends. */
  private accountOf(record: VirtualKeyRecord): BudgetAccount | undefined {
    if (!record.budget) return undefined;
    const now = Date.now();
    let period = this.periods.get(record);
    if (!period || now >= period.end) {
      period = periodAt(record.budget.period, now);
      this.periods.set(record, period);
    }
    return accountIn(record, period, now);
  }

  private pricesOf(route: Route): (ModelPrice | undefined)[] {
    let prices = this.routePrices.get(route);
    if (!prices) {
      prices = route.deployments.map((deployment) =>
        this.parts.prices.priceOf([`${deployment.provider.name}/${deployment.modelId}`, deployment.modelId, route.requested]));
      this.routePrices.set(route, prices);
    }
    return prices;
  }

  private checkModel(record: VirtualKeyRecord, requested: string, deploymentsOf: () => string[]): void {
    if (!record.models) return;
    const deployments = deploymentsOf();
    let allowance = this.allowances.get(record);
    if (!allowance) {
      allowance = new ModelAllowance(record.models);
      this.allowances.set(record, allowance);
    }
    if (!allowance.allows(requested, deployments)) {
      throw new ModelNotAllowedError(`Model "${requested}" is not allowed for this key (allowed: ${record.models.join(', ') || 'none'}).`, { param: 'model' });
    }
  }

  /** Limits kept in Redis fail closed: a call is refused rather than left unaccounted. */
  private async guarded<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      if (error instanceof LimitExceededError) throw error;
      this.parts.logger.error({ err: error }, 'limits store failed');
      throw new LimitsUnavailableError('Limits and budgets cannot be checked right now; retry shortly.', { retryAfterSeconds: 1, cause: error });
    }
  }
}
