/** Option parsers shared by CLI commands; a bad value ends with a clear message (commander exit code 1). */
import { InvalidArgumentError } from "commander";
import { ROLES, type Role } from "../../store/schema.ts";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("expected a port number 0–65535");
  }
  return port;
}

export function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of: ${ROLES.join(", ")}`);
  }
  return value as Role;
}
