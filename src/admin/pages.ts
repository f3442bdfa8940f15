export const pageSize = 50

export interface Pages {
  page: number
  last: number
  total: number
  /** Links to the neighbouring pages with the same filters, when there are any. */
  prev?: string
  next?: string
}

export function pagesOf(page: number, total: number, link: (page: number) => string, size = pageSize): Pages {
  const last = Math.max(1, Math.ceil(total / size))
  return { page, last, total, prev: page > 1 ? link(Math.min(page - 1, last)) : undefined, next: page < last ? link(page + 1) : undefined }
}

export function pageArgs(page: number, size = pageSize) {
  return { skip: (page - 1) * size, take: size }
}
