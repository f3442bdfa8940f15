import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Eta } from 'eta'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Simulator } from '../simulator.ts'
import { callerView } from './caller-view.ts'

const PUBLIC_DIR = fileURLToPath(new URL('../../../public/simulator/', import.meta.url))
const views = new Eta({ views: fileURLToPath(new URL('../../../views/simulator/', import.meta.url)), cache: true })

const placeSchema = z.object({ from: z.string().min(1).max(64), to: z.string().max(64).optional(), callerName: z.string().max(64).optional() })
const digitsSchema = z.object({ digits: z.string().regex(/^[0-9*#wW]{1,32}$/) })
const speechSchema = z.object({
  text: z.string().trim().min(1, 'text must not be empty').max(500, 'text is at most 500 characters'),
  seconds: z.number().positive().max(3600).optional(),
  confidence: z.number().min(0).max(1).optional(),
})
const sidParams = z.object({ sid: z.string() })
const afterQuery = z.object({ after: z.coerce.number().int().min(0).default(0) })

/** The caller console (a page for a person) and the small control API it and the CLI use. */
export async function consoleRoutes(app: FastifyInstance, opts: { sim: Simulator }): Promise<void> {
  const { sim } = opts
  app.get('/simulator', async (req, reply) => {
    const csrfToken = sim.options.consoleCsrfToken?.(req)
    const html = views.render('./console', { prefix: app.prefix, phoneNumber: sim.options.phoneNumber, csrfToken })
    return reply.type('text/html; charset=utf-8').send(html)
  })
  app.get('/simulator/console.js', async (_req, reply) => sendScript(reply, 'console.js'))
  app.get('/simulator/console.css', async (_req, reply) => sendFile(reply, 'console.css', 'text/css; charset=utf-8'))
  app.get('/device.js', async (_req, reply) => sendScript(reply, 'device.js'))

  app.post('/simulator/calls', async (req, reply) => {
    const body = placeSchema.safeParse(req.body)
    if (!body.success) return reply.code(400).send({ error: body.error.issues[0]?.message })
    return reply.code(201).send(await sim.placeInboundCall(body.data))
  })
  app.get('/simulator/calls/:sid', async (req, reply) => {
    const call = sim.getCall(sidParams.parse(req.params).sid)
    if (!call) return reply.code(404).send({ error: 'no such call' })
    return callerView(sim, call, afterQuery.parse(req.query).after)
  })
  app.post('/simulator/calls/:sid/hangup', async (req, reply) => {
    sim.hangUp(sidParams.parse(req.params).sid)
    return reply.code(204).send()
  })
  app.post('/simulator/calls/:sid/digits', async (req, reply) => {
    const body = digitsSchema.safeParse(req.body)
    if (!body.success) return reply.code(400).send({ error: 'digits must be 0-9 * # w' })
    sim.sendDigits(sidParams.parse(req.params).sid, body.data.digits)
    return reply.code(204).send()
  })
  app.post('/simulator/calls/:sid/speech', async (req, reply) => {
    const body = speechSchema.safeParse(req.body ?? {})
    if (!body.success) return reply.code(400).send({ error: body.error.issues[0]?.message })
    const call = sim.getCall(sidParams.parse(req.params).sid)
    if (!call) return reply.code(404).send({ error: 'no such call' })
    if (!call.isLive) return reply.code(409).send({ error: 'the call has ended' })
    sim.say(call.sid, body.data.text, body.data)
    return reply.code(204).send()
  })
}

async function sendScript(reply: FastifyReply, name: string): Promise<FastifyReply> {
  return sendFile(reply, name, 'text/javascript; charset=utf-8')
}

async function sendFile(reply: FastifyReply, name: string, type: string): Promise<FastifyReply> {
  const source = await readFile(PUBLIC_DIR + name, 'utf8')
  return reply.type(type).header('Cache-Control', 'no-cache').send(source)
}
