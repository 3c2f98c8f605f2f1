import { RatedeckError } from '../../errors.js';
import { parseCurrency } from '../../money/currency.js';
import { Decimal } from '../../money/decimal.js';
import { formatMoney, parseAmount } from '../../provisioning/money-amount.js';
import { auditedTransaction } from '../../store/audit-log.js';
import {
  addCustomer,
  assertSameCurrency,
  getCustomer,
  listCustomers,
  removeCustomer,
  updateCustomer,
  type Customer,
  type CustomerChanges,
} from '../../store/customer-store.js';
import type { Db } from '../../store/database.js';
import { listIpAuth } from '../../store/ip-auth-store.js';
import { customerBalance, listPayments, type Payment } from '../../store/payment-store.js';
import { cardIdFor, latestRevision } from '../../store/rate-card-store.js';
import { listSipUsers } from '../../store/sip-user-store.js';
import type { CommandSpec } from '../command-spec.js';
import { plural } from '../../text/plural.js';
import { formatTable } from '../text-table.js';

const iso = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());

export function describePayment(payment: Payment, currency: string): Record<string, unknown> {
  return {
    id: payment.id,
    amount: formatMoney(payment.amount, currency),
    status: payment.status,
    description: payment.description,
    createdAt: iso(payment.createdAt),
  };
}

/** Operators' words for the three kinds of debit limit. */
export function debitLimitMeaning(customer: Customer): string {
  const limit = new Decimal(customer.debitLimit);
  const amount = formatMoney(limit.abs(), customer.currency);
  if (limit.isZero()) return 'prepaid';
  if (limit.isPositive()) return `postpaid: credit of ${amount} ${customer.currency}`;
  return `prepaid with a buffer: calls stop while ${amount} ${customer.currency} is still left`;
}

