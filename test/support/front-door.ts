import Fastify, { type FastifyInstance } from 'fastify'

export interface FrontDoor {
  url: string
  /** Where requests go from now on; until it is set, they wait, as behind a load balancer during a deploy. */
  routeTo(backendUrl: string | null): void
  close(): Promise<void>
}

/** A tiny reverse proxy with a fixed address, so webhooks survive an app restart as they would in production. */
export async function startFrontDoor(): Promise<FrontDoor> {
  let backend: string | null = null
  let ready: () => void = () => {}
  let available = new Promise<void>((resolve) => (ready = resolve))
  const server: FastifyInstance = Fastify({ forceCloseConnections: true })
  server.removeAllContentTypeParsers()
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

  server.all('/*', async (request, reply) => {
    while (!backend) await available
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>
    const answer = await fetch(`${backend}${request.url}`, { method: request.method, headers, body: request.body ? new Uint8Array(request.body as Buffer) : undefined })
    reply.code(answer.status)
    const type = answer.headers.get('content-type')
    if (type) reply.type(type)
    return reply.send(Buffer.from(await answer.arrayBuffer()))
  })
  await server.listen({ host: '127.0.0.1', port: 0 })
  const address = server.server.address()
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    routeTo(next) {
      backend = next
      if (next) ready()
      else available = new Promise<void>((resolve) => (ready = resolve))
    },
    close: () => server.close(),
  }
}
