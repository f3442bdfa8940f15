import type { PrismaClient } from '../db/client.ts'
import { audit, changesBetween } from './audit.ts'
import type { QueueValues } from './forms.ts'

export type Saved = { ok: true; id: number } | { ok: false; errors: Record<string, string> }

const queueSelect = { id: true, name: true, greeting: true, holdMusicUrl: true, maxWaitSeconds: true, overflowAction: true, announceEverySeconds: true, members: { select: { agentId: true } } } as const

/** The Queues page: each queue with its settings and its agents (their skills). Every save is audited. */
export class QueuesAdmin {
  constructor(
    private readonly db: PrismaClient,
    private readonly saved: () => void,
  ) {}

  async list() {
    const queues = await this.db.queue.findMany({ orderBy: { name: 'asc' }, select: { ...queueSelect, members: { select: { agent: { select: { id: true, name: true } } } } } })
    return queues.map(({ members, ...queue }) => ({ ...queue, agents: members.map((m) => m.agent) }))
  }

  /** The queue as form values (members as agent ids), or null. */
  async values(id: number) {
    const queue = await this.db.queue.findUnique({ where: { id }, select: queueSelect })
    return queue && { ...queue, members: queue.members.map((m) => m.agentId).sort((a, b) => a - b) }
  }

  agents() {
    return this.db.agent.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } })
  }

  /** Creates (id null) or updates a queue and sets its members, with an audit entry, all or nothing. */
  async save(actorId: number, id: number | null, values: QueueValues): Promise<Saved> {
    const errors = await this.check(id, values)
    if (errors) return { ok: false, errors }
    const before = id === null ? null : await this.values(id)
    if (id !== null && !before) return { ok: false, errors: { form: 'This queue no longer exists.' } }
    const { members, ...fields } = values
    const saved = await this.db.$transaction(async (tx) => {
      const queue = id === null ? await tx.queue.create({ data: fields }) : await tx.queue.update({ where: { id }, data: fields })
      await tx.queueMember.deleteMany({ where: { queueId: queue.id, agentId: { notIn: members } } })
      await tx.queueMember.createMany({ data: members.map((agentId) => ({ queueId: queue.id, agentId })), skipDuplicates: true })
      const after = { ...values, members: [...members].sort((a, b) => a - b) }
      await audit(tx, { agentId: actorId, action: id === null ? 'queue.created' : 'queue.updated', summary: `${id === null ? 'Created' : 'Changed'} queue ${queue.name}`, changes: changesBetween(before, after) })
      return queue
    })
    this.saved()
    return { ok: true, id: saved.id }
  }

  private async check(id: number | null, values: QueueValues): Promise<Record<string, string> | null> {
    const [clash, known] = await Promise.all([
      this.db.queue.findFirst({ where: { name: { equals: values.name, mode: 'insensitive' }, ...(id === null ? {} : { id: { not: id } }) }, select: { id: true } }),
      this.db.agent.count({ where: { id: { in: values.members } } }),
    ])
    const errors: Record<string, string> = {}
    if (clash) errors.name = 'Another queue has that name.'
    if (known !== new Set(values.members).size) errors.members = 'Choose agents from the list.'
    return Object.keys(errors).length > 0 ? errors : null
  }
}
