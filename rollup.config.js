// Bundles the action into one ESM file, dist/index.js, that GitHub runs with Node 24, and the
// command line into dist/cli.js, which bin/prisma-gated-deploy.js runs.
import commonjs from "@rollup/plugin-commonjs";
import json from "@rollup/plugin-json";
import nodeResolve from "@rollup/plugin-node-resolve";
import typescript from "@rollup/plugin-typescript";
import { bundledLicenses } from "./rollup.licenses.js";

// dist/licenses.txt: the licenses of every package in either bundle.
const licenses = bundledLicenses({ project: "prisma-gated-deploy" });

function bundle(input, file) {
  return {
    input,
    output: { file, format: "es", sourcemap: false, inlineDynamicImports: true },
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
}

export default [bundle("src/index.ts", "dist/index.js"), bundle("src/cli/index.ts", "dist/cli.js")];
