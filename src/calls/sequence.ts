import type { FastifyInstance } from 'fastify'

/** Status callbacks can arrive out of order: one older than the newest seen is ignored. */
export async function recordSequence(app: FastifyInstance, callId: number, sequence: number | undefined): Promise<boolean> {
  if (sequence === undefined) return true
  const { count } = await app.prisma.call.updateMany({
    where: { id: callId, OR: [{ lastSequenceNumber: null }, { lastSequenceNumber: { lt: sequence } }] },
    data: { lastSequenceNumber: sequence },
  })
  return count === 1
}
