/**
 * The Spreekuur data model (Drizzle, PostgreSQL dialect). The same migrations run on embedded
 * PGlite and on a PostgreSQL server.
 *
 * Every table that holds organisation data carries `org_id`; domain functions always filter on it
 * (see src/store/scope.ts). Secrets are stored encrypted (columns ending in `_enc`, see
 * src/lib/secrets.ts). Column names are snake_case, TypeScript names camelCase.
 *
 * The flow the tables follow: channel → message (inbound, triaged) → thread → outbound_item
 * (reply/post draft, guard verdict, approval, schedule) → channel.
 */
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const id = () => uuid("id").primaryKey().defaultRandom();

/** Roles inside an organisation. */
export const ROLES = ["admin", "webcare", "reviewer", "trainee"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The organisation's public profile. The guard treats everything listed here as the practice's
 * own details (never a finding) and the reply suggestions use the private channels from it.
 */
export interface OrganisationProfile {
  phones: string[];
  emails: string[];
  websites: string[];
  addresses: string[];
  /** Names of staff members, as they appear in public (e.g. "dokter Jansen", "Anna de Vries"). */
  staff: string[];
  /** URL where patients start an e-consult. */
  econsultUrl?: string | undefined;
  /** Number of the regional huisartsenpost (out of hours). */
  outOfHoursPhone?: string | undefined;
}

export const organizations = pgTable("organizations", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** "huisartsenpraktijk", "ziekenhuis", "fysiotherapie", ... free text for now. */
  kind: text("kind").notNull().default("huisartsenpraktijk"),
  profile: jsonb("profile").$type<OrganisationProfile>().notNull(),
  locale: text("locale").notNull().default("nl"),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lower-cased; unique across the installation. */
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    /** Encrypted TOTP seed; set while enrolling, used once `totpEnabled`. */
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    locale: text("locale").notNull().default("nl"),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/** Server-side sessions. `id` is the SHA-256 of the cookie token, so a database leak yields no live cookie. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The organisation this session is working in. */
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    /** False between password and TOTP step. */
    mfaPassed: boolean("mfa_passed").notNull().default(true),
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed and successful sign-ins, for the per-account rate limit (works across processes). */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip"),
    success: boolean("success").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.createdAt)],
);

/**
 * Append-only audit log (a trigger rejects UPDATE and DELETE). Written by domain functions:
 * who did what, when, in which organisation.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** No foreign keys: the log must outlive deleted users and organisations. */
    orgId: uuid("org_id"),
    actorUserId: uuid("actor_user_id"),
    /** Human-readable actor at the time ("Anna de Vries", "cli", "system"), kept if the user is deleted. */
    actorLabel: text("actor_label").notNull(),
    /** Dotted verb, e.g. "user.login", "guard.override", "channel.connect". */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_org_idx").on(t.orgId, t.createdAt)],
);

/** Networks Spreekuur can connect to. */
export const NETWORKS = ["facebook", "instagram", "mastodon", "bluesky", "x", "linkedin", "rss", "sandbox"] as const;
export type Network = (typeof NETWORKS)[number];

export const CHANNEL_STATUSES = ["active", "reconnect_needed", "disabled"] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

/** A connected account/page/feed of an organisation on one network. */
export const channels = pgTable(
  "channels",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    network: text("network").$type<Network>().notNull(),
    /** Label shown in the UI, e.g. "Facebook – Huisartsenpraktijk De Linde". */
    name: text("name").notNull(),
    /** Id of the page/account/feed on the network (page id, DID, account id, feed URL). */
    externalAccountId: text("external_account_id").notNull(),
    handle: text("handle"),
    status: text("status").$type<ChannelStatus>().notNull().default("active"),
    /** Non-secret settings (instance URL, feed URL, page id, ...). */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** Adapter-specific position for "fetch since" polling. */
    cursor: text("cursor"),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("channels_org_network_account_unique").on(t.orgId, t.network, t.externalAccountId)],
);

/** Credentials of a channel, all secrets encrypted. One row per channel. */
export const channelCredentials = pgTable("channel_credentials", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  accessTokenEnc: text("access_token_enc"),
  refreshTokenEnc: text("refresh_token_enc"),
  /** App password, client secret of a per-server app registration, etc. */
  secretEnc: text("secret_enc"),
  scope: text("scope"),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  updatedAt: updatedAt(),
});

