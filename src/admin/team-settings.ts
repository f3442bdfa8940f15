import { z } from 'zod'
import type { PrismaClient } from '../db/client.ts'
import { audit, changesBetween } from '../front-door/audit.ts'

/** One name a line; blank lines dropped, duplicates once, in the order typed. */
const lines = (what: string) =>
  z
    .string()
    .max(4000)
    .transform((text) => [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(60, `Each ${what} has at most 60 characters.`)).max(30, `At most 30 ${what}s.`))

export const teamSettingsForm = z.object({
  dispositions: lines('disposition'),
  dispositionRequired: z.literal('on').optional().transform((value) => value === 'on'),
  awayReasons: lines('away reason').pipe(z.array(z.string()).min(1, 'Give at least one away reason.')),
}).refine((form) => !form.dispositionRequired || form.dispositions.length > 0, { message: 'A required disposition needs at least one to choose from.', path: ['dispositionRequired'] })

export type TeamSettingsValues = z.output<typeof teamSettingsForm>

const select = { dispositions: true, dispositionRequired: true, awayReasons: true } as const

/** The team's wrap-up dispositions (and whether one is required) and the agents' away reasons; one row. */
export async function teamSettings(db: PrismaClient): Promise<TeamSettingsValues> {
  return (await db.teamSettings.findUnique({ where: { id: 1 }, select })) ?? { dispositions: [], dispositionRequired: false, awayReasons: ['Break'] }
}

export async function saveTeamSettings(db: PrismaClient, agentId: number, values: TeamSettingsValues): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.teamSettings.findUnique({ where: { id: 1 }, select })
    await tx.teamSettings.upsert({ where: { id: 1 }, create: { id: 1, ...values }, update: values })
    await audit(tx, { agentId, action: 'team_settings.update', summary: 'Changed wrap-up dispositions and away reasons', changes: changesBetween(before, values) })
  })
}
