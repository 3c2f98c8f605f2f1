/**
 * A count with its noun in the right number: `plural(1, 'code')` is
 * "1 code", `plural(2, 'code')` "2 codes", `plural(3, 'entry', 'entries')`
 * "3 entries". Messages read as sentences, never "1 codes" or "2 payment(s)".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
