import type { Usage } from '../../spec/index.js';
import { globPattern } from '../glob-pattern.js';
import { defaultPrices, type ModelPrice } from './default-prices.js';

interface Pattern {
  pattern: RegExp;
  length: number;
  price: ModelPrice;
}


/** Exact names, then patterns longest first (so `gpt-4o-mini*` wins over `gpt-4o*`). */
class PriceList {
  private readonly exact = new Map<string, ModelPrice>();
  private readonly patterns: Pattern[] = [];

  constructor(entries: Record<string, ModelPrice>) {
    for (const [name, price] of Object.entries(entries)) {
      if (name.includes('*')) this.patterns.push({ pattern: globPattern(name), length: name.length, price });
      else this.exact.set(name, price);
    }
    this.patterns.sort((a, b) => b.length - a.length);
  }

  find(names: readonly string[]): ModelPrice | undefined {
    for (const name of names) {
      const price = this.exact.get(name);
      if (price) return price;
    }
    for (const name of names) {
      const match = this.patterns.find((entry) => entry.pattern.test(name));
      if (match) return match.price;
    }
    return undefined;
  }
}

/**
 * What calls cost, from `prices` in the config over built-in list prices. A model is looked up by
 * its deployment (`provider/model`), its upstream model id, then the name the client asked for.
 */
export class PriceTable {
  private readonly configured: PriceList;
  private readonly builtin = new PriceList(defaultPrices);
  private readonly memo = new Map<string, ModelPrice | null>();

  constructor(prices: Record<string, ModelPrice> = {}) {
    this.configured = new PriceList(prices);
  }

  /** The price of the first name that has one; names in order of precedence. */
  priceOf(names: readonly (string | undefined)[]): ModelPrice | undefined {
    const present = names.filter((name): name is string => name !== undefined);
    const memoKey = present.join('\n');
    let price = this.memo.get(memoKey);
    if (price === undefined) {
      price = this.configured.find(present) ?? this.builtin.find(present) ?? null;
      if (this.memo.size > 10_000) this.memo.clear();
      this.memo.set(memoKey, price);
    }
    return price ?? undefined;
  }

  /** Dollars for the usage at this price. */
  static cost(price: ModelPrice, usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens'>): number {
    const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
    const fresh = usage.inputTokens - cached;
    return (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000;
  }
}
