/** Audit helper for the channel service (uses the shared recordEvent). */
export { recordEvent } from "../../audit/record-event.ts";
