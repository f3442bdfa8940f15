import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireAgent } from '../agents/guards.ts'
import { phoneReportLimit } from '../http/limits.ts'

/** htmx posts every field of the report form; an empty one means "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const problemForm = z.object({
  kind: z.enum(['call', 'device', 'connection'], { message: 'Unknown kind of problem.' }),
  message: z.string({ message: 'Say what went wrong.' }).trim().min(1, 'Say what went wrong.').max(300, 'Keep it under 300 characters.'),
  code: optional(z.coerce.number({ message: 'The code is a number.' }).int('The code is a number.').min(0).max(99_999)),
  callSid: optional(z.string().regex(/^CA[0-9a-f]{32}$/i, 'Not a CallSid.')),
})

/**
 * `POST /phone/problems`: the browser's Device reports an error or a lost connection (public/device.js).
 * The call it concerns gets a timeline note and its card says why; the answer is empty.
 */
export async function phoneRoutes(app: FastifyInstance) {
  app.post('/phone/problems', { bodyLimit: 2048, config: { rateLimit: phoneReportLimit } }, async (request, reply) => {
    const agent = requireAgent(request)
    const report = problemForm.parse(request.body)
    request.log.warn({ agentId: agent.id, ...report }, 'agent phone reported a problem')
    await app.calls.phoneTrouble(agent.id, report)
    return reply.code(204).send()
  })
}
