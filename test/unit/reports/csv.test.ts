import { describe, expect, it } from 'vitest'
import { csvField, csvRecord, freeText } from '../../../src/reports/csv.ts'
import { teamSettingsForm } from '../../../src/admin/team-settings.ts'
import { parseReportFilters } from '../../../src/reports/query.ts'

describe('CSV', () => {
  it('quotes a field with a comma, a quote or a line break, doubling quotes, and ends records with CRLF', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 42])).toBe('plain,"a,b","say ""hi""","two\nlines",,42\r\n')
    expect(csvField('\r')).toBe('"\r"')
  })

  it('defuses text a spreadsheet would run as a formula, and leaves other text alone', () => {
    expect(freeText('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    expect(freeText('@SUM(1)')).toBe(`'@SUM(1)`)
    expect(freeText('Resolved')).toBe('Resolved')
    expect(freeText(null)).toBeNull()
  })
})

describe('team settings and report filters', () => {
  it('takes one disposition a line, and refuses a required disposition with none to choose', () => {
    expect(teamSettingsForm.parse({ dispositions: ' Resolved \r\n\r\nWrong number\nResolved', awayReasons: 'Break' })).toEqual({ dispositions: ['Resolved', 'Wrong number'], dispositionRequired: false, awayReasons: ['Break'] })
    expect(teamSettingsForm.safeParse({ dispositions: '', dispositionRequired: 'on', awayReasons: 'Break' }).success).toBe(false)
  })

  it('defaults to the last 7 days in the team time zone, and refuses unknown zones and reversed periods', () => {
    const parsed = parseReportFilters({}, 'America/New_York', new Date('2026-03-09T03:30:00Z'))
    expect(parsed).toEqual({ ok: true, filters: { from: '2026-03-02', to: '2026-03-08', queue: null, tz: 'America/New_York' } })
    expect(parseReportFilters({ tz: 'Nowhere/Else' }, 'UTC').ok).toBe(false)
    expect(parseReportFilters({ from: '2026-03-09', to: '2026-03-01' }, 'UTC').ok).toBe(false)
  })
})
