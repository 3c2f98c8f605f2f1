/**
 * The jurisdictions of US interstate/intrastate rating: the 50 states and the
 * District of Columbia, by USPS code. Territories (PR, VI, GU, AS, MP) and
 * Canadian provinces are not among them: a call from or to one is
 * indeterminate.
 */
const US_STATES: Readonly<Record<string, string>> = Object.freeze({
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky',
  LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
  MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota',
  OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina',
  SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia',
  WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
});

const BY_NAME = new Map<string, string>(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));
// Spellings libphonenumber's geocoding data uses for two of them.
BY_NAME.set('washington state', 'WA');
BY_NAME.set('washington d.c.', 'DC');
BY_NAME.set('washington, d.c.', 'DC');

function isUsState(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(US_STATES, code);
}

/**
 * The state of a geocoding description: "New Jersey" → NJ, "Chicago, IL" →
 * IL, "Washington D.C." → DC; null for anything that is not one of the 50
 * states or DC ("Ontario", "Toronto, ON", "Chtamstths, VI", "New Providence").
 */
export function usStateOfDescription(description: string): string | null {
  const text = description.trim();
  const byName = BY_NAME.get(text.toLowerCase());
  if (byName) return byName;
  const suffix = /,\s*([A-Z]{2})$/.exec(text);
  return suffix && isUsState(suffix[1]) ? suffix[1] : null;
}

/** A state given by code or name in a `--states` file; null when it is neither. */
export function usStateOf(text: string): string | null {
  const upper = text.trim().toUpperCase();
  if (isUsState(upper)) return upper;
  return BY_NAME.get(text.trim().toLowerCase()) ?? null;
}
