import { RatedeckError } from '../../errors.js';
import { parseCurrency } from '../../money/currency.js';
import { Decimal } from '../../money/decimal.js';
import { formatMoney, parseAmount } from '../../provisioning/money-amount.js';
import { auditedTransaction } from '../../store/audit-log.js';
import { addCustomer, getCustomer, listCustomers, removeCustomer, updateCustomer, type Customer } from '../../store/customer-store.js';
import { customerSummary, describeCustomer, isoTime, type CustomerView } from '../../store/customer-view.js';
import { command, type CommandSpec } from '../command-spec.js';
import { flag, parsed, parsedWithDefault, positiveInteger } from '../option-readers.js';
import { cardText } from '../card-text.js';
import { formatTable } from '../text-table.js';

/** Operators' words for the three kinds of debit limit. */
function debitLimitMeaning(customer: Customer): string {
  const limit = new Decimal(customer.debitLimit);
  const amount = formatMoney(limit.abs(), customer.currency);
  if (limit.isZero()) return 'prepaid';
  if (limit.isPositive()) return `postpaid: credit of ${amount} ${customer.currency}`;
  return `prepaid with a buffer: calls stop while ${amount} ${customer.currency} is still left`;
}

const parseDebitLimit = (value: string, option: string): string => parseAmount(value, option, { allowZero: true });

function parseCustomerStatus(value: string, option: string): 'active' | 'inactive' {
  const status = value.trim().toLowerCase();
  if (status !== 'active' && status !== 'inactive') {
    throw new RatedeckError('INVALID_VALUE', `${option}: "${value}" is not a customer status; expected active or inactive.`, { option });
  }
  return status;
}

function showText(view: CustomerView, customer: Customer): string {
  const card = view.rateCard;
  const lines = [
    `Customer ${customer.name} (${customer.status}${customer.archivedAt ? ` since ${isoTime(customer.archivedAt)}` : ''})`,
    `  currency     ${customer.currency}`,
    `  debit limit  ${view.debitLimit} (${debitLimitMeaning(customer)})`,
    `  balance      ${view.balance}`,
    `  available    ${view.available}`,
    `  rate card    ${cardText(card, 'none; build one with `ratedeck price`')}`,
    '',
    'IP authentication',
    view.ipAuth.length === 0
      ? '  none'
      : formatTable(['address', 'kind', 'port', 'protocol', 'tech prefix'], view.ipAuth.map((e) => [e.address, e.kind, e.port, e.protocol, e.techPrefix])),
    '',
    'SIP users',
    view.sipUsers.length === 0 ? '  none' : formatTable(['username', 'realm'], view.sipUsers.map((u) => [u.username, u.realm])),
    '',
    'Payments',
    view.payments.length === 0
      ? '  none'
      : formatTable(['id', 'amount', 'status', 'description', 'created'], view.payments.map((p) => [p.id, p.amount, p.status, p.description, p.createdAt])),
  ];
  return lines.join('\n');
}

export const customerCommands: CommandSpec[] = [
  command({
    path: ['customer', 'add'],
    database: 'write',
    args: '<name>',
    description: 'add a customer (a buyer of minutes)',
    options: {
      currency: parsed('--currency <ISO 4217>', "the customer's currency (required; fixed once set)", parseCurrency),
      debitLimit: parsedWithDefault('--debit-limit <amount>', '0 prepaid (default), positive postpaid credit, negative prepaid buffer', '0', parseDebitLimit),
    },
    run(context, [name], options) {
      const { currency, debitLimit } = options;
      if (currency === undefined) {
        throw new RatedeckError('BAD_OPTION', 'customer add: --currency is required because it cannot change later, e.g. --currency USD.', {
          option: '--currency',
        });
      }
      const db = context.database();
      const customer = auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: name!, currency, debitLimit }, audit));
      return { json: customerSummary(db, customer), text: `Added customer ${customer.name} (${customer.currency}, ${debitLimitMeaning(customer)}).` };
    },
  }),
  command({
    path: ['customer', 'list'],
    database: 'read',
    description: 'list customers with their balances',
    options: { all: flag('--all', 'include archived customers') },
    run(context, _args, options) {
      const db = context.database();
      const rows = listCustomers(db, options.all).map((customer) => customerSummary(db, customer));
      return {
        json: rows,
        text: formatTable(
          ['name', 'currency', 'debit limit', 'balance', 'available', 'status'],
          rows.map((r) => [r.name, r.currency, r.debitLimit, r.balance, r.available, r.status]),
        ),
      };
    },
  }),
  command({
    path: ['customer', 'show'],
    database: 'read',
    args: '<name>',
    description: 'show a customer: balance, authentication, payments, rate card',
    run(context, [name]) {
      const db = context.database();
      const customer = getCustomer(db, name!);
      const view = describeCustomer(db, customer);
      return { json: view, text: showText(view, customer) };
    },
  }),
  command({
    path: ['customer', 'set'],
    database: 'write',
    args: '<name>',
    description: "change a customer's debit limit or status",
    options: {
      debitLimit: parsed('--debit-limit <amount>', '0 prepaid, positive postpaid credit, negative prepaid buffer', parseDebitLimit),
      status: parsed('--status <status>', 'active or inactive (an inactive customer cannot place calls)', parseCustomerStatus),
      currency: parsed('--currency <ISO 4217>', 'accepted only when it is the current currency: a currency never changes', parseCurrency),
      maxCallSeconds: positiveInteger('--max-call-seconds <seconds>', 'the longest call `ratedeck authorize` allows (default 14400)'),
    },
    run(context, [name], { debitLimit, status, currency, maxCallSeconds }) {
      if (debitLimit === undefined && status === undefined && currency === undefined && maxCallSeconds === undefined) {
        throw new RatedeckError('BAD_OPTION', 'customer set: nothing to change; give --debit-limit <amount> or --status active|inactive.');
      }
      const db = context.database();
      const customer = auditedTransaction(db, 'customer set', (audit) => updateCustomer(db, name!, { debitLimit, status, currency, maxCallSeconds }, audit));
      return { json: customerSummary(db, customer), text: `Customer ${customer.name}: ${customer.status}, ${debitLimitMeaning(customer)}.` };
    },
  }),
  command({
    path: ['customer', 'remove'],
    database: 'write',
    args: '<name>',
    description: 'remove a customer without history; --force archives one with payments, charges or a rate card',
    options: { force: flag('--force', 'archive instead of refusing when the customer has history') },
    run(context, [name], options) {
      const db = context.database();
      const removal = auditedTransaction(db, 'customer remove', (audit) => removeCustomer(db, name!, options.force, audit));
      const text =
        removal.outcome === 'deleted'
          ? `Removed customer ${removal.customer.name}.`
          : `Archived customer ${removal.customer.name}: its history is kept, its IP and SIP authentication removed.`;
      return { json: { name: removal.customer.name, outcome: removal.outcome }, text };
    },
  }),
];
