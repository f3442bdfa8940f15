import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { projectRoot } from './paths.ts'

const vendored: Record<string, string> = {
  'htmx.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'hx-ws.js': 'node_modules/htmx.org/dist/ext/hx-ws.min.js',
  'twilio.js': 'node_modules/@twilio/voice-sdk/dist/twilio.min.js',
}

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
}

const publicDir = join(projectRoot, 'public')

/** Serves public/ and the few browser files we take from node_modules; read once, kept in memory. */
export async function assetRoutes(app: FastifyInstance) {
  const cache = new Map<string, Buffer>()
  const load = async (file: string) => cache.get(file) ?? cache.set(file, await readFile(file)).get(file)!
  const send = async (file: string, reply: import('fastify').FastifyReply) => {
    try {
      const body = await load(file)
      return reply.type(types[extname(file)] ?? 'application/octet-stream').header('cache-control', 'no-cache').send(body)
    } catch {
      return reply.code(404).send('Not found')
    }
  }

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = vendored[request.params.name]
    return file ? send(join(projectRoot, file), reply) : reply.code(404).send('Not found')
  })

  app.get<{ Params: { '*': string } }>('/public/*', async (request, reply) => {
    const file = normalize(join(publicDir, request.params['*']))
    return file.startsWith(publicDir + sep) ? send(file, reply) : reply.code(404).send('Not found')
  })
}
