/**
 * PostgreSQL errors that a request's values cause, whichever statement met them: a number beyond
 * int4, a NUL byte in text, text too long for a column or an index entry. They are the client's
 * mistake (400), not ours, and are logged as a warning because an edge check should have caught them.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const sentences: Record<string, string> = {
  '22001': 'A value in this request is too long.',
  '22003': 'A number in this request is out of range.',
  '22021': 'Text in this request contains a character that cannot be stored (such as a NUL byte).',
  '22P02': 'A value in this request has the wrong form.',
  '22P05': 'Text in this request contains a character that cannot be stored (such as a NUL byte).',
  '54000': 'A value in this request is too long.',
}

/** The sentence for a database error caused by input, or undefined for every other error. */
export function inputFaultInDatabase(error: unknown): string | undefined {
  const code = sqlState(error)
  if (!code) return undefined
  return sentences[code] ?? (code.startsWith('22') ? 'A value in this request cannot be stored.' : undefined)
}

/**
 * Prisma 7 with a driver adapter reports PostgreSQL's SQLSTATE as
 * `meta.driverAdapterError.cause.originalCode`; the adapter's own error carries it as `cause.originalCode`,
 * and node-postgres' as `code` beside a `severity`.
 */
function sqlState(error: unknown): string | undefined {
  const candidates = [path(error, 'meta', 'driverAdapterError', 'cause', 'originalCode'), path(error, 'cause', 'originalCode')]
  if (typeof path(error, 'severity') === 'string') candidates.push(path(error, 'code'))
  return candidates.find((code): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
}

function path(value: unknown, ...keys: string[]): unknown {
  let current = value
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}
