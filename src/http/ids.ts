import { z } from 'zod'
import { HttpError } from '../errors.ts'

const int4Max = 2_147_483_647

/** A row id as a path may carry it: plain digits naming a positive PostgreSQL `integer`. */
export const rowId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .refine((id) => id <= int4Max)

/** The id in a path, or 404 with `notFound` ("No such call."): an id that cannot exist never reaches the database. */
export function idFromPath(raw: unknown, notFound: string): number {
  const parsed = rowId.safeParse(raw)
  if (!parsed.success) throw new HttpError(404, notFound)
  return parsed.data
}
