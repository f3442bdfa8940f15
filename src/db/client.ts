import { PrismaPg } from '@prisma/adapter-pg'
import { type Prisma, PrismaClient } from '../generated/prisma/client.ts'

export { Prisma } from '../generated/prisma/client.ts'
export type { Agent, Call, CallEvent, OutboxJob, Session } from '../generated/prisma/client.ts'
export * from '../generated/prisma/enums.ts'
export type { PrismaClient }
export type TransactionClient = Prisma.TransactionClient

export function createPrisma(url: string, { max = 10 }: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) })
}
