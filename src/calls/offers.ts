/**
 * An offer nobody answers must not hold the caller forever: each offer gets a timer. The expiry is
 * conditional on the offer's version, so an Accept, a Decline or a hang-up in the meantime makes it a
 * no-op. Timers live in one process; after a restart (or on another instance) the sweep expires offers
 * older than the timeout.
 */
export class OfferTimers {
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (callId: number, agentId: number, version: number) => Promise<unknown>,
  ) {}

  /** `delayMs` overrides the timeout (a wrap-up ends at the moment its row names). */
  start(callId: number, agentId: number, version: number, delayMs = this.timeoutMs): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.expire(callId, agentId, version)
    }, Math.max(0, delayMs))
    timer.unref()
    this.timers.add(timer)
  }

  /** Offers updated before this moment have waited longer than the timeout. */
  cutoff(now: Date): Date {
    return new Date(now.getTime() - this.timeoutMs)
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }
}
