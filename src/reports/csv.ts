/**
 * CSV as RFC 4180 says (https://www.rfc-editor.org/rfc/rfc4180): fields separated by commas, records by
 * CRLF, a field with a comma, a quote or a line break is quoted and its quotes doubled. Free text typed by
 * people (notes, caller names) that a spreadsheet would run as a formula (= + - @ at the start) is
 * prefixed with an apostrophe (OWASP's advice against CSV injection); numbers and phone numbers are not touched.
 */
export type CsvValue = string | number | null | undefined

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRecord(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** Text a person typed, defused against spreadsheet formulas. */
export function freeText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
