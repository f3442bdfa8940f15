import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requireAdmin } from '../agents/guards.ts'
import { agentTotals, findAgent } from '../admin/agents.ts'
import { filterChoices, findCalls } from '../admin/calls.ts'
import { callWhere, dayRange, filterQuery, parseCallFilters, type CallFilters } from '../admin/filters.ts'
import { pagesOf } from '../admin/pages.ts'
import { numberTimeline } from '../admin/timelines.ts'
import { idFromPath } from '../http/ids.ts'
import { hoursState } from '../front-door/hours.ts'

const externalNumber = z.string().trim().min(1, 'Which number?').max(64, 'A number has at most 64 characters.')
const supervisionForm = z.object({ mode: z.enum(['listen', 'whisper', 'barge', 'leave'], { message: 'Listen, Whisper, Barge or Leave?' }) })
const pageQuery = z.object({
  page: z.coerce.number({ message: 'Page is a number.' }).int().min(1, 'Pages start at 1.').max(100_000).default(1),
  notes: z.string().trim().max(100, 'Search notes with at most 100 characters.').optional().transform((text) => text || undefined),
})

/** Supervisor pages: every call, one number's history, one agent's record. Admins only; bad filters answer 400 with the form. */
export async function adminRoutes(app: FastifyInstance) {
  app.get('/admin', async (request, reply) => {
    requireAdmin(request)
    return reply.redirect('/admin/calls', 303)
  })

  app.get('/admin/live', async (request, reply) => {
    const page = viewer(request)
    const [board, config] = await Promise.all([app.renderBoard(), app.frontDoor.config()])
    return reply.view('admin/live.eta', { ...page, board, hours: hoursState(config.hours, new Date()) })
  })

  /** Listen, Whisper, Barge, Leave: the admin's own phone in the call's conference. The answer is the board. */
  app.post<{ Params: { id: string } }>('/admin/calls/:id/supervision', async (request, reply) => {
    const admin = requireAdmin(request)
    const id = idFromPath(request.params.id, 'No such call.')
    const { mode } = supervisionForm.parse(request.body ?? {})
    const call = await app.calls.supervise(id, admin.id, mode)
    if (!call) return reply.code(409).view('admin/_board_refusal.eta', { board: await app.renderBoard(), notice: mode === 'leave' ? 'You are not supervising this call.' : 'This call cannot be supervised now (it ended, or another supervisor is in it).' })
    return reply.type('text/html').send(await app.renderBoard())
  })

  app.get('/admin/calls', async (request, reply) => {
    const page = { ...viewer(request), action: '/admin/calls', choices: await filterChoices(app.prisma) }
    const parsed = parseCallFilters(request.query)
    if (!parsed.ok) return reply.code(400).view('admin/calls.eta', { ...page, values: parsed.raw, errors: parsed.errors })
    const { filters } = parsed
    const { total, calls } = await findCalls(app.prisma, callWhere(filters), filters.page)
    const pages = pagesOf(filters.page, total, (number) => `/admin/calls${filterQuery(filters, number)}`)
    return reply.view('admin/calls.eta', { ...page, values: filters, errors: {}, calls, pages })
  })

  app.get<{ Params: { number: string } }>('/admin/numbers/:number', async (request, reply) => {
    const page = viewer(request)
    const number = externalNumber.parse(request.params.number)
    const { page: pageNumber, notes } = pageQuery.parse(request.query)
    const { total, calls } = await numberTimeline(app.prisma, number, pageNumber, notes)
    const query = (other: number) => new URLSearchParams({ ...(notes ? { notes } : {}), ...(other > 1 ? { page: String(other) } : {}) }).toString()
    const pages = pagesOf(pageNumber, total, (other) => `${numberPath(number)}${query(other) ? `?${query(other)}` : ''}`)
    return reply.view('admin/number.eta', { ...page, number, calls, pages, notes })
  })

  app.get<{ Params: { id: string } }>('/admin/agents/:id', async (request, reply) => {
    const page = { ...viewer(request), person: await findAgent(app.prisma, idFromPath(request.params.id, 'No such agent.')) }
    const parsed = parseCallFilters(request.query)
    if (!parsed.ok) return reply.code(400).view('admin/agent.eta', { ...page, values: parsed.raw, errors: parsed.errors })
    const filters: CallFilters = { from: parsed.filters.from, to: parsed.filters.to, page: parsed.filters.page, agent: page.person.id }
    const [{ total, calls }, totals] = await Promise.all([
      findCalls(app.prisma, callWhere(filters), filters.page),
      agentTotals(app.prisma, page.person.id, dayRange(filters)),
    ])
    const pages = pagesOf(filters.page, total, (number) => `/admin/agents/${page.person.id}${filterQuery(filters, number, ['agent'])}`)
    return reply.view('admin/agent.eta', { ...page, values: filters, errors: {}, calls, pages, totals })
  })
}

export function numberPath(number: string): string {
  return `/admin/numbers/${encodeURIComponent(number)}`
}

/** What the layout needs to show who is looking; throws 401/403 before anything is read. */
function viewer(request: FastifyRequest) {
  const agent = requireAdmin(request)
  return { agent, csrfToken: request.session?.csrfToken }
}
