import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Channel HTTP routes (connect, callbacks, webhooks, list). Filled in by the channels work. */
export const channelRoutes: FastifyPluginAsyncZod = async () => {};
