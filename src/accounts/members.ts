/**
 * Memberships: who works in which organisation with which role. Every function is scoped by
 * `orgId`; a user id from another organisation is "not found", never "forbidden", so callers
 * learn nothing about other organisations.
 */
import { and, asc, eq } from "drizzle-orm";
import { recordEvent } from "../audit/record-event.ts";
import type { Actor } from "../lib/context.ts";
import { conflict, notFound } from "../lib/errors.ts";
import type { Db, DbOrTx } from "../store/db.ts";
import { memberships, type Role, users } from "../store/schema.ts";
import { createUser, findUserByEmail } from "./create-user.ts";

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
}

export async function listMembers(db: DbOrTx, orgId: string): Promise<Member[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

export async function getMember(db: DbOrTx, orgId: string, userId: string): Promise<Member> {
  const [member] = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!member) {
    throw notFound("Member");
  }
  return member;
}

export interface AddMemberOptions {
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
  /** Used only when the user does not exist yet. */
  password: string;
  actor: Actor;
}

/** Adds a person to the organisation; creates the account when the email is new. */
export async function addMember(db: Db, options: AddMemberOptions): Promise<Member> {
  return db.transaction(async (tx) => {
    const user =
      (await findUserByEmail(tx, options.email)) ??
      (await createUser(tx, { email: options.email, displayName: options.displayName, password: options.password }));
    const existing = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, options.orgId), eq(memberships.userId, user.id)));
    if (existing.length > 0) {
      throw conflict(`${user.email} is al lid van deze organisatie.`);
    }
    await tx.insert(memberships).values({ orgId: options.orgId, userId: user.id, role: options.role });
    await recordEvent(tx, {
      orgId: options.orgId,
      actor: options.actor,
      action: "member.add",
      targetType: "user",
      targetId: user.id,
      data: { email: user.email, role: options.role },
    });
    return getMember(tx, options.orgId, user.id);
  });
}

export interface ChangeMemberRoleOptions {
  orgId: string;
  userId: string;
  role: Role;
  actor: Actor;
}

export async function changeMemberRole(db: Db, options: ChangeMemberRoleOptions): Promise<Member> {
  return db.transaction(async (tx) => {
    const member = await getMember(tx, options.orgId, options.userId);
    if (member.role === "admin" && options.role !== "admin") {
      await assertAnotherAdmin(tx, options.orgId, options.userId);
    }
    await tx
      .update(memberships)
      .set({ role: options.role })
      .where(and(eq(memberships.orgId, options.orgId), eq(memberships.userId, options.userId)));
    await recordEvent(tx, {
      orgId: options.orgId,
      actor: options.actor,
      action: "member.role_change",
      targetType: "user",
      targetId: options.userId,
      data: { from: member.role, to: options.role },
    });
    return { ...member, role: options.role };
  });
}

export interface RemoveMemberOptions {
  orgId: string;
  userId: string;
  actor: Actor;
}

export async function removeMember(db: Db, options: RemoveMemberOptions): Promise<void> {
  await db.transaction(async (tx) => {
    const member = await getMember(tx, options.orgId, options.userId);
    if (member.role === "admin") {
      await assertAnotherAdmin(tx, options.orgId, options.userId);
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, options.orgId), eq(memberships.userId, options.userId)));
    await recordEvent(tx, {
      orgId: options.orgId,
      actor: options.actor,
      action: "member.remove",
      targetType: "user",
      targetId: options.userId,
      data: { email: member.email, role: member.role },
    });
  });
}

async function assertAnotherAdmin(tx: DbOrTx, orgId: string, exceptUserId: string): Promise<void> {
  // Lock the admin rows so two concurrent demotions cannot both pass the check.
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "admin")))
    .for("update");
  if (!admins.some((a) => a.userId !== exceptUserId)) {
    throw conflict("Een organisatie houdt altijd minstens één beheerder.");
  }
}
