// Jest in ESM mode with ts-jest: the @actions packages are ESM-only.
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }] },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  // The stand-in Prisma 8 CLI is a package named "prisma": keep it out of Jest's module map.
  modulePathIgnorePatterns: ["<rootDir>/__tests__/.work", "<rootDir>/dist", "<rootDir>/__tests__/fixtures/prisma-8-rc-cli"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testTimeout: 180000,
  maxWorkers: 2,
};
