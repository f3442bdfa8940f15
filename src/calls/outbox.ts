import type { FastifyInstance } from 'fastify'
import { isPermanent, restFailure } from '../twilio/rest.ts'
import { jobHandlers, type Job, type JobKind } from './jobs.ts'

export interface OutboxOptions {
  maxAttempts: number
  baseDelayMs: number
  pollMs: number
}

interface ClaimedRow {
  id: number
  kind: string
  callId: number | null
  attempts: number
  callStatus: string | null
  twilioSid: string | null
  agentId: number | null
}

const defaults: OutboxOptions = { maxAttempts: 6, baseDelayMs: 500, pollMs: 1000 }

/**
 * Runs the Twilio work that transitions write in their own transaction. Kicked right after commit,
 * polled for retries and for jobs a crashed process left behind; rows are claimed with SKIP LOCKED.
 */
export class Outbox {
  private readonly options: OutboxOptions
  private draining: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly app: FastifyInstance,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...defaults, ...options }
  }

  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.options.pollMs)
    this.kick()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.draining
  }

  kick(): void {
    if (!this.timer) return
    if (this.draining) {
      this.again = true
      return
    }
    this.draining = this.drain().finally(() => (this.draining = null))
  }

  /** Resolves when every job due now has run (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining
  }

  private async drain(): Promise<void> {
    do {
      this.again = false
      for (let jobs = await this.claim(); jobs.length > 0; jobs = await this.claim()) {
        for (const job of jobs) await this.run(job)
      }
    } while (this.again)
  }

  /**
   * A claimed job whose worker died is claimed again after 30 seconds. Prisma keeps timestamps as UTC
   * without a zone, so they are compared with the server's clock in UTC, whatever its TimeZone setting.
   */
  private async claim(): Promise<Job[]> {
    const rows = await this.app.prisma.$queryRaw<ClaimedRow[]>`
      WITH claimed AS (
        UPDATE "OutboxJob" SET "lockedAt" = now() AT TIME ZONE 'UTC', "attempts" = "attempts" + 1
        WHERE "id" IN (
          SELECT "id" FROM "OutboxJob"
          WHERE "doneAt" IS NULL AND "runAt" <= now() AT TIME ZONE 'UTC'
            AND ("lockedAt" IS NULL OR "lockedAt" < now() AT TIME ZONE 'UTC' - interval '30 seconds')
          ORDER BY "id" LIMIT 20 FOR UPDATE SKIP LOCKED)
        RETURNING "id", "kind", "callId", "attempts")
      SELECT claimed.*, c."status"::text AS "callStatus", c."twilioSid", c."agentId"
      FROM claimed LEFT JOIN "Call" c ON c."id" = claimed."callId"
      ORDER BY claimed."id"`
    return rows.map(({ callStatus, twilioSid, agentId, ...job }) => ({
      ...job,
      call: job.callId && callStatus ? { id: job.callId, status: callStatus, twilioSid, agentId } : null,
    }))
  }

  private async run(job: Job): Promise<void> {
    const handler = jobHandlers[job.kind as JobKind]
    try {
      if (!handler) throw new Error(`unknown job kind ${job.kind}`)
      await handler.run(this.app, job)
      await this.finish(job, null)
    } catch (error) {
      await this.failed(job, error)
    }
  }

  private async failed(job: Job, error: unknown): Promise<void> {
    const { message } = restFailure(error)
    this.app.log.warn({ jobId: job.id, kind: job.kind, callId: job.callId, attempt: job.attempts, err: error }, 'outbox job failed')
    if (isPermanent(error) || job.attempts >= this.options.maxAttempts) {
      await this.finish(job, message)
      await jobHandlers[job.kind as JobKind]?.gaveUp(this.app, job, message)
      return
    }
    const delay = Math.min(this.options.baseDelayMs * 2 ** (job.attempts - 1), 30_000)
    await this.app.prisma.outboxJob.update({
      where: { id: job.id },
      data: { lockedAt: null, lastError: message, runAt: new Date(Date.now() + delay) },
    })
  }

  private async finish(job: Job, lastError: string | null): Promise<void> {
    await this.app.prisma.outboxJob.update({ where: { id: job.id }, data: { doneAt: new Date(), lockedAt: null, lastError } })
  }
}
