/**
 * Seed 000's heartbeat: clients call `GET /heartbeat` periodically; a watched gateway shuts down
 * when none arrives for the timeout. Used by `qiao core` (500 s by default) and `qiao serve --timeout`.
 * Time is measured on the monotonic clock, so wall-clock changes neither fire nor delay it.
 */
export class HeartbeatMonitor {
  private last = performance.now();
  private deadline: NodeJS.Timeout | undefined;

  /** Records a beat and restarts the deadline; returns the seconds since the previous beat (or since start). */
  beat(): number {
    const now = performance.now();
    const elapsedSeconds = (now - this.last) / 1000;
    this.last = now;
    this.deadline?.refresh();
    return Math.round(elapsedSeconds * 1000) / 1000;
  }

  /** Calls `onSilence` once when `timeoutSeconds` pass without a beat, counting from now. */
  watch(timeoutSeconds: number, onSilence: () => void): void {
    this.stop();
    this.deadline = setTimeout(() => {
      this.deadline = undefined;
      onSilence();
    }, timeoutSeconds * 1000);
    // The server keeps the process alive; the deadline alone must not.
    this.deadline.unref();
  }

  /** Stops watching. */
  stop(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = undefined;
  }
}
