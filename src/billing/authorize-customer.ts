import { formatMoney } from '../provisioning/money-amount.js';
import { authorizeRoute, type AuthorizationAnswer } from '../rating/authorize-route.js';
import type { RatingCard } from '../rating/card-rater.js';
import { loadNanpStateTable } from '../rating/jurisdiction/load-nanp-states.js';
import { getCustomer, type Customer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import { customerBalance } from '../store/payment-store.js';
import { loadCardTrie } from '../cards/card-trie-loader.js';
import { ratingCardOf } from './rating-cards.js';

export interface AuthorizeRequest {
  customer: string;
  number: string;
  caller?: string | null;
  /** Epoch ms; default now. */
  at?: number;
}

/**
 * `ratedeck authorize`: the customer's available credit (completed payments
 * minus charges plus debit limit) against its card's entry for the number.
 * `cardOf` gives the compiled card (the server passes the one it holds);
 * by default the card's latest revision is loaded from the store.
 */
export async function authorizeCustomer(
  db: Db,
  request: AuthorizeRequest,
  cardOf: (customer: Customer) => RatingCard | null | Promise<RatingCard | null> = (customer) => storedCard(db, customer),
): Promise<AuthorizationAnswer> {
  const customer = getCustomer(db, request.customer);
  const available = formatMoney(customerBalance(db, customer).available, customer.currency);
  const card = customer.status === 'active' ? await cardOf(customer) : null;
  const states = await loadNanpStateTable();
  return authorizeRoute({ status: customer.status, available, maxCallSeconds: customer.maxCallSeconds }, card, states, request.number, request.caller ?? null, request.at ?? Date.now());
}

function storedCard(db: Db, customer: Customer): RatingCard | null {
  const loaded = loadCardTrie(db, 'customer', customer.id);
  return loaded && ratingCardOf('customer', customer.name, customer.currency, loaded.trie, loaded.revision);
}
