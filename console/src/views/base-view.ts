import type { Me } from '../session.js';

/** A page of the console: rendered when attached, with the signed-in caller. */
export abstract class BaseView extends HTMLElement {
  me: Me = { kind: 'anonymous' };
  /** Aborted when the page is left, so its pending requests stop. */
  protected readonly lifetime = new AbortController();

  connectedCallback(): void {
    this.render();
  }

  disconnectedCallback(): void {
    this.lifetime.abort();
  }

  protected abstract render(): void;
}