/** Pending OAuth authorisations (state + PKCE verifier), short-lived. */
export const oauthStates = pgTable("oauth_states", {
  state: text("state").primaryKey(),
  orgId: uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  network: text("network").$type<Network>().notNull(),
  codeVerifierEnc: text("code_verifier_enc"),
  redirectUri: text("redirect_uri").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/** Webhook deliveries as received, kept for idempotency and diagnosis. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    network: text("network").$type<Network>().notNull(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    /** Delivery id from the network when it has one; used to drop duplicates. */
    deliveryId: text("delivery_id"),
    signatureValid: boolean("signature_valid").notNull(),
    payload: jsonb("payload").$type<unknown>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [uniqueIndex("webhook_events_delivery_unique").on(t.network, t.deliveryId)],
);

export const THREAD_STATUSES = ["open", "pending", "closed"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const URGENCIES = ["low", "normal", "high", "critical"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A conversation: a post with its comments, a mention chain, or a private-message conversation. */
export const threads = pgTable(
  "threads",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    externalThreadId: text("external_thread_id").notNull(),
    visibility: text("visibility").$type<"public" | "private">().notNull(),
    status: text("status").$type<ThreadStatus>().notNull().default("open"),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Highest urgency of the inbound messages; crisis/emergency threads sort first. */
    urgency: text("urgency").$type<Urgency>().notNull().default("normal"),
    /** Numeric rank of `urgency` (critical=3 … low=0) for ordering. */
    urgencyRank: integer("urgency_rank").notNull().default(1),
    subject: text("subject"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("threads_channel_external_unique").on(t.channelId, t.externalThreadId),
    index("threads_org_queue_idx").on(t.orgId, t.status, t.urgencyRank, t.lastMessageAt),
  ],
);

/** Triage result stored with each inbound message (see src/triage). */
export interface StoredTriage {
  language: string;
  intent: string;
  sentiment: string;
  topics: string[];
  urgency: Urgency;
  reasons: string[];
  pii: { start: number; end: number; text: string; category: string }[];
}

export interface MediaItem {
  kind: "image" | "video" | "link" | "other";
  url: string;
  alt?: string;
}

/** One message, inbound or outbound. Idempotent on (channel_id, external_id). */
export const messages = pgTable(
  "messages",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    direction: text("direction").$type<"inbound" | "outbound">().notNull(),
    externalId: text("external_id").notNull(),
    parentExternalId: text("parent_external_id"),
    authorHandle: text("author_handle"),
    authorName: text("author_name"),
    authorExternalId: text("author_external_id"),
    text: text("text").notNull(),
    media: jsonb("media").$type<MediaItem[]>().notNull().default([]),
    visibility: text("visibility").$type<"public" | "private">().notNull(),
    permalink: text("permalink"),
    /** When the network says it was written. */
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    triage: jsonb("triage").$type<StoredTriage>(),
    intent: text("intent"),
    urgency: text("urgency").$type<Urgency>(),
    /** Network-specific extras we may need later (kept small; never tokens). */
    extra: jsonb("extra").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("messages_channel_external_unique").on(t.channelId, t.externalId),
    index("messages_thread_idx").on(t.threadId, t.sentAt),
    index("messages_org_received_idx").on(t.orgId, t.receivedAt),
  ],
);

/** Internal notes on a thread (never published). */
export const notes = pgTable(
  "notes",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("notes_thread_idx").on(t.threadId, t.createdAt)],
);

export const OUTBOUND_KINDS = ["reply", "post", "private_message"] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

export const OUTBOUND_STATUSES = [
  "draft",
  "pending_approval",
  "approved",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "rejected",
] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/**
 * Everything that may leave the practice: replies, posts, private messages. It carries the guard
 * verdict for the exact text (hash) that was checked; publishing re-checks and refuses a `block`
 * without an override by a reviewer/admin.
 */
export const outboundItems = pgTable(
  "outbound_items",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").$type<OutboundKind>().notNull(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "set null" }),
    threadId: uuid("thread_id").references(() => threads.id, { onDelete: "set null" }),
    inReplyToMessageId: uuid("in_reply_to_message_id").references(() => messages.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    media: jsonb("media").$type<MediaItem[]>().notNull().default([]),
    status: text("status").$type<OutboundStatus>().notNull().default("draft"),
    guardVerdict: text("guard_verdict").$type<"ok" | "warn" | "block">(),
    guardFindings: jsonb("guard_findings").$type<unknown[]>().notNull().default([]),
    /** SHA-256 of the text the verdict belongs to. */
    guardTextHash: text("guard_text_hash"),
    overrideByUserId: uuid("override_by_user_id").references(() => users.id, { onDelete: "set null" }),
    overrideReason: text("override_reason"),
    approvedByUserId: uuid("approved_by_user_id").references(() => users.id, { onDelete: "set null" }),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    externalId: text("external_id"),
    permalink: text("permalink"),
    error: text("error"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("outbound_org_status_idx").on(t.orgId, t.status),
    index("outbound_scheduled_idx").on(t.status, t.scheduledAt),
  ],
);

/** Log of outbound HTTP calls to networks (no bodies, no secrets): for diagnosis and rate-limit insight. */
export const outboundCalls = pgTable(
  "outbound_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    /** URL without query string. */
    url: text("url").notNull(),
    status: integer("status"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("outbound_calls_channel_idx").on(t.channelId, t.createdAt)],
);

/** Installation-wide key/value settings (e.g. that first-run setup is done). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

export const urgencyRank = (u: Urgency): number => URGENCIES.indexOf(u);
