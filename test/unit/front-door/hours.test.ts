import { describe, expect, it } from 'vitest'
import { hoursState, localTime, minutesOf, type Hours } from '../../../src/front-door/hours.ts'

const weekdays9to5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 9 * 60, closesAt: 17 * 60 }))
const hours = (timeZone: string, more: Partial<Hours> = {}): Hours => ({ timeZone, override: null, days: weekdays9to5, holidays: new Map(), afterHoursMessage: 'Closed.', ...more })
const open = (h: Hours | null, iso: string) => hoursState(h, new Date(iso)).open

describe('business hours in the team’s time zone', () => {
  const newYork = hours('America/New_York')

  it('is open until the minute before closing and closed from closing on (Tuesday 17:00 EST = 22:00 UTC)', () => {
    expect(open(newYork, '2026-11-24T21:59:00Z')).toBe(true)
    expect(open(newYork, '2026-11-24T22:00:00Z')).toBe(false)
    expect(open(newYork, '2026-11-24T22:01:00Z')).toBe(false)
  })

  it('opens on the minute (08:59 closed, 09:00 open) and is closed at weekends', () => {
    expect(open(newYork, '2026-11-24T13:59:00Z')).toBe(false)
    expect(open(newYork, '2026-11-24T14:00:00Z')).toBe(true)
    expect(open(newYork, '2026-11-28T15:00:00Z')).toBe(false)
  })

  it('follows the zone’s daylight-saving change: 13:30 UTC is 08:30 (closed) before it and 09:30 (open) after', () => {
    expect(localTime(new Date('2026-03-06T13:30:00Z'), 'America/New_York')).toEqual({ date: '2026-03-06', weekday: 5, minute: 8 * 60 + 30 })
    expect(open(newYork, '2026-03-06T13:30:00Z')).toBe(false)
    expect(localTime(new Date('2026-03-09T13:30:00Z'), 'America/New_York')).toEqual({ date: '2026-03-09', weekday: 1, minute: 9 * 60 + 30 })
    expect(open(newYork, '2026-03-09T13:30:00Z')).toBe(true)
    expect(open(newYork, '2026-10-30T21:30:00Z')).toBe(false)
    expect(open(newYork, '2026-11-02T21:30:00Z')).toBe(true)
  })

  it('is closed all day on a holiday, by the local date (Christmas morning in Auckland is 24 December in UTC)', () => {
    const auckland = hours('Pacific/Auckland', { holidays: new Map([['2026-12-25', 'Christmas Day']]) })
    expect(hoursState(auckland, new Date('2026-12-24T21:00:00Z'))).toEqual({ open: false, why: 'holiday', holiday: 'Christmas Day' })
    expect(open(auckland, '2026-12-23T21:00:00Z')).toBe(true)
  })

  it('the emergency switch wins over schedule and holidays', () => {
    const holiday = { holidays: new Map([['2026-11-24', 'Closed day']]) }
    expect(hoursState(hours('America/New_York', { ...holiday, override: 'open' }), new Date('2026-11-24T15:00:00Z'))).toEqual({ open: true, why: 'forced' })
    expect(hoursState(hours('America/New_York', { override: 'closed' }), new Date('2026-11-24T15:00:00Z'))).toEqual({ open: false, why: 'forced' })
  })

  it('closes at midnight with 24:00, and is always open when no hours are set', () => {
    const late = hours('UTC', { days: [{ weekday: 2, opensAt: 0, closesAt: minutesOf('24:00')! }] })
    expect(open(late, '2026-11-24T23:59:00Z')).toBe(true)
    expect(open(late, '2026-11-25T00:00:00Z')).toBe(false)
    expect(hoursState(null, new Date())).toEqual({ open: true, why: 'always' })
    expect([minutesOf('09:30'), minutesOf('24:01'), minutesOf('9:30'), minutesOf('25:00')]).toEqual([570, null, null, null])
  })
})
