import { IrregularSheetError } from './irregular-sheet-error.js';
import { decodeXmlReferences } from './xml-references.js';

/**
 * The tags of an XML text read in one pass of indexOf, for readers that act on a few
 * elements and want no SAX events: a subclass hears each element start (its attributes
 * then readable), end, and the character data between tags. Text may come in pieces:
 * read() takes what is complete and says where the rest starts. It checks what an XML
 * parser would refuse in what it reads (tags that do not nest, unquoted or unseparated
 * attributes, `<` in a value, bad references) and throws IrregularSheetError; a DOCTYPE
 * (which could define entities) too. Comments, CDATA and processing instructions are
 * skipped. Line breaks must already read as `\n`.
 */
export abstract class XmlTagReader {
  /** Names of the open elements, innermost last: a close tag must name the last. */
  private readonly open: string[] = [];
  /** The attributes of the tag being read, as offsets into its text: name start, name end, value start, value end. */
  private attributes = new Int32Array(32);
  private attributeCount = 0;

  /** An element opened; its attributes are readable until it returns. Self-closing elements end right after. */
  protected abstract startElement(name: string, text: string): void;
  protected abstract endElement(name: string): void;
  /** Character data text[start, end) between two tags, references not yet resolved. */
  protected abstract characters(text: string, start: number, end: number): void;

  /** Reads the complete tags and texts of `text`; returns where the unfinished rest starts. */
  read(text: string): number {
    let at = 0;
    for (;;) {
      const tagStart = text.indexOf('<', at);
      if (tagStart === -1) return at;
      if (tagStart > at) this.characters(text, at, tagStart);
      if (tagStart + 1 >= text.length) return tagStart;
      const next = text.charCodeAt(tagStart + 1);
      const end =
        next === 0x3f /* ? */
          ? endOf(text, '?>', tagStart + 2)
          : next === 0x21 /* ! */
            ? skipMarkup(text, tagStart)
            : next === 0x2f /* / */
              ? this.closeTag(text, tagStart)
              : this.openTag(text, tagStart);
      if (end === -1) return tagStart;
      at = end;
    }
  }

  /** The name of the element at text[start, end): subclasses return their own names without slicing. */
  protected elementName(text: string, start: number, end: number): string {
    return text.slice(start, end);
  }

  /** Where the one-letter attribute `letter` of the tag just opened sits, for attributeValueStart/End; -1 without one. */
  protected attributeSlot(text: string, letter: number): number {
    for (let slot = 0; slot < this.attributeCount * 4; slot += 4) {
      if (this.attributes[slot + 1]! - this.attributes[slot]! === 1 && text.charCodeAt(this.attributes[slot]!) === letter) return slot;
    }
    return -1;
  }

  /** Where an attribute's raw value starts in the text. */
  protected attributeValueStart(slot: number): number {
    return this.attributes[slot + 2]!;
  }

  protected attributeValueEnd(slot: number): number {
    return this.attributes[slot + 3]!;
  }

  /** The value of the one-letter attribute `letter` of the tag just opened, as XML normalises it; undefined without one. */
  protected attribute(text: string, letter: number): string | undefined {
    const slot = this.attributeSlot(text, letter);
    if (slot === -1) return undefined;
    const raw = text.slice(this.attributes[slot + 2]!, this.attributes[slot + 3]!);
    if (raw.includes('<')) throw new IrregularSheetError('< in an attribute value');
    const spaced = raw.includes('\n') || raw.includes('\t') ? raw.replace(/[\t\n]/g, ' ') : raw;
    return spaced.includes('&') ? decodeXmlReferences(spaced) : spaced;
  }

  /** Reads `</name>`, which must close the innermost open element; returns the offset after it, or -1 if cut. */
  private closeTag(text: string, start: number): number {
    const name = this.open[this.open.length - 1];
    let at = start + 2 + (name?.length ?? 0);
    if (at > text.length) return -1;
    if (name === undefined || !text.startsWith(name, start + 2)) throw new IrregularSheetError('a close tag that closes no open element');
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    if (at >= text.length) return -1;
    if (text.charCodeAt(at) !== 0x3e) throw new IrregularSheetError('a close tag that closes no open element');
    this.open.pop();
    this.endElement(name);
    return at + 1;
  }

  /** Reads `<name attributes>` or `<name attributes/>`; returns the offset after it, or -1 if cut. */
  private openTag(text: string, start: number): number {
    let at = start + 1;
    while (at < text.length && !isNameEnd(text.charCodeAt(at))) at++;
    const nameEnd = at;
    this.attributeCount = 0;
    for (;;) {
      while (at < text.length && isSpace(text.charCodeAt(at))) at++;
      if (at >= text.length) return -1;
      const code = text.charCodeAt(at);
      if (code === 0x3e /* > */ || code === 0x2f /* / */) {
        if (code === 0x2f && at + 1 >= text.length) return -1;
        if (code === 0x2f && text.charCodeAt(at + 1) !== 0x3e) throw new IrregularSheetError('/ inside a tag');
        const name = this.elementName(text, start + 1, nameEnd);
        this.startElement(name, text);
        if (code === 0x2f) this.endElement(name);
        else this.open.push(name);
        return code === 0x2f ? at + 2 : at + 1;
      }
      at = this.readAttribute(text, at);
      if (at === -1) return -1;
    }
  }

  /** Notes one `name="value"` starting at `at`; returns the offset after it, or -1 if cut. */
  private readAttribute(text: string, start: number): number {
    let at = start;
    while (at < text.length && !isNameEnd(text.charCodeAt(at)) && text.charCodeAt(at) !== 0x3d /* = */) at++;
    const nameEnd = at;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    if (at >= text.length) return -1;
    if (text.charCodeAt(at) !== 0x3d || nameEnd === start) throw new IrregularSheetError('an attribute without a value');
    at++;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    if (at >= text.length) return -1;
    const quote = text.charCodeAt(at);
    if (quote !== 0x22 && quote !== 0x27) throw new IrregularSheetError('an unquoted attribute value');
    const valueEnd = text.indexOf(quote === 0x22 ? '"' : "'", at + 1);
    if (valueEnd === -1) return -1;
    const after = text.charCodeAt(valueEnd + 1);
    if (valueEnd + 1 < text.length && !isSpace(after) && after !== 0x3e && after !== 0x2f) throw new IrregularSheetError('attributes without space between');
    if (this.attributeCount * 4 === this.attributes.length) {
      const bigger = new Int32Array(this.attributes.length * 2);
      bigger.set(this.attributes);
      this.attributes = bigger;
    }
    const slot = this.attributeCount++ * 4;
    this.attributes[slot] = start;
    this.attributes[slot + 1] = nameEnd;
    this.attributes[slot + 2] = at + 1;
    this.attributes[slot + 3] = valueEnd;
    return valueEnd + 1;
  }
}

/** The offset just after the next `marker` from `from`, or -1 if it is not in `text` yet. */
function endOf(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? -1 : at + marker.length;
}

/** Comments and CDATA are skipped; a DOCTYPE could define entities, so it is refused. */
function skipMarkup(text: string, start: number): number {
  if (text.startsWith('<!--', start)) return endOf(text, '-->', start + 4);
  if (text.startsWith('<![CDATA[', start)) return endOf(text, ']]>', start + 9);
  if (text.length - start < 9) return -1;
  throw new IrregularSheetError('a markup declaration');
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09;
}

function isNameEnd(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e;
}
