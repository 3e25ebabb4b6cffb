// Bundles the action into dist/index.js, which GitHub runs with Node 24, and the command line
// into dist/cli.js, which bin/prisma-gated-deploy.js runs; what they load later is in dist/chunks/.
import { rmSync } from "node:fs";
import commonjs from "@rollup/plugin-commonjs";
import json from "@rollup/plugin-json";
import nodeResolve from "@rollup/plugin-node-resolve";
import typescript from "@rollup/plugin-typescript";
import { bundledLicenses } from "./rollup.licenses.js";

// dist/licenses.txt: the licenses of every package in the bundle.
const licenses = bundledLicenses({ project: "prisma-gated-deploy" });

// Chunks are named by their content: a build removes the previous build's, so that dist/ holds
// exactly what this one wrote (CI compares it with the committed copy).
rmSync("dist/chunks", { recursive: true, force: true });

export default {
  // One build for both entries, so the code they share is one set of chunks. Each command's
  // module and the adapters only some runs need (Octokit, the HTTP client, the linter) are
  // loaded through dynamic imports, so start-up parses only what the run uses.
  input: { index: "src/index.ts", cli: "src/cli/index.ts" },
  output: { dir: "dist", format: "es", sourcemap: false, entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
  treeshake: {
    // @actions/core reaches for its HTTP client (and that client's own undici) only to fetch an
    // OIDC token, which this action never asks for; the client's modules are free of side
    // effects, so unless Octokit uses them they are left out of what every run parses.
    moduleSideEffects: (id) => !id.includes("/node_modules/@actions/http-client/"),
  },
  plugins: [
    typescript({ tsconfig: "tsconfig.build.json", outDir: "dist", noEmitOnError: true }),
    nodeResolve({ preferBuiltins: true, exportConditions: ["node"] }),
    // pg-native is optional in pg; undici's node:sqlite is loaded lazily and must stay lazy
    // or Node 20 crashes at start-up.
    commonjs({ ignore: ["pg-native", "node:sqlite"] }),
    json(),
    licenses,
  ],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY" || warning.code === "THIS_IS_UNDEFINED") return;
    warn(warning);
  },
};
