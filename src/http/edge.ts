import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'
import formbody from '@fastify/formbody'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorHandler, notFoundHandler } from '../errors.ts'
import { securityHeaders } from './security-headers.ts'

/** How much of a refused body is read away so that its sender sees the 413; past it the socket closes. */
const refusedBodyDrainBytes = 64 * 1024 * 1024

/**
 * What every request passes through, registered before anything else: bodies are urlencoded forms
 * (the simulator's console API adds JSON in its own scope; anything else is 415), security headers,
 * the one error handler and the 404 page.
 */
export const webEdge = fp(
  async (app) => {
    app.removeContentTypeParser(['application/json', 'text/plain'])
    await app.register(formbody)
    await app.register(securityHeaders)
    app.setErrorHandler(errorHandler)
    app.setNotFoundHandler(notFoundHandler)
    // Pages, fragments and TwiML show a session's data or a call's state; static files set their own policy first.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
      if (reply.statusCode === 413) keepReadingRefusedBody(request, reply)
      done(null, payload)
    })
  },
  { name: 'web-edge' },
)

/**
 * fastify closes the connection after refusing a body that is still arriving; a client still sending
 * then meets a reset and may never read the 413. Keeping the connection and discarding the rest lets
 * it read the answer.
 */
function keepReadingRefusedBody(request: FastifyRequest, reply: FastifyReply): void {
  if (request.raw.complete) return
  reply.removeHeader('connection')
  discard(request.raw)
}

function discard(body: IncomingMessage): void {
  let seen = 0
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > refusedBodyDrainBytes) body.socket.destroy()
  })
  body.resume()
}
