import type { PrismaClient } from '../db/client.ts'
import type { Hours } from './hours.ts'
import type { MenuOption } from './menu.ts'

export interface QueueConfig {
  id: number
  name: string
  greeting: string
  holdMusicUrl: string
  maxWaitSeconds: number
  overflowAction: 'voicemail' | 'callback'
  announceEverySeconds: number
}

export interface MenuConfig {
  number: string
  greeting: string
  options: readonly MenuOption[]
  fallback: { action: 'queue' | 'voicemail'; queueId: number }
}

/** What every ring needs to know, read together and kept for a few seconds. */
export interface FrontDoorConfig {
  queues: ReadonlyMap<number, QueueConfig>
  menus: ReadonlyMap<string, MenuConfig>
  hours: Hours | null
}

/**
 * The contact center's configuration as the voice webhook reads it: queues, the menu of each number and
 * the business hours. It is read on every ring, so it is kept in memory; this instance forgets it when an
 * admin saves (`forget`), and other instances after `ttlMs` at the latest.
 */
export class FrontDoor {
  private cached: { config: FrontDoorConfig; at: number } | null = null
  private loading: Promise<FrontDoorConfig> | null = null
  /** Bumped by `forget`, so a read that started before a save is never kept. */
  private generation = 0

  constructor(
    private readonly db: PrismaClient,
    private readonly ttlMs = 5000,
  ) {}

  async config(): Promise<FrontDoorConfig> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.config
    if (!this.loading) {
      const loading = this.load().finally(() => {
        if (this.loading === loading) this.loading = null
      })
      this.loading = loading
    }
    return this.loading
  }

  forget(): void {
    this.cached = null
    this.loading = null
    this.generation++
  }

  private async load(): Promise<FrontDoorConfig> {
    const at = Date.now()
    const generation = this.generation
    const [queues, menus, hours, days, holidays] = await Promise.all([
      this.db.queue.findMany({ select: { id: true, name: true, greeting: true, holdMusicUrl: true, maxWaitSeconds: true, overflowAction: true, announceEverySeconds: true } }),
      this.db.menu.findMany({ select: { number: true, greeting: true, fallbackAction: true, fallbackQueueId: true, options: { orderBy: { digit: 'asc' }, select: { digit: true, action: true, queueId: true, keywords: true } } } }),
      this.db.businessHours.findUnique({ where: { id: 1 } }),
      this.db.openingHours.findMany({ orderBy: { weekday: 'asc' } }),
      this.db.holiday.findMany({ orderBy: { date: 'asc' } }),
    ])
    const config: FrontDoorConfig = {
      queues: new Map(queues.map((queue) => [queue.id, queue])),
      menus: new Map(menus.map(({ fallbackAction, fallbackQueueId, ...menu }) => [menu.number, { ...menu, fallback: { action: fallbackAction, queueId: fallbackQueueId } }])),
      hours: hours && { timeZone: hours.timeZone, override: hours.override, afterHoursMessage: hours.afterHoursMessage, days, holidays: new Map(holidays.map((h) => [h.date, h.name])) },
    }
    if (generation === this.generation) this.cached = { config, at }
    return config
  }
}
