/**
 * Interns texts (destinations, decimal strings) into a list, so columns hold
 * small integer ids and each distinct text is stored once.
 */
export class TextInterner {
  private readonly ids = new Map<string, number>();

  constructor(readonly texts: string[] = []) {
    for (let id = 0; id < texts.length; id++) if (!this.ids.has(texts[id]!)) this.ids.set(texts[id]!, id);
  }

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.push(text) - 1;
      this.ids.set(text, id);
    }
    return id;
  }
}
