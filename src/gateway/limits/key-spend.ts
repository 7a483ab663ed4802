import type { Storage, VirtualKeyRecord } from '../../storage/index.js';
import { currentAccount } from './admission.js';
import type { BudgetLedger } from './budget-ledger.js';

/** What a key has spent: in its budget's current period, or since it was created when it has no budget. */
export interface KeySpend {
  tokens: number;
  usd: number;
  /** Start of the period counted (ISO). */
  periodStart: string;
}

/** The spend the admin API and `/v1/me` report: the live ledger (settled calls) for budgeted keys, else the usage log. */
export async function keySpend(record: VirtualKeyRecord, ledger: BudgetLedger, storage: Storage): Promise<KeySpend> {
  const account = currentAccount(record);
  if (!account) {
    const spent = await storage.requestLog.spendSince(record.id, new Date(0));
    return { ...spent, periodStart: record.createdAt.toISOString() };
  }
  const { spent } = await ledger.balance(account, () => storage.requestLog.spendSince(record.id, new Date(account.periodStart)));
  return { ...spent, periodStart: account.periodStart };
}
