import { RatedeckError } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import { amountInCurrency, sumAmounts } from '../provisioning/money-amount.js';
import { paymentTransitionProblem, type PaymentStatus } from '../provisioning/payment-status.js';
import type { AuditRecorder } from './audit-log.js';
import { getActiveCustomer, getCustomerById, type Customer } from './customer-store.js';
import type { Db } from './database.js';

export interface Payment {
  id: number;
  customerId: number;
  /** Exact decimal text in the customer's currency; negative for a purchase or refund. */
  amount: string;
  status: PaymentStatus;
  description: string | null;
  createdAt: number;
}

export interface NewPayment {
  amount: string;
  status: PaymentStatus;
  description: string | null;
}

export interface Balance {
  /** Completed payments minus charges. */
  balance: Decimal;
  /** Balance plus debit limit: what the customer may still spend. */
  available: Decimal;
}

const SELECT = 'SELECT id, customer_id AS customerId, amount, status, description, created_at AS createdAt FROM payments';

function addPayment(db: Db, customer: Customer, payment: NewPayment, audit: AuditRecorder): Payment {
  const id = Number(
    db
      .prepare('INSERT INTO payments (customer_id, amount, status, description, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(customer.id, payment.amount, payment.status, payment.description, audit.now).lastInsertRowid,
  );
  const added = getPayment(db, id);
  audit.record({ objectKind: 'payment', object: String(id), customer, newValue: auditView(added, customer) });
  return added;
}

/**
 * `customer payment add`: a payment to an active customer, its amount
 * stored and audited in the form every listing prints ("100" USD is "100.00").
 */
export function recordPayment(db: Db, customerName: string, payment: NewPayment, audit: AuditRecorder): { payment: Payment; customer: Customer } {
  const customer = getActiveCustomer(db, customerName);
  return { payment: addPayment(db, customer, { ...payment, amount: amountInCurrency(payment.amount, customer.currency, '--amount') }, audit), customer };
}

export function listPayments(db: Db, customerId: number): Payment[] {
  return db.prepare(`${SELECT} WHERE customer_id = ? ORDER BY created_at, id`).all(customerId) as Payment[];
}

function getPayment(db: Db, id: number): Payment {
  const payment = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Payment | undefined;
  if (!payment) {
    throw new RatedeckError('NOT_FOUND', `No payment with id ${id}. \`ratedeck customer payment list <customer>\` shows the ids.`, { id });
  }
  return payment;
}

/** Moves a payment to `status` when paymentTransitionProblem allows it; a move to the same status changes nothing. */
export function setPaymentStatus(db: Db, id: number, status: PaymentStatus, audit: AuditRecorder): Payment {
  const before = getPayment(db, id);
  const problem = paymentTransitionProblem(before.status, status);
  if (problem) {
    throw new RatedeckError('CONFLICT', `Payment ${id} is ${before.status} and cannot become ${status}: ${problem}.`, {
      id,
      from: before.status,
      to: status,
    });
  }
  if (before.status === status) return before;
  db.prepare('UPDATE payments SET status = ? WHERE id = ?').run(status, id);
  const after = getPayment(db, id);
  const customer = getCustomerById(db, before.customerId);
  audit.record({ objectKind: 'payment', object: String(id), customer, oldValue: auditView(before, customer), newValue: auditView(after, customer) });
  return after;
}

/** Only completed payments count; charges (written by call rating) always do. */
export function customerBalance(db: Db, customer: Customer): Balance {
  const payments = db.prepare("SELECT amount FROM payments WHERE customer_id = ? AND status = 'completed'").pluck().all(customer.id) as string[];
  const charges = db.prepare('SELECT amount FROM charges WHERE customer_id = ?').pluck().all(customer.id) as string[];
  const balance = sumAmounts(payments).minus(sumAmounts(charges));
  return { balance, available: balance.plus(customer.debitLimit) };
}

function auditView(payment: Payment, customer: Customer): Record<string, unknown> {
  return { amount: payment.amount, currency: customer.currency, status: payment.status, description: payment.description };
}
