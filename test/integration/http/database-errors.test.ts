import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classify } from '../../../src/errors.ts'
import { createPrisma, embeddedPool, type PrismaClient } from '../../../src/db/client.ts'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'

let database: TestDatabase
let prisma: PrismaClient
beforeAll(async () => {
  database = await freshDatabase()
  prisma = createPrisma(database.url, database.kind === 'embedded' ? embeddedPool : {})
})
afterAll(async () => {
  await prisma.$disconnect()
  await database.close()
})

/** What the statement threw, as the app's error handler would classify it. */
async function faultOf(statement: () => Promise<unknown>) {
  const error = await statement().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, 'the statement should have failed').toBeDefined()
  return classify(error)
}

const newCall = (from: string) => ({ direction: 'inbound' as const, status: 'queued' as const, from, to: '+15550100000' })

describe('errors the database raises for a request’s values', () => {
  it.each([
    ['an id beyond int4 (22003)', () => prisma.call.findUnique({ where: { id: 99_999_999_999 } }), 'A number in this request is out of range.'],
    ['an integer column overflowed (22003)', () => prisma.call.updateMany({ data: { lastSequenceNumber: 3_000_000_000 } }), 'A number in this request is out of range.'],
    ['a NUL byte in text (22021)', () => prisma.call.create({ data: newCall('+1555\u0000') }), 'Text in this request contains a character that cannot be stored (such as a NUL byte).'],
    ['text in a raw statement (22P02)', () => prisma.$queryRaw`SELECT ${'twelve'}::int`, 'A value in this request has the wrong form.'],
    ['text too long for its column (22001)', () => prisma.$executeRawUnsafe(`CREATE TEMP TABLE short_text (v varchar(4)); INSERT INTO short_text VALUES ('+15551234567')`), 'A value in this request is too long.'],
    ['another data exception, a date that is not one (22007)', () => prisma.$queryRaw`SELECT ${'not a date'}::timestamptz`, 'A value in this request cannot be stored.'],
  ])('answer 400 for %s', async (_name, statement, sentence) => {
    const fault = await faultOf(statement)
    expect(fault).toMatchObject({ status: 400, message: sentence, log: 'warn' })
  })

  it('answer 400 for an indexed value too long for the index (54000)', async () => {
    const random = Array.from({ length: 6000 }, () => String.fromCharCode(0x4e00 + Math.floor(Math.random() * 5000))).join('')
    const fault = await faultOf(() => prisma.call.create({ data: newCall(random) }))
    expect(fault).toMatchObject({ status: 400, message: 'A value in this request is too long.' })
    expect(await prisma.call.count()).toBe(0)
  })

  it('answer 500 for errors that are ours, such as a broken statement', async () => {
    const fault = await faultOf(() => prisma.$queryRawUnsafe('SELECT FROM nowhere_at_all'))
    expect(fault).toMatchObject({ status: 500, message: 'Something went wrong on our side.', log: 'error' })
  })
})
