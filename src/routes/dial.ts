import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireAgent } from '../agents/guards.ts'
import { dialForm } from '../calls/numbers.ts'
import { dialLimit } from '../http/limits.ts'

interface DialFormState {
  number?: string
  error?: string
}

/**
 * `POST /calls`: the panel's dial form and every click-to-call button. The card arrives over the live
 * channel; the answer is the form again (empty, or with why nothing was dialed: 422 bad number, 409 busy).
 */
export function dialRoutes(app: FastifyInstance) {
  app.post('/calls', { config: { rateLimit: dialLimit } }, async (request, reply) => {
    const agent = requireAgent(request)
    const typed = String((request.body as { number?: unknown } | undefined)?.number ?? '')
    const parsed = dialForm.safeParse(request.body ?? {})
    if (!parsed.success) return answer(request, reply, 422, { number: typed, error: parsed.error.issues[0]?.message })
    if (parsed.data.number === app.telephony.number) return answer(request, reply, 422, { number: typed, error: 'That is our own number.' })
    const result = await app.calls.dial(agent.id, app.telephony.number, parsed.data.number)
    if (!result.ok) return answer(request, reply, 409, { number: typed, error: result.reason })
    return isHtmx(request) ? reply.view('calls/_dial.eta', {}) : reply.redirect('/panel', 303)
  })
}

/** htmx swaps the form in place; a plain form post (admin pages) gets a page with the form. */
function answer(request: FastifyRequest, reply: FastifyReply, status: number, form: DialFormState) {
  if (isHtmx(request)) return reply.code(status).view('calls/_dial.eta', form)
  return reply.code(status).view('calls/dial.eta', { ...form, agent: request.session?.agent, csrfToken: request.session?.csrfToken })
}

function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true'
}
