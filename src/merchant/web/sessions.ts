import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Customer, Locale, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  deleteExpiredWebSessions,
  deleteWebSession,
  deleteWebSessionAndCustomerSessions,
  findWebSession,
  insertWebSession,
  setWebSessionLocale,
  touchWebSession,
  type WebApp,
} from './session-repository.ts';

/** The session a request carries, as routes see it. */
export interface WebSession {
  idHash: string;
  customerId: number | null;
  /** The signed-in customer as read with the session (`load`); undefined on a session made by this request. */
  customer?: Customer | null;
  csrfToken: string;
  locale: Locale | null;
  createdAt: Date;
  /** Pagamenti's guest payment ("Paga subito un ordine"): the one order this session may see and pay. */
  guestOrderId: number | null;
  /** The back office's signed-in operator. */
  operatorId: number | null;
  /**
   * The back office's login between the password and the TOTP code: the operator whose code is awaited. It grants
   * nothing (only `operatorId` does); `enrol` says the operator must first set up an authenticator.
   */
  pendingOperator: { operatorId: number; enrol: boolean } | null;
}

export interface SessionOptions {
  app: WebApp;
  cookieName: string;
  /** Set when the app is served over https, so the cookie never travels in clear. */
  secure: boolean;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 60 * 60_000 } as const;

// Writing last_seen_at on every request would double the writes of a busy page for a precision nobody needs.
const TOUCH_AFTER_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in `web_sessions`. The cookie holds a random token; the database holds only its SHA-256, so a
 * leaked table (or a log of it) cannot be replayed as a cookie. Each app has its own cookie and its own rows.
 */
export class SessionManager {
  constructor(
    private readonly db: Kysely<MerchantDatabase>,
    private readonly clock: Clock,
    readonly options: SessionOptions,
  ) {}

  /** Reads the request's session, dropping it (and its cookie) when idle or too old. */
  async load(request: FastifyRequest, reply: FastifyReply): Promise<WebSession | null> {
    const token = request.cookies[this.options.cookieName];
    if (!token) return null;
    const row = await findWebSession(this.db, this.options.app, hashToken(token));
    if (!row) {
      this.clearCookie(reply);
      return null;
    }
    const now = this.clock.now().getTime();
    const idleFor = now - row.last_seen_at.getTime();
    if (idleFor > this.options.idleTimeoutMs || now - row.created_at.getTime() > this.options.absoluteTimeoutMs) {
      await deleteWebSession(this.db, row.id_hash);
      this.clearCookie(reply);
      return null;
    }
    if (idleFor > TOUCH_AFTER_MS) await touchWebSession(this.db, row.id_hash, new Date(now));
    return {
      idHash: row.id_hash,
      customerId: row.customer_id,
      customer: row.customer,
      csrfToken: row.csrf_token,
      locale: row.locale,
      createdAt: row.created_at,
      guestOrderId: guestOrderIdOf(row.data),
      operatorId: row.operator_id,
      pendingOperator: pendingOperatorOf(row.data),
    };
  }

  /** The request's session, creating an anonymous one when there is none (a form needs its CSRF token). */
  async ensure(request: FastifyRequest, reply: FastifyReply, locale: Locale | null): Promise<WebSession> {
    if (request.session) return request.session;
    request.session = await this.create(reply, null, locale);
    return request.session;
  }

  /**
   * Signs the customer in on a brand-new session: the old id (which an attacker may have planted) is destroyed, so a
   * fixed session id never becomes an authenticated one. The CSRF token is new too.
   */
  async start(request: FastifyRequest, reply: FastifyReply, customerId: number, locale: Locale): Promise<WebSession> {
    await this.replace(request);
    request.session = await this.create(reply, customerId, locale);
    return request.session;
  }

  /**
   * A brand-new session without a customer that may see and pay one order only (Pagamenti's "Paga subito un
   * ordine", once the order's number and the account's email matched). The old session is destroyed, as at sign-in.
   */
  async startGuest(request: FastifyRequest, reply: FastifyReply, orderId: number, locale: Locale): Promise<WebSession> {
    if (request.session) await deleteWebSession(this.db, request.session.idHash);
    request.customer = null;
    request.session = await this.create(reply, null, locale, { guestOrderId: orderId });
    return request.session;
  }

