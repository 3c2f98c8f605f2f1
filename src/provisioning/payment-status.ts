import { RatedeckError } from '../errors.js';
import { quotedValue } from '../text/quoted-value.js';

const PAYMENT_STATUSES = ['completed', 'pending', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export function parsePaymentStatus(value: string, option = '--status'): PaymentStatus {
  const status = value.trim().toLowerCase();
  if (!(PAYMENT_STATUSES as readonly string[]).includes(status)) {
    throw new RatedeckError('INVALID_VALUE', `${option}: ${quotedValue(value)} is not a payment status; expected completed, pending or cancelled.`, {
      option,
      value,
    });
  }
  return status as PaymentStatus;
}

/**
 * The moves a payment may make. A pending payment settles or is cancelled; a
 * completed one may still be cancelled (a chargeback or a reversed transfer).
 * A cancelled payment is final, and a completed one never goes back to
 * pending: money that counted once must not silently stop and start again.
 * Reason for a refused move, or null when the move is allowed.
 */
export function paymentTransitionProblem(from: PaymentStatus, to: PaymentStatus): string | null {
  if (from === to) return null;
  if (from === 'cancelled') return 'a cancelled payment is final; record a new payment instead';
  if (from === 'completed' && to === 'pending') return 'a completed payment cannot go back to pending; cancel it and record a new one';
  return null;
}
