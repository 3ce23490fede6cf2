/**
 * Bundles src/guard for the browser (esbuild, platform "browser"): proves the library pulls in no
 * Node built-ins, and gives a plain-JS module to time the lexicon load in a fresh process.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("../../src/guard/index.ts", import.meta.url));

export async function bundleGuard(outfile: string): Promise<{ inputs: string[] }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "browser",
    format: "esm",
    outfile,
    metafile: true,
    logLevel: "silent",
  });
  return { inputs: Object.keys(result.metafile.inputs) };
}
