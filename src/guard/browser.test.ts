import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { bundleGuard } from "../../bench/guard/bundle.ts";
import type { createGuard } from "./index.ts";

it("bundles for the browser without Node built-ins, and the bundle works", async () => {
  const dir = mkdtempSync(join(tmpdir(), "guard-bundle-"));
  try {
    const outfile = join(dir, "guard.mjs");
    const { inputs } = await bundleGuard(outfile);
    expect(inputs.some((i) => i.startsWith("node:") || /^(fs|path|crypto|os|buffer)$/.test(i))).toBe(false);
    const mod = (await import(pathToFileURL(outfile).href)) as { createGuard: typeof createGuard };
    expect(mod.createGuard().check("Hoi Marieke, bel 06-12345678.").verdict).toBe("block");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
