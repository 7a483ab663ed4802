import type { BudgetPeriod } from '../../storage/index.js';

const dayMs = 86_400_000;

/** Start of the period that contains `at`, in UTC (weeks start on Monday); `total` never restarts. */
export function periodStart(period: BudgetPeriod, at: Date = new Date()): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const day = at.getUTCDate();
  switch (period) {
    case 'day': return new Date(Date.UTC(year, month, day));
    case 'week': return new Date(Date.UTC(year, month, day) - ((at.getUTCDay() + 6) % 7) * dayMs);
    case 'month': return new Date(Date.UTC(year, month, 1));
    case 'total': return new Date(0);
  }
}

/** When the period that contains `at` ends; undefined for `total`. */
export function periodEnd(period: BudgetPeriod, at: Date = new Date()): Date | undefined {
  const start = periodStart(period, at);
  switch (period) {
    case 'day': return new Date(start.getTime() + dayMs);
    case 'week': return new Date(start.getTime() + 7 * dayMs);
    case 'month': return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case 'total': return undefined;
  }
}
