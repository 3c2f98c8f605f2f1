import { formatMoney } from '../provisioning/money-amount.js';
import type { AuthAddressKind } from '../provisioning/auth-address.js';
import type { Transport } from '../provisioning/network-address.js';
import type { PaymentStatus } from '../provisioning/payment-status.js';
import { describeCard, type CardView } from './card-view.js';
import type { Customer, CustomerStatus } from './customer-store.js';
import type { Db } from './database.js';
import { listIpAuth, type IpAuthEntry } from './ip-auth-store.js';
import { customerBalance, listPayments, type Payment } from './payment-store.js';
import { listSipUsers } from './sip-user-store.js';

/**
 * How provisioning state is shown (`customer show`, `customer list`,
 * `customer payment list`, `customer auth list`): amounts in the customer's
 * currency, times as ISO 8601. The JSON of those commands is these views.
 */
export interface CustomerSummary {
  name: string;
  currency: string;
  debitLimit: string;
  status: CustomerStatus;
  balance: string;
  available: string;
}

export interface PaymentView {
  id: number;
  amount: string;
  status: PaymentStatus;
  description: string | null;
  createdAt: string | null;
}

export interface IpAuthView {
  customer: string;
  address: string;
  kind: AuthAddressKind;
  port: number | null;
  protocol: Transport | null;
  techPrefix: string | null;
}

/** The whole provisioned state of one customer. */
export interface CustomerView extends CustomerSummary {
  ipAuth: (Omit<IpAuthView, 'customer'> & { createdAt: string | null })[];
  sipUsers: { username: string; realm: string; createdAt: string | null }[];
  payments: PaymentView[];
  /** The sell card's latest revision, its entries counted in force now and in all its history. */
  rateCard: CardView | null;
}

export const isoTime = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());

export function describePayment(payment: Payment, currency: string): PaymentView {
  return {
    id: payment.id,
    amount: formatMoney(payment.amount, currency),
    status: payment.status,
    description: payment.description,
    createdAt: isoTime(payment.createdAt),
  };
}

export function describeIpAuth(entry: IpAuthEntry): IpAuthView {
  return {
    customer: entry.customer,
    address: entry.address,
    kind: entry.kind,
    port: entry.port,
    protocol: entry.protocol,
    techPrefix: entry.techPrefix,
  };
}

/** A customer with its balance and what is still available to spend. */
export function customerSummary(db: Db, customer: Customer): CustomerSummary {
  const { balance, available } = customerBalance(db, customer);
  return {
    name: customer.name,
    currency: customer.currency,
    debitLimit: formatMoney(customer.debitLimit, customer.currency),
    status: customer.status,
    balance: formatMoney(balance, customer.currency),
    available: formatMoney(available, customer.currency),
  };
}

/** What `customer show --json` prints: the whole provisioned state of one customer. */
export function describeCustomer(db: Db, customer: Customer, at = Date.now()): CustomerView {
  return {
    ...customerSummary(db, customer),
    ipAuth: listIpAuth(db, customer.id).map((entry) => ({
      address: entry.address,
      kind: entry.kind,
      port: entry.port,
      protocol: entry.protocol,
      techPrefix: entry.techPrefix,
      createdAt: isoTime(entry.createdAt),
    })),
    sipUsers: listSipUsers(db, customer.id).map((user) => ({ username: user.username, realm: user.realm, createdAt: isoTime(user.createdAt) })),
    payments: listPayments(db, customer.id).map((payment) => describePayment(payment, customer.currency)),
    rateCard: describeCard(db, { kind: 'customer', id: customer.id }, at),
  };
}