function summary(db: Db, customer: Customer): Record<string, unknown> {
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
export function describeCustomer(db: Db, customer: Customer): Record<string, unknown> {
  const cardId = cardIdFor(db, 'customer', customer.id, false);
  const revision = cardId === null ? null : latestRevision(db, cardId);
  return {
    ...summary(db, customer),
    ipAuth: listIpAuth(db, customer.id).map((entry) => ({
      address: entry.address,
      kind: entry.kind,
      port: entry.port,
      protocol: entry.protocol,
      techPrefix: entry.techPrefix,
      createdAt: iso(entry.createdAt),
    })),
    sipUsers: listSipUsers(db, customer.id).map((user) => ({ username: user.username, realm: user.realm, createdAt: iso(user.createdAt) })),
    payments: listPayments(db, customer.id).map((payment) => describePayment(payment, customer.currency)),
    rateCard: revision && {
      revision: revision.number,
      mode: revision.mode,
      source: revision.source,
      entryCount: revision.entryCount,
      createdAt: iso(revision.createdAt),
    },
  };
}

function showText(view: Record<string, unknown>, customer: Customer): string {
  const ipAuth = view.ipAuth as Record<string, unknown>[];
  const sipUsers = view.sipUsers as Record<string, unknown>[];
  const payments = view.payments as Record<string, unknown>[];
  const card = view.rateCard as Record<string, unknown> | null;
  const lines = [
    `Customer ${customer.name} (${customer.status}${customer.archivedAt ? ` since ${iso(customer.archivedAt)}` : ''})`,
    `  currency     ${customer.currency}`,
    `  debit limit  ${view.debitLimit} (${debitLimitMeaning(customer)})`,
    `  balance      ${view.balance}`,
    `  available    ${view.available}`,
    `  rate card    ${card ? `revision ${card.revision}, ${plural(card.entryCount as number, 'entry', 'entries')}, ${card.createdAt}` : 'none'}`,
    '',
    'IP authentication',
    ipAuth.length === 0
      ? '  none'
      : formatTable(['address', 'kind', 'port', 'protocol', 'tech prefix'], ipAuth.map((e) => [e.address, e.kind, e.port, e.protocol, e.techPrefix] as string[])),
    '',
    'SIP users',
    sipUsers.length === 0 ? '  none' : formatTable(['username', 'realm'], sipUsers.map((u) => [u.username, u.realm] as string[])),
    '',
    'Payments',
    payments.length === 0
      ? '  none'
      : formatTable(['id', 'amount', 'status', 'description', 'created'], payments.map((p) => [p.id, p.amount, p.status, p.description, p.createdAt] as string[])),
  ];
  return lines.join('\n');
}

export const customerCommands: CommandSpec[] = [
  {
    path: ['customer', 'add'],
    args: '<name>',
    description: 'add a customer (a buyer of minutes)',
    options: [
      { flags: '--currency <ISO 4217>', description: "the customer's currency (required; fixed once set)" },
      { flags: '--debit-limit <amount>', description: '0 prepaid (default), positive postpaid credit, negative prepaid buffer', defaultValue: '0' },
    ],
    run(context, [name], options) {
      if (options.currency === undefined) {
        throw new RatedeckError('BAD_OPTION', 'customer add: --currency is required because it cannot change later, e.g. --currency USD.', {
          option: '--currency',
        });
      }
      const currency = parseCurrency(options.currency as string);
      const debitLimit = parseAmount(options.debitLimit as string, '--debit-limit', { allowZero: true });
      const db = context.database();
      const customer = auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: name!, currency, debitLimit }, audit));
      return { json: summary(db, customer), text: `Added customer ${customer.name} (${customer.currency}, ${debitLimitMeaning(customer)}).` };
    },
  },
  {
    path: ['customer', 'list'],
    description: 'list customers with their balances',
    options: [{ flags: '--all', description: 'include archived customers' }],
    run(context, _args, options) {
      const db = context.database();
      const rows = listCustomers(db, options.all === true).map((customer) => summary(db, customer));
      return {
        json: rows,
        text: formatTable(
          ['name', 'currency', 'debit limit', 'balance', 'available', 'status'],
          rows.map((r) => [r.name, r.currency, r.debitLimit, r.balance, r.available, r.status] as string[]),
        ),
      };
    },
  },
  {
    path: ['customer', 'show'],
    args: '<name>',
    description: 'show a customer: balance, authentication, payments, rate card',
    run(context, [name]) {
      const db = context.database();
      const customer = getCustomer(db, name!);
      const view = describeCustomer(db, customer);
      return { json: view, text: showText(view, customer) };
    },
  },
  {
    path: ['customer', 'set'],
    args: '<name>',
    description: "change a customer's debit limit or status",
    options: [
      { flags: '--debit-limit <amount>', description: '0 prepaid, positive postpaid credit, negative prepaid buffer' },
      { flags: '--status <status>', description: 'active or inactive (an inactive customer cannot place calls)' },
      { flags: '--currency <ISO 4217>', description: 'accepted only when it is the current currency: a currency never changes' },
    ],
    run(context, [name], options) {
      const changes: CustomerChanges = {};
      if (options.debitLimit !== undefined) changes.debitLimit = parseAmount(options.debitLimit as string, '--debit-limit', { allowZero: true });
      if (options.status !== undefined) {
        const status = String(options.status).trim().toLowerCase();
        if (status !== 'active' && status !== 'inactive') {
          throw new RatedeckError('INVALID_VALUE', `--status: "${String(options.status)}" is not a customer status; expected active or inactive.`, {
            option: '--status',
          });
        }
        changes.status = status;
      }
      const currency = options.currency === undefined ? undefined : parseCurrency(options.currency as string);
      if (changes.debitLimit === undefined && changes.status === undefined && currency === undefined) {
        throw new RatedeckError('BAD_OPTION', 'customer set: nothing to change; give --debit-limit <amount> or --status active|inactive.');
      }
      const db = context.database();
      const customer = auditedTransaction(db, 'customer set', (audit) => {
        if (currency !== undefined) assertSameCurrency(getCustomer(db, name!), currency);
        return updateCustomer(db, name!, changes, audit);
      });
      return { json: summary(db, customer), text: `Customer ${customer.name}: ${customer.status}, ${debitLimitMeaning(customer)}.` };
    },
  },
  {
    path: ['customer', 'remove'],
    args: '<name>',
    description: 'remove a customer without history; --force archives one with payments, charges or a rate card',
    options: [{ flags: '--force', description: 'archive instead of refusing when the customer has history' }],
    run(context, [name], options) {
      const db = context.database();
      const removal = auditedTransaction(db, 'customer remove', (audit) => removeCustomer(db, name!, options.force === true, audit));
      const text =
        removal.outcome === 'deleted'
          ? `Removed customer ${removal.customer.name}.`
          : `Archived customer ${removal.customer.name}: its history is kept, its IP and SIP authentication removed.`;
      return { json: { name: removal.customer.name, outcome: removal.outcome }, text };
    },
  },
];
