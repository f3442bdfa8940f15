import type { Prisma, PrismaClient, TransactionClient } from '../db/client.ts'

/** What changed, field by field, between what was stored and what was saved. */
export function changesBetween<T extends object>(before: T | null, after: T): Prisma.InputJsonObject {
  const changes: Record<string, Prisma.InputJsonValue> = {}
  for (const [field, value] of Object.entries(after)) {
    const was = (before as Record<string, unknown> | null)?.[field]
    if (JSON.stringify(was) !== JSON.stringify(value)) changes[field] = { from: (was ?? null) as Prisma.InputJsonValue, to: (value ?? null) as Prisma.InputJsonValue }
  }
  return changes
}

export interface AuditRecord {
  agentId: number
  action: string
  summary: string
  changes: Prisma.InputJsonObject
}

/** Written in the same transaction as the change it describes. */
export function audit(db: TransactionClient, record: AuditRecord) {
  return db.auditEntry.create({ data: record })
}

export function recentAudit(db: PrismaClient, take = 100) {
  return db.auditEntry.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: { id: true, action: true, summary: true, changes: true, createdAt: true, agent: { select: { name: true } } } })
}
