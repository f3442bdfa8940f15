import type { FastifyBaseLogger } from 'fastify'

/**
 * When routing runs: after the triggering response has gone out, as often as asked, but never two passes
 * at once in one process; passes asked for meanwhile collapse into one more. Which caller goes to which
 * agent is decided in one statement by the store (oldest caller first, longest-idle free agent first),
 * and a unique index keeps any number of routers from giving one agent two calls.
 */
export class Router {
  private running = false
  private again = false
  private stopped = false

  constructor(
    private readonly offerNext: () => Promise<boolean>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Offers waiting calls to free agents until one side runs out; resolves with how many were offered. */
  async route(): Promise<number> {
    let offered = 0
    while (!this.stopped && (await this.offerNext())) offered++
    return offered
  }

  later(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    setImmediate(async () => {
      do {
        this.again = false
        await this.route().catch((error: unknown) => this.log.error({ err: error }, 'routing failed'))
      } while (this.again && !this.stopped)
      this.running = false
    })
  }

  stop(): void {
    this.stopped = true
  }
}
