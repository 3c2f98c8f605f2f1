import { IrregularSheetError } from './irregular-sheet-error.js';

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&([^;&<]*);?/g;

/** Character and entity references as an XML parser resolves them; anything else is IrregularSheetError. */
export function decodeXmlReferences(text: string): string {
  return text.replace(REFERENCE, (reference: string, body: string) => {
    if (!reference.endsWith(';')) throw new IrregularSheetError('an & that starts no reference');
    if (body.startsWith('#')) {
      const hex = body[1] === 'x';
      const code = hex ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!(hex ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/).test(body) || !(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw new IrregularSheetError(`the character reference ${reference}`);
      }
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body];
    if (named === undefined) throw new IrregularSheetError(`the entity ${reference}`);
    return named;
  });
}

/** exceljs's utils.xmlDecode, which it applies once more to the text of `t="str"` and inline string cells. */
export function exceljsXmlDecode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([a-z]*);/g, (reference) => {
    switch (reference) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return reference;
    }
  });
}
