import type { PrismaClient } from '../db/client.ts'
import { tokensMatch } from './auth.ts'
import type { NewAgent } from './new-agent.ts'
import { hashPassword } from './password.ts'

export type SetupResult = { created: { id: number } } | { refused: 'closed' | 'email-taken' }

/**
 * The one-time first-admin setup: while the database has no admin, a token (logged, never stored) lets
 * whoever holds it create the first admin once. Any admin, however made, closes it. The token is derived
 * from the session secret, so every instance behind a load balancer prints and accepts the same one.
 */
export class FirstAdminSetup {
  #token: string | undefined

  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretToken: string,
  ) {}

  async begin(): Promise<string | undefined> {
    this.#token = (await this.adminExists()) ? undefined : this.secretToken
    return this.#token
  }

  async isOpen(): Promise<boolean> {
    if (this.#token && (await this.adminExists())) this.#token = undefined
    return this.#token !== undefined
  }

  accepts(token: string | undefined): boolean {
    return tokensMatch(token, this.#token)
  }

  async createAdmin(agent: NewAgent): Promise<SetupResult> {
    const passwordHash = await hashPassword(agent.password)
    const result = await this.prisma.$transaction(async (tx) => {
      // Two instances (or two tabs) racing with their tokens: the lock lets exactly one admin be first.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:first-admin'))`
      if ((await tx.agent.count({ where: { role: 'admin' } })) > 0) return { refused: 'closed' } as const
      if (await tx.agent.findUnique({ where: { email: agent.email }, select: { id: true } })) return { refused: 'email-taken' } as const
      const created = await tx.agent.create({ data: { name: agent.name, email: agent.email, passwordHash, role: 'admin' }, select: { id: true } })
      return { created }
    })
    if ('created' in result || result.refused === 'closed') this.#token = undefined
    return result
  }

  private async adminExists(): Promise<boolean> {
    return (await this.prisma.agent.count({ where: { role: 'admin' } })) > 0
  }
}
