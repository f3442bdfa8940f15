import { PrismaPg } from '@prisma/adapter-pg'
import { Prisma, PrismaClient } from '../generated/prisma/client.ts'

export { Prisma }
export type { PrismaClient }
export type { Agent, Call, CallEvent, OutboxJob, Session } from '../generated/prisma/client.ts'
export * from '../generated/prisma/enums.ts'
export type TransactionClient = Prisma.TransactionClient

/**
 * The embedded database runs one statement at a time, and pglite-socket interleaves the protocol
 * messages of concurrent connections (one connection's Bind can meet another's Parse), so the
 * embedded database gets a pool of one and transactions may queue for longer than Prisma's 2 s.
 */
export const embeddedPool = { max: 1 }
const transactionOptions = { maxWait: 10_000, timeout: 15_000 }

export function createPrisma(url: string, { max = 10 }: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }), transactionOptions })
}
