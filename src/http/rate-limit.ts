import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import type { PrismaClient } from '../db/client.ts'
import { HttpError } from '../errors.ts'

/** A budget of `max` attempts per key in a fixed window of `windowSeconds`. */
export interface Limit {
  name: string
  max: number
  windowSeconds: number
}

/** A limit a route declares in its config; `key` names whose budget a request spends (undefined: none). */
export interface RouteLimit extends Limit {
  key(request: FastifyRequest): string | undefined
  refusal(retryAfterSeconds: number): string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteLimit
  }
}

/**
 * Reserves one attempt and answers 0 when it is within the budget, else the seconds until the window
 * resets. One statement: concurrent attempts each get their own count, so 40 at once let `max` through,
 * and every app instance on the database shares the budget.
 */
export async function takeAttempt(prisma: PrismaClient, limit: Limit, key: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number; retryAfter: number }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    VALUES (${`${limit.name}:${key}`}, 1, now() + ${limit.windowSeconds} * interval '1 second')
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "count", CEIL(EXTRACT(EPOCH FROM "resetAt" - now()))::int AS "retryAfter"`
  if (!row || row.count <= limit.max) return 0
  return Math.max(1, row.retryAfter)
}

/** Gives the key its whole budget back (a successful login). */
export async function clearAttempts(prisma: PrismaClient, limit: Limit, key: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: `${limit.name}:${key}` } })
}

export async function purgeExpiredAttempts(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.rateLimit.deleteMany({ where: { resetAt: { lte: new Date() } } })
  return count
}

/** Spends an attempt for every route that declares `config.rateLimit`; 429 with Retry-After when the budget is gone. */
export const routeLimits = fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      const limit = request.routeOptions.config.rateLimit
      const key = limit?.key(request)
      if (!limit || key === undefined) return
      const wait = await takeAttempt(app.prisma, limit, key)
      if (wait > 0) throw new HttpError(429, limit.refusal(wait), { 'retry-after': String(wait) })
    })
  },
  { name: 'route-limits', dependencies: ['database'] },
)
