import type { FastifyInstance } from 'fastify'

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', async (_request, reply) => {
    const database = await app.prisma.$queryRaw`SELECT 1`.then(() => true, () => false)
    return reply.code(database ? 200 : 503).send({
      status: database ? 'ok' : 'degraded',
      database: app.databaseKind,
      telephony: app.telephony.mode,
    })
  })
}
