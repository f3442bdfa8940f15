import pg from 'pg'
import type { FieldDef, QueryResult } from 'pg'

const charOid = 18
const textOid = 25

// adapter-pg 7.10 rejects columns of the internal "char" type, which the schema
// engine reads while describing a database (pg_class.relkind, ...). Their text
// value is a plain string, so relabel them as text.
export class CharAsTextClient extends pg.Client {}

const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown

CharAsTextClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const callback = args.at(-1)
  if (typeof callback === 'function') {
    args[args.length - 1] = (error: Error | null, result?: QueryResult) => callback(error, result && relabel(result))
    return query.apply(this, args)
  }
  const pending = query.apply(this, args)
  return pending instanceof Promise ? pending.then(relabel) : pending
} as pg.Client['query']

function relabel(result: QueryResult): QueryResult {
  result.fields?.forEach((field: FieldDef) => {
    if (field.dataTypeID === charOid) field.dataTypeID = textOid
  })
  return result
}
