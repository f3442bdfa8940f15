import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { requireAdmin } from '../agents/guards.ts'
import { HttpError } from '../errors.ts'
import { recentAudit } from '../front-door/audit.ts'
import { fieldErrors, hoursForm, menuForm, queueForm, switchForm, weekdayNames, digits } from '../front-door/forms.ts'
import { hoursFields, menuFields, queueFields, type FormFields } from '../front-door/form-values.ts'
import { hoursState } from '../front-door/hours.ts'

const queueId = z.coerce.number().int().positive().max(2_147_483_647)

/**
 * The admin pages for the caller's way in: **Queues** (settings and agents), **Menu** (the number's
 * one-level menu), **Hours** (schedule, holidays, time zone, the emergency switch), and the audit list.
 * Plain forms: a refused save answers 422 with the form as typed and an error beside each field.
 */
export async function frontDoorRoutes(app: FastifyInstance) {
  const admin = app.frontDoorAdmin
  const page = (request: FastifyRequest) => ({ agent: requireAdmin(request), csrfToken: request.session?.csrfToken })
  const body = (request: FastifyRequest) => (request.body ?? {}) as FormFields

  const queuesPage = async (request: FastifyRequest, reply: FastifyReply, status = 200, form: { values: FormFields; errors: Record<string, string> } = { values: queueFields(null), errors: {} }) => {
    const [queues, agents] = await Promise.all([admin.queues.list(), admin.queues.agents()])
    return reply.code(status).view('admin/queues.eta', { ...page(request), queues, agents, ...form })
  }

  app.get('/admin/queues', async (request, reply) => queuesPage(request, reply))

  app.post('/admin/queues', async (request, reply) => {
    const { agent } = page(request)
    const parsed = queueForm.safeParse(body(request))
    const saved = parsed.success ? await admin.queues.save(agent.id, null, parsed.data) : { ok: false as const, errors: fieldErrors(parsed.error) }
    if (!saved.ok) return queuesPage(request, reply, 422, { values: body(request), errors: saved.errors })
    return reply.redirect('/admin/queues', 303)
  })

  app.get<{ Params: { id: string } }>('/admin/queues/:id', async (request, reply) => {
    const context = page(request)
    const queue = await findQueue(request.params.id)
    return reply.view('admin/queue.eta', { ...context, queue, agents: await admin.queues.agents(), values: queueFields(queue), errors: {} })
  })

  app.post<{ Params: { id: string } }>('/admin/queues/:id', async (request, reply) => {
    const context = page(request)
    const queue = await findQueue(request.params.id)
    const parsed = queueForm.safeParse(body(request))
    const saved = parsed.success ? await admin.queues.save(context.agent.id, queue.id, parsed.data) : { ok: false as const, errors: fieldErrors(parsed.error) }
    if (saved.ok) return reply.redirect('/admin/queues', 303)
    return reply.code(422).view('admin/queue.eta', { ...context, queue, agents: await admin.queues.agents(), values: body(request), errors: saved.errors })
  })

  const menuPage = async (request: FastifyRequest, reply: FastifyReply, status: number, values: FormFields, errors: Record<string, string>) =>
    reply.code(status).view('admin/menu.eta', { ...page(request), number: app.telephony.number, queues: await admin.queues.list(), digits, values, errors })

  app.get('/admin/menu', async (request, reply) => menuPage(request, reply, 200, menuFields(await admin.menu.values(app.telephony.number)), {}))

  app.post('/admin/menu', async (request, reply) => {
    const { agent } = page(request)
    const parsed = menuForm.safeParse(body(request))
    const saved = parsed.success ? await admin.menu.save(agent.id, app.telephony.number, parsed.data) : { ok: false as const, errors: fieldErrors(parsed.error) }
    if (!saved.ok) return menuPage(request, reply, 422, body(request), saved.errors)
    return reply.redirect('/admin/menu', 303)
  })

  const hoursPage = async (request: FastifyRequest, reply: FastifyReply, status: number, values: FormFields, errors: Record<string, string>) =>
    reply.code(status).view('admin/hours.eta', { ...page(request), weekdayNames, state: hoursState((await app.frontDoor.config()).hours, new Date()), values, errors })

  app.get('/admin/hours', async (request, reply) => hoursPage(request, reply, 200, hoursFields(await admin.hours.values(), localZone()), {}))

  app.post('/admin/hours', async (request, reply) => {
    const { agent } = page(request)
    const parsed = hoursForm.safeParse(body(request))
    if (!parsed.success) return hoursPage(request, reply, 422, body(request), fieldErrors(parsed.error))
    await admin.hours.save(agent.id, parsed.data)
    return reply.redirect('/admin/hours', 303)
  })

  app.post('/admin/hours/switch', async (request, reply) => {
    const { agent } = page(request)
    const parsed = switchForm.safeParse(body(request))
    if (!parsed.success) throw new HttpError(422, parsed.error.issues[0]?.message ?? 'Choose schedule, open or closed.')
    const override = parsed.data.override === 'schedule' ? null : parsed.data.override
    if (!(await admin.hours.switchTo(agent.id, override))) throw new HttpError(409, 'Set up business hours first (Hours): without them the team is always open.')
    return reply.redirect('/admin/live', 303)
  })

  app.get('/admin/audit', async (request, reply) => reply.view('admin/audit.eta', { ...page(request), entries: await recentAudit(app.prisma) }))

  async function findQueue(raw: string) {
    const id = queueId.safeParse(raw)
    const queue = id.success ? await admin.queues.values(id.data) : null
    if (!queue) throw new HttpError(404, 'No such queue.')
    return queue
  }
}

/** The server's own time zone, a sensible first guess for a new team. */
function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