  /**
   * Signs an operator in on a brand-new session (the back office), after the password and, where required, the TOTP
   * code. As at a customer's sign-in, the old session id is destroyed.
   */
  async startOperator(request: FastifyRequest, reply: FastifyReply, operatorId: number, locale: Locale | null) {
    await this.replace(request);
    request.session = await this.create(reply, null, locale, undefined, operatorId);
    return request.session;
  }

  /** A new session that awaits the operator's TOTP code (or enrolment): the password step of a back-office login. */
  async startPendingOperator(
    request: FastifyRequest,
    reply: FastifyReply,
    pending: { operatorId: number; enrol: boolean },
    locale: Locale | null,
  ): Promise<WebSession> {
    await this.replace(request);
    request.session = await this.create(reply, null, locale, { pendingOperator: pending });
    return request.session;
  }

  /** Destroys the request's old session; signing in is rare enough to be the moment to sweep expired ones too. */
  private async replace(request: FastifyRequest): Promise<void> {
    if (request.session) await deleteWebSession(this.db, request.session.idHash);
    const now = this.clock.now().getTime();
    await deleteExpiredWebSessions(
      this.db,
      this.options.app,
      new Date(now - this.options.idleTimeoutMs),
      new Date(now - this.options.absoluteTimeoutMs),
    );
  }

  /**
   * Signs out: ends the request's session and, when a customer was signed in on it, every session of that customer in
   * the apps `alsoIn` (any device). Area Clienti and Pagamenti are one sign-in to the customer, so "Esci" in one must
   * not leave the other able to pay. Other apps' rows are deleted, not only this app's cookie cleared.
   */
  async end(request: FastifyRequest, reply: FastifyReply, options: { alsoIn?: readonly WebApp[] } = {}): Promise<void> {
    const session = request.session;
    if (session) {
      const customerId = session.customerId;
      await deleteWebSessionAndCustomerSessions(
        this.db,
        session.idHash,
        customerId !== null ? { customerId, apps: options.alsoIn ?? [] } : null,
      );
    }
    request.session = null;
    request.customer = null;
    this.clearCookie(reply);
  }

  async setLocale(session: WebSession, locale: Locale): Promise<void> {
    await setWebSessionLocale(this.db, session.idHash, locale);
    session.locale = locale;
  }

  private async create(
    reply: FastifyReply,
    customerId: number | null,
    locale: Locale | null,
    data?: { guestOrderId: number } | { pendingOperator: { operatorId: number; enrol: boolean } },
    operatorId: number | null = null,
  ): Promise<WebSession> {
    const token = randomToken();
    const row = await insertWebSession(this.db, {
      idHash: hashToken(token),
      app: this.options.app,
      customerId,
      operatorId,
      csrfToken: randomToken(),
      locale,
      now: this.clock.now(),
      ...(data ? { data } : {}),
    });
    // No Max-Age: a browser session cookie; the server enforces the real lifetime.
    reply.setCookie(this.options.cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secure,
    });
    return {
      idHash: row.id_hash,
      customerId: row.customer_id,
      csrfToken: row.csrf_token,
      locale: row.locale,
      createdAt: row.created_at,
      guestOrderId: guestOrderIdOf(row.data),
      operatorId: row.operator_id,
      pendingOperator: pendingOperatorOf(row.data),
    };
  }

  private clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.options.cookieName, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.secure,
    });
  }
}

function guestOrderIdOf(data: unknown): number | null {
  const value = (data as { guestOrderId?: unknown } | null)?.guestOrderId;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function pendingOperatorOf(data: unknown): { operatorId: number; enrol: boolean } | null {
  const value = (data as { pendingOperator?: { operatorId?: unknown; enrol?: unknown } } | null)?.pendingOperator;
  const id = value?.operatorId;
  return typeof id === 'number' && Number.isSafeInteger(id) ? { operatorId: id, enrol: value?.enrol === true } : null;
}
