import { RatedeckError } from '../../errors.js';
import { formatMoney, parseAmount } from '../../provisioning/money-amount.js';
import { parsePaymentStatus } from '../../provisioning/payment-status.js';
import { auditedTransaction } from '../../store/audit-log.js';
import { getCustomer, getCustomerById } from '../../store/customer-store.js';
import { customerBalance, listPayments, recordPayment, setPaymentStatus } from '../../store/payment-store.js';
import { describePayment } from '../../store/customer-view.js';
import { plural } from '../../text/plural.js';
import { command, type CommandSpec } from '../command-spec.js';
import { parsed, parsedWithDefault } from '../option-readers.js';
import { formatTable } from '../text-table.js';

const MAX_DESCRIPTION_LENGTH = 500;

function parseDescription(value: string): string | null {
  const text = value.trim();
  if (text.length > MAX_DESCRIPTION_LENGTH || /[\u0000-\u001f]/.test(text)) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `--description: expected at most ${MAX_DESCRIPTION_LENGTH} printable characters on one line; received ${plural(text.length, 'character')}.`,
      { option: '--description' },
    );
  }
  return text.length === 0 ? null : text;
}

function parsePaymentId(value: string): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) === 0) {
    throw new RatedeckError('INVALID_VALUE', `"${value}" is not a payment id; expected a positive whole number as \`customer payment list\` shows, e.g. 12.`, {
      value,
    });
  }
  return Number(value);
}

export const paymentCommands: CommandSpec[] = [
  command({
    path: ['customer', 'payment', 'add'],
    database: 'write',
    args: '<customer>',
    description: "record a payment in the customer's currency (negative for a purchase or refund)",
    options: {
      amount: parsed('--amount <decimal>', 'exact amount, up to 6 decimal places (whole in a currency without minor units, such as JPY), e.g. 100 or -12.50', (value, option) => parseAmount(value, option, { allowZero: false })),
      description: parsed('--description <text>', 'what the payment was (invoice, transfer reference)', parseDescription),
      status: parsedWithDefault('--status <status>', 'completed (default), pending or cancelled; only completed payments count', 'completed', parsePaymentStatus),
    },
    run(context, [name], { amount, description = null, status }) {
      if (amount === undefined) {
        throw new RatedeckError('BAD_OPTION', 'customer payment add: --amount is required, e.g. --amount 100.00.', { option: '--amount' });
      }
      const db = context.database();
      const { payment, customer } = auditedTransaction(db, 'customer payment add', (audit) => recordPayment(db, name!, { amount, status, description }, audit));
      const balance = formatMoney(customerBalance(db, customer).balance, customer.currency);
      return {
        json: { customer: customer.name, currency: customer.currency, ...describePayment(payment, customer.currency), balance },
        text:
          `Payment ${payment.id}: ${formatMoney(payment.amount, customer.currency)} ${customer.currency} (${payment.status}) ` +
          `for ${customer.name}; balance ${balance} ${customer.currency}.`,
      };
    },
  }),
  command({
    path: ['customer', 'payment', 'list'],
    database: 'read',
    args: '<customer>',
    description: "list a customer's payments",
    run(context, [name]) {
      const db = context.database();
      const customer = getCustomer(db, name!);
      const payments = listPayments(db, customer.id).map((payment) => describePayment(payment, customer.currency));
      return {
        json: payments,
        text: formatTable(
          ['id', `amount (${customer.currency})`, 'status', 'description', 'created'],
          payments.map((p) => [p.id, p.amount, p.status, p.description, p.createdAt]),
        ),
      };
    },
  }),
  command({
    path: ['customer', 'payment', 'set-status'],
    database: 'write',
    args: '<id> <status>',
    description: 'settle or cancel a payment (completed, pending or cancelled)',
    run(context, [idText, statusText]) {
      const id = parsePaymentId(idText!);
      const status = parsePaymentStatus(statusText!, 'status');
      const db = context.database();
      const payment = auditedTransaction(db, 'customer payment set-status', (audit) => setPaymentStatus(db, id, status, audit));
      const customer = getCustomerById(db, payment.customerId);
      return {
        json: { customer: customer.name, currency: customer.currency, ...describePayment(payment, customer.currency) },
        text: `Payment ${payment.id} of ${customer.name} is ${payment.status}.`,
      };
    },
  }),
];
