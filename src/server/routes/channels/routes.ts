/**
 * Channel routes: list networks and channels, connect (OAuth or credentials), poll, disconnect,
 * recent messages, posting and replying (always through the guard, see src/publishing), and the
 * public webhook endpoints (no session, no CSRF; signature checked over the raw body).
 *
 * Roles: admin connects and disconnects; webcare, reviewer and admin post and reply; trainees read.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { completeOAuthConnect } from "../../../channels/service/complete-oauth-connect.ts";
import { connectWithCredentials } from "../../../channels/service/connect-with-credentials.ts";
import { disconnectChannel } from "../../../channels/service/disconnect-channel.ts";
import { listChannelMessages } from "../../../channels/service/list-channel-messages.ts";
import { listChannels } from "../../../channels/service/list-channels.ts";
import { pollChannel } from "../../../channels/service/poll-channel.ts";
import { receiveWebhook } from "../../../channels/service/receive-webhook.ts";
import { startOAuthConnect } from "../../../channels/service/start-oauth-connect.ts";
import { AppError, isAppError } from "../../../lib/errors.ts";
import { createOutboundItem, findMessage } from "../../../publishing/create-outbound-item.ts";
import { publishOutboundItem } from "../../../publishing/publish-outbound-item.ts";
import { actorOf, requireAuth, requireRole } from "../../auth-context.ts";
import { presentChannel, presentMessage } from "./presenter.ts";
import {
  ChannelParams,
  ChannelResponse,
  ChannelsListResponse,
  ConnectBody,
  MessageParams,
  MessageResponse,
  NetworkParams,
  OAuthCallbackQuery,
  OAuthStartBody,
  PollResponse,
  PublishBody,
  PublishResponse,
  ReplyBody,
} from "./schema.ts";

const SETTINGS_PAGE = "/instellingen/kanalen";
const PUBLISHERS = ["admin", "webcare", "reviewer"] as const;

function presentPublished(result: Awaited<ReturnType<typeof publishOutboundItem>>) {
  const { item, guard } = result;
  return {
    item: { id: item.id, kind: item.kind, status: item.status, externalId: item.externalId, permalink: item.permalink, overrideReason: item.overrideReason },
    guard: { verdict: guard.verdict, findings: guard.findings },
  };
}

export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/channels", { schema: { tags: ["channels"], response: { 200: ChannelsListResponse } } }, async (request) => {
    const auth = requireAuth(request);
    const result = await listChannels(app.ctx, { orgId: auth.orgId });
    return { networks: result.networks, channels: result.channels.map(presentChannel) };
  });

  app.post(
    "/channels/:network/oauth/start",
    { schema: { tags: ["channels"], params: NetworkParams, body: OAuthStartBody.optional(), response: { 200: z.object({ authorizeUrl: z.string() }) } } },
    async (request) => {
      const auth = requireRole(request, "admin");
      return startOAuthConnect(app.ctx, { orgId: auth.orgId, userId: auth.userId, network: request.params.network, settings: { ...(request.body ?? {}) } });
    },
  );

  app.get(
    "/channels/:network/oauth/callback",
    { schema: { tags: ["channels"], params: NetworkParams, querystring: OAuthCallbackQuery } },
    async (request, reply) => {
      const { network } = request.params;
      const { code, state, error, error_description: description } = request.query;
      if (error || !code || !state) {
        const message = description ?? error ?? "De koppeling is afgebroken.";
        return reply.redirect(`${SETTINGS_PAGE}?error=${encodeURIComponent(message)}`);
      }
      try {
        await completeOAuthConnect(app.ctx, { network, code, state, userId: request.auth?.userId });
        return reply.redirect(`${SETTINGS_PAGE}?connected=${encodeURIComponent(network)}`);
      } catch (failure) {
        const message = isAppError(failure) ? failure.message : "Verbinden is mislukt.";
        if (!isAppError(failure)) {
          request.log.error({ err: failure }, "oauth callback failed");
        }
        return reply.redirect(`${SETTINGS_PAGE}?error=${encodeURIComponent(message)}`);
      }
    },
  );

  app.post(
    "/channels/:network/connect",
    { schema: { tags: ["channels"], params: NetworkParams, body: ConnectBody.optional(), response: { 201: z.object({ channel: ChannelResponse }) } } },
    async (request, reply) => {
      const auth = requireRole(request, "admin");
      const channel = await connectWithCredentials(app.ctx, {
        orgId: auth.orgId,
        actor: actorOf(auth, request.ip),
        network: request.params.network,
        values: request.body ?? {},
      });
      return reply.code(201).send({ channel: presentChannel(channel) });
    },
  );

  app.delete("/channels/:id", { schema: { tags: ["channels"], params: ChannelParams } }, async (request, reply) => {
    const auth = requireRole(request, "admin");
    await disconnectChannel(app.ctx, { orgId: auth.orgId, channelId: request.params.id, actor: actorOf(auth, request.ip) });
    return reply.code(204).send();
  });

  app.post("/channels/:id/poll", { schema: { tags: ["channels"], params: ChannelParams, response: { 200: PollResponse } } }, async (request) => {
    const auth = requireRole(request, ...PUBLISHERS);
    const result = await pollChannel(app.ctx, { orgId: auth.orgId, channelId: request.params.id });
    return { fetched: result.fetched, inserted: result.inserted, duplicates: result.duplicates };
  });

  app.get(
    "/channels/:id/messages",
    { schema: { tags: ["channels"], params: ChannelParams, response: { 200: z.object({ messages: z.array(MessageResponse) }) } } },
    async (request) => {
      const auth = requireAuth(request);
      const rows = await listChannelMessages(app.ctx, { orgId: auth.orgId, channelId: request.params.id });
      return { messages: rows.map(presentMessage) };
    },
  );

  app.post(
    "/channels/:id/posts",
    { schema: { tags: ["channels"], params: ChannelParams, body: PublishBody, response: { 201: PublishResponse } } },
    async (request, reply) => {
      const auth = requireRole(request, ...PUBLISHERS);
      const { item } = await createOutboundItem(app.ctx, { orgId: auth.orgId, userId: auth.userId, kind: "post", channelId: request.params.id, text: request.body.text });
      const result = await publishOutboundItem(app.ctx, {
        orgId: auth.orgId,
        itemId: item.id,
        actor: actorOf(auth, request.ip),
        role: auth.role,
        overrideReason: request.body.overrideReason,
      });
      return reply.code(201).send(presentPublished(result));
    },
  );

  app.post(
    "/messages/:id/reply",
    { schema: { tags: ["channels"], params: MessageParams, body: ReplyBody, response: { 201: PublishResponse } } },
    async (request, reply) => {
      const auth = requireRole(request, ...PUBLISHERS);
      const message = await findMessage(app.ctx.db, auth.orgId, request.params.id);
      const { item } = await createOutboundItem(app.ctx, {
        orgId: auth.orgId,
        userId: auth.userId,
        kind: request.body.private ? "private_message" : "reply",
        channelId: message.channelId,
        inReplyToMessageId: message.id,
        text: request.body.text,
      });
      const result = await publishOutboundItem(app.ctx, {
        orgId: auth.orgId,
        itemId: item.id,
        actor: actorOf(auth, request.ip),
        role: auth.role,
        overrideReason: request.body.overrideReason,
      });
      return reply.code(201).send(presentPublished(result));
    },
  );

  // Webhooks: public, raw body kept for the signature check.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    const handle = async (
      request: { params: unknown; headers: Record<string, string | string[] | undefined>; query: unknown; body: unknown },
      method: "GET" | "POST",
    ) => {
      const parsed = NetworkParams.safeParse(request.params);
      if (!parsed.success) {
        throw new AppError("not_found", "Onbekend netwerk");
      }
      const { network } = parsed.data;
      return receiveWebhook(app.ctx, {
        network,
        method,
        request: {
          headers: request.headers,
          query: request.query as Record<string, string | undefined>,
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        },
      });
    };
    hooks.get("/webhooks/:network", { schema: { tags: ["webhooks"] } }, async (request, reply) => {
      const result = await handle(request, "GET");
      return reply.type("text/plain; charset=utf-8").send(result.kind === "challenge" ? result.body : "");
    });
    hooks.post("/webhooks/:network", { schema: { tags: ["webhooks"] } }, async (request, reply) => {
      const result = await handle(request, "POST");
      return reply.code(200).send(result.kind === "received" ? { received: true, inserted: result.inserted } : { received: true });
    });
  });
};
