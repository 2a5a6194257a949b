import { z } from 'zod';
import { findEvent } from '../events/event-repository.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { eventResource } from '../public/resources.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { idParams } from './api-ids.ts';
import { listEventsPage } from './list-queries.ts';
import { listSchema, pageQuery, toPage } from './pagination.ts';
import { eventSchema } from './resource-schemas.ts';

const tags = ['events'];

/** Events, for polling and for replaying what a webhook endpoint missed: newest first, in the order written. */
export const eventRoutes: ApiRoutes = (app, deps) => {
  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'List events',
        description:
          'Newest first, in the order they were written. Pass the last event id of a page as `starting_after` ' +
          'for the next one while `has_more` is true.',
        querystring: z.object({ ...pageQuery, type: z.enum(EVENT_TYPES).optional() }),
        response: { 200: listSchema(eventSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, type } = request.query;
      let beforeSeq: number | undefined;
      if (starting_after !== undefined) {
        const cursor = await findEvent(deps.db, starting_after);
        if (!cursor) {
          throw new ApiError('invalid_request', 'starting_after is not an event id', {
            errors: [{ field: 'starting_after', message: 'expected an event id' }],
          });
        }
        beforeSeq = cursor.seq;
      }
      const rows = await listEventsPage(deps.db, { limit, beforeSeq, type });
      return toPage(rows, limit, eventResource);
    },
  );

  app.get(
    '/events/:id',
    { schema: { tags, summary: 'Get an event', params: idParams, response: { 200: eventSchema, 404: problemSchema } } },
    async (request) => {
      const event = await findEvent(deps.db, request.params.id);
      if (!event) throw new ApiError('event_not_found');
      return eventResource(event);
    },
  );
};
