import { globPattern } from '../glob-pattern.js';

/**
 * Which models a virtual key may call: aliases, `provider/model`, bare names or globs such as
 * `openai/*`. A request is allowed when the name it asked for matches, or when every deployment it
 * resolves to (`provider/model`) matches — so a fallback can never reach a model outside the list.
 */
export class ModelAllowance {
  private readonly patterns: RegExp[];

  constructor(readonly models: readonly string[]) {
    this.patterns = models.map(globPattern);
  }

  private matches(name: string): boolean {
    return this.patterns.some((pattern) => pattern.test(name));
  }

  /** Whether the request for `requested`, served by `deployments` (`provider/model`), is allowed. */
  allows(requested: string, deployments: readonly string[]): boolean {
    if (this.matches(requested)) return true;
    return deployments.length > 0 && deployments.every((deployment) => this.matches(deployment));
  }
}
