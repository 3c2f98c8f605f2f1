import { jsonResponse, type Route } from './route.js';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/healthz',
    handle(_request, context) {
      const cards = context.cards.served().map((card) => ({ [card.owner.kind]: card.owner.name, revision: card.revisionId, prefixes: card.trie.prefixCount }));
      return jsonResponse(200, { status: 'ok', cards });
    },
  },
];
