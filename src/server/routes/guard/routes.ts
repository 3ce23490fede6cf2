import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Guard HTTP routes (POST /api/guard/check). Filled in by the guard work. */
export const guardRoutes: FastifyPluginAsyncZod = async () => {};
