import { z } from 'zod';
import { removeSavedCard } from '../cards/remove-card.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { cardResource } from '../public/resources.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { filterId, idParams, rowIdOr404 } from './api-ids.ts';
import { listCardsPage } from './list-queries.ts';
import { cursorId, listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';
import { cardSchema } from './resource-schemas.ts';

const tags = ['cards'];

/** Saved cards: brand, last four digits, expiry and holder, never more; deleting one is "Rimuovi" in Area Clienti. */
export const cardRoutes: ApiRoutes = (app, deps) => {
  app.get(
    '/cards',
    {
      schema: {
        tags,
        summary: "List saved cards, or a customer's",
        description: PAGINATION_DESCRIPTION,
        querystring: z.object({ ...pageQuery, customer: z.string().optional().describe('cus_…') }),
        response: { 200: listSchema(cardSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, customer } = request.query;
      const rows = await listCardsPage(deps.db, {
        limit,
        beforeId: cursorId('card', starting_after),
        customerId: filterId('customer', 'customer', customer),
      });
      return toPage(rows, limit, cardResource);
    },
  );

  app.delete(
    '/cards/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved card',
        description:
          'Deleted at the bank, then here; every service renewing on it has automatic renewal switched off, with ' +
          'an email to the customer (the same as "Rimuovi" in Area Clienti).',
        params: idParams,
        response: {
          200: z.object({ id: z.string(), object: z.literal('card'), deleted: z.literal(true) }),
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const card = await findSavedCardById(deps.db, rowIdOr404('card', request.params.id, 'card_not_found'));
      if (!card || card.removed_at !== null) throw new ApiError('card_not_found');
      const result = await removeSavedCard(deps, { customerId: card.customer_id, cardId: card.id });
      if (!result.ok) throw new ApiError('card_not_found');
      return { id: cardResource(card).id, object: 'card' as const, deleted: true as const };
    },
  );
};
