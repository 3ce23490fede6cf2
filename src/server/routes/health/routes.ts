import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../lib/errors.ts";

/** Liveness + database check for load balancers and the README's start check. */
export function healthRoutes(databaseKind: string): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/healthz",
      {
        schema: {
          tags: ["system"],
          response: { 200: z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) }) },
        },
      },
      async () => {
        try {
          await app.ctx.db.execute(sql`select 1`);
        } catch (cause) {
          throw new AppError("unavailable", "De database antwoordt niet.", { cause });
        }
        return { status: "ok" as const, database: databaseKind === "postgres" ? ("postgres" as const) : ("pglite" as const) };
      },
    );
  };
}
