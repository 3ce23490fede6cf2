/** Public shapes of organisations, members and audit events. */
import type { AuditEvent } from "../../audit/list-events.ts";
import type { Member } from "../../accounts/members.ts";
import type { Organisation } from "../../organisations/create-organisation.ts";

export function presentOrganisation(org: Organisation) {
  const p = org.profile;
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    kind: org.kind,
    isDemo: org.isDemo,
    profile: {
      phones: p.phones,
      emails: p.emails,
      websites: p.websites,
      addresses: p.addresses,
      staff: p.staff,
      ...(p.econsultUrl ? { econsultUrl: p.econsultUrl } : {}),
      ...(p.outOfHoursPhone ? { outOfHoursPhone: p.outOfHoursPhone } : {}),
    },
  };
}

export function presentMember(member: Member) {
  return {
    userId: member.userId,
    email: member.email,
    displayName: member.displayName,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

export function presentAuditEvent(event: AuditEvent) {
  return {
    id: event.id,
    action: event.action,
    actorLabel: event.actorLabel,
    targetType: event.targetType,
    targetId: event.targetId,
    data: event.data,
    createdAt: event.createdAt.toISOString(),
  };
}
