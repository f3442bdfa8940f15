import { basename, dirname } from 'node:path'
import compress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { cacheControlFor, publicDir, vendored } from '../http/assets.ts'

/**
 * public/ at /public/… and the vendored browser files at /assets/…, with ETag and Last-Modified
 * (304 on revalidation), brotli or gzip where accepted. Only files present at start are routed
 * (`wildcard: false`), so no path, encoded or not, reaches outside them. Compression stays in this
 * scope: pages and fragments are a few KB, and Twilio's webhooks and REST gain nothing from it.
 */
export async function assetRoutes(app: FastifyInstance) {
  await app.register(compress, { encodings: ['br', 'gzip'] })
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/public/',
    wildcard: false,
    globIgnore: ['**/README.md'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => reply.header('cache-control', cacheControlFor(file, versionIn(reply))),
  })
  for (const [name, file] of Object.entries(vendored)) {
    app.get(`/assets/${name}`, (_request, reply) => reply.sendFile(basename(file), dirname(file), { cacheControl: false }))
  }
}

function versionIn(reply: FastifyReply): unknown {
  return (reply.request.query as { v?: unknown }).v
}
