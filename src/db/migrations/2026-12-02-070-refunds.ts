import { sqlMigration } from '../migrator.ts';

/**
 * Refunds of an order's captured payment, partial or full, asked for by the provider (REST API, back office; issue
 * 11). A refund row is written `pending` before the bank is called, then becomes `succeeded` (the bank's refund id)
 * or `failed` (its reason); `idempotency_key` is the caller's, unique per payment, so a repeated request finds its
 * first refund instead of writing a second.
 *
 * Never more than captured, whatever the code does: `payment_attempts.refund_held_cents` is the sum of the payment's
 * pending and succeeded refunds, kept by a trigger on `refunds` (a refund that fails gives its amount back), and a
 * check bounds it by the payment's amount. The trigger's update locks the payment's row, so concurrent refunds are
 * serialized there and the one that would go over is refused by the check, even if a caller skipped its own lock.
 * The trigger also keeps the refund's transitions (pending → succeeded | failed, nothing after) and its amount fixed.
 */
export const refunds = sqlMigration([
  `alter table payment_attempts add column refund_held_cents integer not null default 0
    check (refund_held_cents >= 0 and refund_held_cents <= amount_cents)`,
  `create table refunds (
    id bigint generated always as identity primary key,
    attempt_id bigint not null references payment_attempts (id),
    order_id bigint not null references orders (id),
    amount_cents integer not null check (amount_cents > 0),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    reason text not null check (length(reason) <= 500),
    status text not null check (status in ('pending', 'succeeded', 'failed')),
    idempotency_key text not null check (length(idempotency_key) between 1 and 255),
    requested_by text not null check (length(requested_by) between 1 and 200),
    bank_refund_id text,
    failure_reason text,
    created_at timestamptz not null,
    completed_at timestamptz,
    unique (attempt_id, idempotency_key),
    check ((status = 'succeeded') = (bank_refund_id is not null)),
    check ((status = 'failed') = (failure_reason is not null)),
    check ((status = 'pending') = (completed_at is null))
  )`,
  'create index refunds_attempt_idx on refunds (attempt_id, id)',
  "create index refunds_pending_idx on refunds (created_at) where status = 'pending'",
  `create function refunds_hold_amount() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      if new.status = 'failed' then
        raise exception 'a refund is written pending or succeeded';
      end if;
      update payment_attempts set refund_held_cents = refund_held_cents + new.amount_cents where id = new.attempt_id;
      return new;
    end if;
    if new.amount_cents <> old.amount_cents or new.attempt_id <> old.attempt_id then
      raise exception 'a refund keeps its payment and its amount';
    end if;
    if new.status <> old.status then
      if old.status <> 'pending' then
        raise exception 'refund % is % and stays so', old.id, old.status;
      end if;
      if new.status = 'failed' then
        update payment_attempts set refund_held_cents = refund_held_cents - old.amount_cents
          where id = old.attempt_id;
      end if;
    end if;
    return new;
  end
  $$`,
  `create trigger refunds_hold_amount before insert or update on refunds
    for each row execute function refunds_hold_amount()`,
]);
