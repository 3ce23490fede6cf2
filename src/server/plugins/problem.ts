/**
 * RFC 9457 problem+json for every error: AppError (domain), zod validation, fastify's own body
 * errors, and anything unexpected (logged, never leaked). Clients branch on the stable `code`.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { AppError} from "../../lib/errors.ts";
import { type ErrorCode, ErrorCodes, type ErrorDetail, isAppError } from "../../lib/errors.ts";

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors?: ErrorDetail[],
): FastifyReply {
  const { status, title } = ErrorCodes[code];
  return reply
    .code(status)
    .type("application/problem+json; charset=utf-8")
    .send({
      type: `https://spreekuur.dev/problems/${code}`,
      title,
      status,
      detail,
      code,
      ...(errors && errors.length > 0 ? { errors } : {}),
    });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "validation",
  FST_ERR_CTP_EMPTY_JSON_BODY: "malformed_json",
  FST_ERR_CTP_INVALID_JSON_BODY: "malformed_json",
  FST_ERR_VALIDATION: "validation",
};

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (isAppError(error)) {
      if (error.status >= 500) {
        request.log.error({ err: error }, error.message);
      }
      return sendProblem(reply, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? "body";
      const errors = error.validation.map((issue) => ({
        path: `${where}${issue.instancePath.replaceAll("/", ".")}`,
        message: issue.message ?? "invalid",
      }));
      return sendProblem(
        reply,
        "validation",
        `De invoer klopt niet: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
        errors,
      );
    }
    const fastifyError = error as FastifyError;
    const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (mapped) {
      return sendProblem(reply, mapped, fastifyError.message);
    }
    if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
      return sendProblem(reply, "malformed_json", `De body is geen geldige JSON: ${error.message}`);
    }
    if (fastifyError.statusCode === 429) {
      return sendProblem(reply, "rate_limited", "Te veel verzoeken. Probeer het straks opnieuw.");
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return sendProblem(reply, fastifyError.statusCode === 404 ? "not_found" : "validation", fastifyError.message);
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, "internal", "Er ging iets mis aan onze kant. Probeer het opnieuw.");
  });
}
