import type { FastifyBaseLogger } from 'fastify'
import type { JobKind } from './lifecycle.ts'
import type { CallStore, ClaimedJob } from './store.ts'

export interface OutboxOptions {
  maxAttempts: number
  baseDelayMs: number
  pollMs: number
}

export interface JobHandler {
  run(job: ClaimedJob): Promise<void>
  /** Called once when the job will not be tried again. */
  gaveUp(job: ClaimedJob, failure: JobFailure): Promise<unknown>
}

export interface JobFailure {
  message: string
  /** 4xx answers will not change on retry; network errors and 5xx may. */
  permanent: boolean
  /** Twilio's error code, when Twilio answered with one. */
  code?: number
}

const defaults: OutboxOptions = { maxAttempts: 6, baseDelayMs: 500, pollMs: 1000 }

/**
 * Runs the Twilio work that edges write in their own statement (ADR 0002). Kicked right after commit,
 * polled for retries and for jobs a crashed process left behind; the store claims rows with SKIP LOCKED,
 * so any number of instances share the work.
 */
export class Outbox {
  private readonly options: OutboxOptions
  private handlers: Partial<Record<JobKind, JobHandler>> = {}
  private draining: Promise<void> | null = null
  private readonly running = new Set<Promise<void>>()
  private again = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly store: CallStore,
    private readonly log: FastifyBaseLogger,
    private readonly describeFailure: (error: unknown) => JobFailure,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...defaults, ...options }
  }

  handle(handlers: Record<JobKind, JobHandler>): void {
    this.handlers = handlers
  }

  /** Whether it runs: edges then insert their jobs claimed, for `kick` to run right after commit. */
  get started(): boolean {
    return this.timer !== undefined
  }

  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.options.pollMs)
    this.kick()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.draining
    await Promise.all(this.running)
  }

  /**
   * Runs jobs an edge's statement claimed for this process at once (no claim statement, no wait for a
   * drain); without them, drains what is due. A claimed job this process never runs (it crashed) goes to
   * the poller of any instance once its lease is over.
   */
  kick(claimed: ClaimedJob[] = []): void {
    if (!this.timer) return
    for (const job of claimed) {
      const run = this.run(job)
        .catch((error: unknown) => this.log.error({ err: error, jobId: job.id }, 'outbox job could not be recorded'))
        .finally(() => this.running.delete(run))
      this.running.add(run)
    }
    if (claimed.length > 0) return
    if (this.draining) {
      this.again = true
      return
    }
    this.draining = this.drain().finally(() => (this.draining = null))
  }

  /** Resolves when every job due now has run (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining || this.running.size > 0) await Promise.all([this.draining, ...this.running])
  }

  private async drain(): Promise<void> {
    do {
      this.again = false
      for (let jobs = await this.store.claimJobs(); jobs.length > 0; jobs = await this.store.claimJobs()) {
        for (const job of jobs) await this.run(job)
      }
    } while (this.again)
  }

  private async run(job: ClaimedJob): Promise<void> {
    const handler = this.handlers[job.kind as JobKind]
    try {
      if (!handler) throw new Error(`unknown job kind ${job.kind}`)
      await handler.run(job)
      await this.store.finishJob(job.id, null)
    } catch (error) {
      await this.failed(job, handler, error)
    }
  }

  private async failed(job: ClaimedJob, handler: JobHandler | undefined, error: unknown): Promise<void> {
    const failure = this.describeFailure(error)
    const { message, permanent } = failure
    this.log.warn({ jobId: job.id, kind: job.kind, callId: job.callId, attempt: job.attempts, err: error }, 'outbox job failed')
    if (permanent || !handler || job.attempts >= this.options.maxAttempts) {
      await this.store.finishJob(job.id, message)
      await handler?.gaveUp(job, failure)
      return
    }
    await this.store.retryJob(job.id, message, Math.min(this.options.baseDelayMs * 2 ** (job.attempts - 1), 30_000))
  }
}
