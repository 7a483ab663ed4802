import {
  CircuitState, ConsecutiveBreaker, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy, type IBreaker,
} from 'cockatiel';
import { GatewayError } from '../../errors/index.js';
import type { RoutingConfig } from '../../config/index.js';

/** What `/health`, `/admin/deployments` and metrics call a circuit's state. */
export type CircuitName = 'closed' | 'open' | 'half-open';

/** Opens on whichever trips first: failures in a row, or the failure rate over the window. */
class EitherBreaker implements IBreaker {
  constructor(private readonly consecutive: ConsecutiveBreaker, private readonly sampling: SamplingBreaker) {}

  get state(): unknown {
    return [this.consecutive.state, this.sampling.state];
  }

  set state(value: unknown) {
    const [consecutive, sampling] = value as [unknown, unknown];
    this.consecutive.state = consecutive as number;
    this.sampling.state = sampling;
  }

  success(state: CircuitState): void {
    this.consecutive.success();
    this.sampling.success(state);
  }

  failure(state: CircuitState): boolean {
    const inARow = this.consecutive.failure();
    const byRate = this.sampling.failure(state);
    return inARow || byRate;
  }
}

/** A failure that says something about the deployment (not the caller's request, not the client leaving). */
export function countsAgainstDeployment(error: unknown): boolean {
  return error instanceof GatewayError && error.retryable && error.code !== 'client_closed' && error.code !== 'shutting_down';
}

/**
 * One deployment's circuit breaker (cockatiel's, with a consecutive and a sampling breaker).
 * Unlike cockatiel's default, a caller never waits on another call's half-open probe: the
 * deployment is reported unavailable until the probe has settled.
 */
export class Circuit {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(private readonly settings: RoutingConfig['breaker']) {
    const windowSeconds = settings.windowMs / 1000;
    this.policy = circuitBreaker(handleWhen(countsAgainstDeployment), {
      halfOpenAfter: settings.halfOpenAfterMs,
      breaker: new EitherBreaker(
        new ConsecutiveBreaker(settings.consecutiveFailures),
        new SamplingBreaker({ threshold: settings.failureRate, duration: settings.windowMs, minimumRps: settings.minimumRequests / windowSeconds }),
      ),
    });
    this.policy.onBreak(() => { this.openedAt = Date.now(); });
  }

  /** Whether a call may go now: closed, or open long enough that this call becomes the probe. */
  available(): boolean {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return true;
    if (state === CircuitState.Open) return Date.now() - this.openedAt >= this.settings.halfOpenAfterMs;
    return false;
  }

  /** Milliseconds until an open circuit lets a probe through (0 when it would now). */
  msUntilProbe(): number {
    return this.policy.state === CircuitState.Open ? Math.max(0, this.openedAt + this.settings.halfOpenAfterMs - Date.now()) : 0;
  }

  /** Runs one call through the breaker; call `available()` first. */
  run<T>(call: () => Promise<T>): Promise<T> {
    return this.policy.execute(call);
  }

  /** The state by name; an open circuit past its wait is reported `half-open` (the next call probes). */
  get name(): CircuitName {
    switch (this.policy.state) {
      case CircuitState.Closed: return 'closed';
      case CircuitState.HalfOpen: return 'half-open';
      default: return this.available() ? 'half-open' : 'open';
    }
  }
}
