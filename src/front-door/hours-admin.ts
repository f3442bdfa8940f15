import type { PrismaClient } from '../db/client.ts'
import { audit, changesBetween } from './audit.ts'
import type { HoursValues } from './forms.ts'
import { clockOf } from './hours.ts'

const switchWords = { open: 'Forced open', closed: 'Forced closed', schedule: 'Back to the schedule' } as const

/** The Hours page and the board's emergency switch: the team's schedule, holidays and override, audited. */
export class HoursAdmin {
  constructor(
    private readonly db: PrismaClient,
    private readonly saved: () => void,
  ) {}

  async values(): Promise<HoursValues | null> {
    const [hours, days, holidays] = await Promise.all([
      this.db.businessHours.findUnique({ where: { id: 1 } }),
      this.db.openingHours.findMany({ orderBy: { weekday: 'asc' } }),
      this.db.holiday.findMany({ orderBy: { date: 'asc' } }),
    ])
    if (!hours) return null
    return { timeZone: hours.timeZone, afterHoursMessage: hours.afterHoursMessage, override: hours.override, holidays, days: days.map(({ weekday, opensAt, closesAt }) => ({ weekday, opensAt, closesAt })) }
  }

  async save(actorId: number, values: HoursValues): Promise<void> {
    const before = await this.values()
    const { days, holidays, ...fields } = values
    await this.db.$transaction(async (tx) => {
      await tx.businessHours.upsert({ where: { id: 1 }, create: { id: 1, ...fields }, update: fields })
      await tx.openingHours.deleteMany()
      await tx.openingHours.createMany({ data: days })
      await tx.holiday.deleteMany()
      await tx.holiday.createMany({ data: holidays })
      await audit(tx, { agentId: actorId, action: 'hours.saved', summary: `Changed the business hours (${summary(values)})`, changes: changesBetween(before, values) })
    })
    this.saved()
  }

  /** The emergency switch: false when no hours are configured yet (the team is always open). */
  async switchTo(actorId: number, override: 'open' | 'closed' | null): Promise<boolean> {
    const done = await this.db.$transaction(async (tx) => {
      const before = await tx.businessHours.findUnique({ where: { id: 1 }, select: { override: true } })
      if (!before) return false
      await tx.businessHours.update({ where: { id: 1 }, data: { override } })
      await audit(tx, { agentId: actorId, action: 'hours.switched', summary: switchWords[override ?? 'schedule'], changes: changesBetween(before, { override }) })
      return true
    })
    if (done) this.saved()
    return done
  }
}

function summary(values: HoursValues): string {
  const open = values.days.map((d) => `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.weekday]} ${clockOf(d.opensAt)}–${clockOf(d.closesAt)}`).join(', ') || 'closed every day'
  return `${values.timeZone}: ${open}${values.override ? `; ${switchWords[values.override].toLowerCase()}` : ''}`
}
