#!/usr/bin/env node
// Entry point of the `spreekuur` command. The sources are TypeScript; tsx compiles them on load,
// so the same files run from a checkout, from `npx spreekuur` and in production.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
