import { jsonResponse, type Route } from './route.js';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/healthz',
    /**
     * `{ status, cards: [{ kind, name, revision, prefixes }] }`: each card by its owner's
     * kind and name, and the revision number `ratedeck deck list` shows (not the store's
     * internal revision id).
     */
    handle(_request, context) {
      const cards = context.cards.served().map((card) => ({
        kind: card.owner.kind,
        name: card.owner.name,
        revision: card.revision.number,
        prefixes: card.trie.prefixCount,
      }));
      return jsonResponse(200, { status: 'ok', cards });
    },
  },
];
