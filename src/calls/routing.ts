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
  /** Whether an agent anywhere is online with a panel open, as last asked, and until when that answer holds (0: ask). */
  private connected = { anyone: true, until: 0 }

  constructor(
    private readonly offerNext: () => Promise<boolean>,
    private readonly log: FastifyBaseLogger,
    /**
     * Whether any agent is online with a live panel, on any instance: a light statement asked at most once per
     * `quietMs` (either answer is kept that long). While nobody is, a pass is skipped without the routing statement (a ring then costs one
     * statement, as in a call center before its agents log in). An agent coming online or opening a panel asks
     * again at once (`later(true)`), and that instance routes every waiting call; the sweep asks again too, so
     * another instance that had just found nobody routes its own rings within a sweep at worst.
     */
    private readonly anyoneConnected: () => Promise<boolean> = async () => true,
    private readonly quietMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Offers waiting calls to free agents until one side runs out; resolves with how many were offered. */
  async route(fresh = false): Promise<number> {
    if (fresh) this.connected.until = 0
    if (this.clock() >= this.connected.until) this.connected = { anyone: await this.anyoneConnected(), until: this.clock() + this.quietMs }
    if (!this.connected.anyone) return 0
    let offered = 0
    while (!this.stopped && (await this.offerNext())) offered++
    return offered
  }

  /** A routing pass after the current work; `fresh` when agents may have come online (forget that nobody was). */
  later(fresh = false): void {
    if (fresh) this.connected.until = 0
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
