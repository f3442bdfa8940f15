import { endReasonLabels, eventLabels, statusLabels, supervisionLabels } from './calls/lifecycle.ts'
import { missedKindLabels } from './calls/missed-calls.ts'

/** Given to every template (and, through Eta's include, to every partial) as `it.labels`. */
export const viewHelpers = {
  labels: { status: statusLabels, endReason: endReasonLabels, event: eventLabels, missedKind: missedKindLabels, supervision: supervisionLabels },
}
