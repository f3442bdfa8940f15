import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { activeStatuses, edges, endReasonLabels, eventLabels, fits, notes, statusLabels, supervisable, wrapUpSteps, type Edge, type EdgeName } from '../../../src/calls/lifecycle.ts'
import { migrationsDir } from '../../../src/db/paths.ts'

const rows = Object.entries(edges) as [string, Edge][]

describe('the lifecycle table keeps its own rules', () => {
  it.each(rows.filter(([, row]) => row.actor === 'agent' && row.from.length > 0))('%s: a click needs the holder (or the transfer’s target) and the card version', (_name, row) => {
    expect(row.versioned).toBe(true)
    expect(row.holder || row.transfer === 'take' || row.transfer === 'clear' || row.transfer === 'consult').toBe(true)
  })

  it.each(rows.filter(([, row]) => row.direction === 'any'))('%s: a direction-free edge is a click or the app’s own, never a report from Twilio', (_name, row) => {
    expect(row.actor).not.toBe('twilio')
    expect(row.from.length).toBeGreaterThan(0)
  })

  it.each(rows.filter(([, row]) => row.actor === 'twilio'))('%s: a report from Twilio moves one kind of call only', (_name, row) => {
    expect(['inbound', 'outbound']).toContain(row.direction)
  })

  it.each(rows.filter(([, row]) => row.to === 'ended'))('%s: an end stamps endedAt and names a reason', (_name, row) => {
    expect(row.stamp).toBe('endedAt')
    expect(row.endReason).toBeDefined()
    expect(row.push).toBe('remove')
  })

  it.each(rows.filter(([, row]) => row.from.includes('ended')))('%s: leaving ended undoes the end', (_name, row) => {
    expect(row.reopen).toBe(true)
  })

  it.each(rows.filter(([, row]) => row.agent === 'clear'))('%s: a call taken from its agent goes back to the queue and is routed again', (_name, row) => {
    expect(row.to).toBe('queued')
    expect(row.then).toContain('reroute')
  })

  it.each(rows.filter(([, row]) => row.presence === 'away'))('%s: setting the agent away pushes their presence', (_name, row) => {
    expect(row.then).toContain('presence')
  })

  it.each(rows.filter(([, row]) => row.wrapUp === 'start'))('%s: a wrap-up starts only when an agent\'s call ends, with its timer', (_name, row) => {
    expect(row).toMatchObject({ to: 'ended', idle: true })
    expect(row.then).toContain('wrap-up-timer')
  })

  it('tells which edge may leave a call as last read: its direction (or none) and its from states', () => {
    expect(fits('abandoned', { status: 'queued', direction: 'inbound' })).toBe(true)
    expect(fits('abandoned', { status: 'in_progress', direction: 'inbound' })).toBe(false)
    expect(fits('hung_up', { status: 'in_progress', direction: 'inbound' })).toBe(true)
    expect(fits('hung_up', { status: 'in_progress', direction: 'outbound' })).toBe(false)
    expect(fits('hung_up', { status: 'ended', direction: 'inbound' })).toBe(false)
    const free = rows.find(([, row]) => row.direction === 'any')!
    for (const direction of ['inbound', 'outbound'] as const) expect(fits(free[0] as EdgeName, { status: free[1].from[0]!, direction })).toBe(true)
  })

  it('names every wrap-up step in words, and every step frees the agent for routing', () => {
    for (const [, step] of Object.entries(wrapUpSteps)) {
      expect(eventLabels[step.event]).toBeTruthy()
      expect(step.then).toContain('reroute')
    }
  })

  it('names every state, end reason and timeline event in words', () => {
    for (const status of [...activeStatuses, 'queued', 'ended'] as const) expect(statusLabels[status]).toBeTruthy()
    for (const [, row] of rows) {
      expect(eventLabels[row.event]).toBeTruthy()
      if (row.endReason) expect(endReasonLabels[row.endReason]).toBeTruthy()
    }
    for (const note of Object.keys(notes)) expect(eventLabels[note]).toBeTruthy()
  })

  it('agrees with the database on which statuses hold an agent (the unique index on active calls)', async () => {
    const folders = (await readdir(migrationsDir)).sort()
    const sql = (await Promise.all(folders.filter((f) => !f.endsWith('.toml')).map((f) => readFile(join(migrationsDir, f, 'migration.sql'), 'utf8')))).join('\n')
    const index = [...sql.matchAll(/CREATE UNIQUE INDEX "Call_agentId_active_key" ON "Call"\("agentId"\) WHERE "status" IN \(([^)]*)\)/g)].at(-1)
    expect(index?.[1]?.match(/'(\w+)'/g)?.map((s) => s.slice(1, -1)).sort()).toEqual([...activeStatuses].sort())
  })
})

describe('supervisable', () => {
  it('lets a supervisor into a call where the caller talks with an agent, and into no other', () => {
    expect(['in_progress', 'on_hold', 'transferring', 'consulting'].filter(supervisable)).toHaveLength(4)
    expect(['queued', 'offered', 'connecting', 'dialing', 'ringing', 'ended', 'voicemail', 'in_menu'].filter(supervisable)).toEqual([])
  })
})
