/** What each role may do. The UI hides what a role cannot do; the routes enforce it. */
import type { Role } from "../store/schema.ts";

export interface Abilities {
  manageMembers: boolean;
  editOrganisation: boolean;
  viewAudit: boolean;
  manageChannels: boolean;
  /** Publish a text the guard blocked, with a reason (audited). Doctors review, admins own. */
  overrideGuard: boolean;
}

export function abilitiesOf(role: Role): Abilities {
  const admin = role === "admin";
  return {
    manageMembers: admin,
    editOrganisation: admin,
    viewAudit: admin,
    manageChannels: admin,
    overrideGuard: admin || role === "reviewer",
  };
}

/** Roles that may override a guard block. */
export const OVERRIDE_ROLES: Role[] = ["admin", "reviewer"];
