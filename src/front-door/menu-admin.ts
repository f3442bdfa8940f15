import type { PrismaClient } from '../db/client.ts'
import { audit, changesBetween } from './audit.ts'
import type { MenuValues } from './forms.ts'

export type MenuSaved = { ok: true } | { ok: false; errors: Record<string, string> }

/** The Menu page: the one-level menu of a number. Saving replaces its options, audited, all or nothing. */
export class MenuAdmin {
  constructor(
    private readonly db: PrismaClient,
    private readonly saved: () => void,
  ) {}

  async values(number: string): Promise<MenuValues | null> {
    const menu = await this.db.menu.findUnique({ where: { number }, select: { greeting: true, fallbackAction: true, fallbackQueueId: true, options: { orderBy: { digit: 'asc' }, select: { digit: true, action: true, queueId: true, keywords: true } } } })
    return menu
  }

  async save(actorId: number, number: string, values: MenuValues): Promise<MenuSaved> {
    const queueIds = [values.fallbackQueueId, ...values.options.map((o) => o.queueId)]
    const known = new Set((await this.db.queue.findMany({ where: { id: { in: queueIds } }, select: { id: true } })).map((q) => q.id))
    const errors: Record<string, string> = {}
    if (!known.has(values.fallbackQueueId)) errors.fallbackQueueId = 'Choose a queue from the list.'
    for (const option of values.options) if (!known.has(option.queueId)) errors[`digit_${option.digit}_queue`] = 'Choose a queue from the list.'
    if (Object.keys(errors).length > 0) return { ok: false, errors }
    const before = await this.values(number)
    const { options, ...fields } = values
    await this.db.$transaction(async (tx) => {
      const menu = await tx.menu.upsert({ where: { number }, create: { number, ...fields }, update: fields })
      await tx.menuOption.deleteMany({ where: { menuId: menu.id } })
      await tx.menuOption.createMany({ data: options.map((option) => ({ ...option, menuId: menu.id })) })
      await audit(tx, { agentId: actorId, action: 'menu.saved', summary: `Changed the menu of ${number}`, changes: changesBetween(before, values) })
    })
    this.saved()
    return { ok: true }
  }
}
