import type { FastifyInstance, FastifyRequest } from 'fastify'
import { requireAdmin } from '../agents/guards.ts'
import { saveTeamSettings, teamSettings, teamSettingsForm } from '../admin/team-settings.ts'
import { fieldErrors } from '../front-door/forms.ts'

/** `/admin/settings`: the wrap-up dispositions (required or not) and the agents' away reasons. Admins only. */
export async function teamRoutes(app: FastifyInstance) {
  const page = (request: FastifyRequest) => ({ agent: requireAdmin(request), csrfToken: request.session?.csrfToken, wrapUpSeconds: app.config.wrapUpSeconds })

  app.get('/admin/settings', async (request, reply) => reply.view('admin/settings.eta', { ...page(request), values: await teamSettings(app.prisma), errors: {} }))

  app.post('/admin/settings', async (request, reply) => {
    const context = page(request)
    const parsed = teamSettingsForm.safeParse(request.body ?? {})
    if (!parsed.success) return reply.code(422).view('admin/settings.eta', { ...context, values: request.body ?? {}, errors: fieldErrors(parsed.error) })
    await saveTeamSettings(app.prisma, context.agent.id, parsed.data)
    return reply.redirect('/admin/settings', 303)
  })
}
