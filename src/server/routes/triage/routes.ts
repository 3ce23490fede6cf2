import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

/** Triage HTTP routes (POST /api/triage/classify). Filled in by the triage work. */
export const triageRoutes: FastifyPluginAsyncZod = async () => {};
