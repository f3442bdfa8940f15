import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'
import { notesWithEverything, period, seedReportFixture } from './fixture.ts'

let t: TestApp
let admin: TestClient
let queueId: number
beforeAll(async () => {
  t = await startTestApp()
  ;({ queueId } = await seedReportFixture(t.prisma, { alice: t.agents.alice.id, bob: t.agents.bob.id }))
  admin = await t.loggedIn('admin')
})
afterAll(() => t.close())

/** A strict RFC 4180 parser: CRLF records, quoted fields with doubled quotes; anything else throws. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let i = 0
  while (i < text.length) {
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2)
        else if (text[i] === '"') break
        else field += text[i++]
      }
      i++
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`stray character after a quoted field at ${i}`)
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`)
        field += text[i++]
      }
    }
    record.push(field)
    field = ''
    if (text[i] === ',') i++
    else if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error('CR without LF')
      i += 2
      records.push(record)
      record = []
    }
  }
  if (record.length > 0) throw new Error('the last record has no CRLF')
  return records
}

const query = new URLSearchParams(period).toString()

describe('/admin/reports', () => {
  it('computes the team figures in SQL as counted by hand (DST day, a call across midnight, a short abandon, a transfer once)', async () => {
    const csv = await admin.get(`/admin/reports/figures.csv?${query}`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const rows = parseCsv(await csv.text())
    expect(rows[0]).toEqual(['section', 'item', 'measure', 'value'])
    const value = (section: string, measure: string, item = '') => rows.find((r) => r[0] === section && r[1] === item && r[2] === measure)?.[3]
    const number = (section: string, measure: string, item = '') => Number(value(section, measure, item))
    expect(value('period', 'time_zone')).toBe('America/New_York')

    // Offered 7 (calls 1–7), answered 1, 2, 3, 7; abandoned 4 (5 s) and 5; one voicemail.
    expect(number('team', 'offered')).toBe(7)
    expect(number('team', 'answered')).toBe(4)
    expect(number('team', 'abandoned')).toBe(2)
    expect(number('team', 'abandoned_within_10s')).toBe(1)
    expect(number('team', 'voicemails')).toBe(1)
    expect(number('team', 'answer_rate')).toBeCloseTo(4 / 7, 6)
    expect(number('team', 'abandon_rate')).toBeCloseTo(2 / 7, 6)
    // Within 20 s: waits 15, 10 and 5 (not 40), out of 7 offered less 1 short abandon.
    expect(number('team', 'service_level')).toBeCloseTo(3 / 6, 6)
    expect(number('team', 'avg_wait_seconds')).toBeCloseTo((15 + 40 + 10 + 5) / 4, 6)
    // 90th percentile of 5, 10, 15, 40 (linear): 15 + 0.7 × 25.
    expect(number('team', 'p90_wait_seconds')).toBeCloseTo(32.5, 6)
    expect(number('team', 'avg_talk_seconds')).toBeCloseTo((300 + 120 + 300 + 200) / 4, 6)
    expect(number('team', 'avg_hold_seconds')).toBeCloseTo(30 / 4, 6)
    expect(number('team', 'avg_wrap_up_seconds')).toBeCloseTo(30, 6)

    // Local hours: 09, 10, 23 (Saturday) and 14 answered; 03 (after the jump) and 12 abandoned; 13 voicemail.
    const hour = (h: string, outcome: string) => number('hour', outcome, h)
    expect([hour('09', 'answered'), hour('10', 'answered'), hour('23', 'answered'), hour('14', 'answered')]).toEqual([1, 1, 1, 1])
    expect([hour('03', 'abandoned'), hour('12', 'abandoned'), hour('13', 'voicemail'), hour('00', 'answered')]).toEqual([1, 1, 1, 0])
    // Per day: Saturday 3 offered (2 of 3 within 20 s); Sunday 4 (1 within, 1 short abandon): 1 / 3.
    expect([number('day', 'offered', '2026-03-07'), number('day', 'offered', '2026-03-08')]).toEqual([3, 4])
    expect(number('day', 'service_level', '2026-03-07')).toBeCloseTo(2 / 3, 6)
    expect(number('day', 'service_level', '2026-03-08')).toBeCloseTo(1 / 3, 6)
    expect(number('wait', 'answered', '10–20 s')).toBe(2)
    expect(number('wait', 'abandoned', '60–120 s')).toBe(1)

    // Agents: alice answered 1 and 3 (talk 300 + 300 + her 60 s outbound call), wrapped up 30 s, missed one offer,
    // was Available 4 h, Away 1 h, then Offline until Monday 04:00 UTC (34 h); bob answered 2 and 7, declined one.
    expect(number('agent', 'answered', 'Alice Agent')).toBe(2)
    expect(number('agent', 'talk_seconds', 'Alice Agent')).toBe(660)
    expect(number('agent', 'wrap_up_seconds', 'Alice Agent')).toBe(30)
    expect(number('agent', 'missed', 'Alice Agent')).toBe(1)
    expect(number('agent', 'available_seconds', 'Alice Agent')).toBe(4 * 3600)
    expect(number('agent', 'away_seconds', 'Alice Agent')).toBe(3600)
    expect(number('agent', 'offline_seconds', 'Alice Agent')).toBe(34 * 3600)
    expect(number('agent', 'occupancy', 'Alice Agent')).toBeCloseTo(690 / 14400, 6)
    expect([number('agent', 'answered', 'Bob Agent'), number('agent', 'declined', 'Bob Agent'), number('agent', 'talk_seconds', 'Bob Agent')]).toEqual([2, 1, 320])
    expect(value('agent', 'occupancy', 'Bob Agent')).toBe('')
  })

  it('shows the figures, three SVG charts each with its data table, and filters by queue', async () => {
    const page = await admin.get(`/admin/reports?${query}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('>Reports</a>')
    expect(html).toMatch(/data-figure="service_level"><dt>Service level \(20 s\)<\/dt><dd>50%<\/dd>/)
    for (const id of ['chart-hours', 'chart-waits', 'chart-days']) {
      expect(html).toContain(`<figure class="report-chart" id="${id}">`)
      expect(html).toContain(`<table id="${id}-table"`)
    }
    expect(html.match(/<rect class="bar/g)?.length).toBeGreaterThan(5)
    expect(html).toContain('America/New_York')
    expect(html.match(/>Export CSV<\/a>/g)).toHaveLength(2)
    const other = await t.prisma.queue.create({ data: { name: 'Empty', greeting: 'x', holdMusicUrl: 'http://example.test/m.mp3', maxWaitSeconds: 0 } })
    const empty = await (await admin.get(`/admin/reports?${query}&queue=${other.id}`)).text()
    expect(empty).toMatch(/data-figure="offered"><dt>Offered<\/dt><dd>0<\/dd>/)
    const fixture = await (await admin.get(`/admin/reports?${query}&queue=${queueId}`)).text()
    expect(fixture).toMatch(/data-figure="offered"><dt>Offered<\/dt><dd>7<\/dd>/)
    expect((await admin.get(`/admin/reports?from=2026-03-08&to=2026-03-01`)).status).toBe(400)
    expect((await admin.get(`/admin/reports?tz=Mars/Olympus`)).status).toBe(400)
  })

  it('exports the call list as CSV that round-trips notes with commas, quotes and line breaks', async () => {
    const response = await admin.get(`/admin/reports/calls.csv?${query}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toContain('attachment; filename="calls-2026-03-07-to-2026-03-08.csv"')
    const rows = parseCsv(await response.text())
    const header = rows[0]!
    expect(header).toContain('started (America/New_York)')
    expect(rows.slice(1).every((row) => row.length === header.length)).toBe(true)
    expect(rows).toHaveLength(1 + 8)
    const column = (name: string) => header.indexOf(name)
    const noted = rows.find((row) => row[column('disposition')] === 'Resolved')!
    expect(noted[column('notes')]).toBe(notesWithEverything)
    expect(noted[column('started (America/New_York)')]).toBe('2026-03-07 09:00:00')
    const midnight = rows.find((row) => row[column('started_utc')] === '2026-03-08T04:59:50.000Z')!
    expect(midnight[column('started (America/New_York)')]).toBe('2026-03-07 23:59:50')
  })

  it('is for admins: agents get 403 on the page and both exports', async () => {
    const alice = await t.loggedIn('alice')
    for (const path of ['/admin/reports', '/admin/reports/figures.csv', '/admin/reports/calls.csv', '/admin/settings']) expect((await alice.get(path)).status).toBe(403)
  })
})
