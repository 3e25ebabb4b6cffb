// The arguments of `prisma migrate diff` for each supported major. Pure.
export interface SchemaDriftDiff {
  migrationsDir: string;
  schema: string;
  /** Prisma 6 only: Prisma 7 reads the shadow database from prisma.config.ts. */
  shadowDatabaseUrl?: string;
}

/** Migrations folder → schema: the SQL that a missing migration would contain. Exit code 2 means drift. */
export function schemaDriftArgs(major: 6 | 7, diff: SchemaDriftDiff): string[] {
  const target = major === 7 ? ["--to-schema", diff.schema] : ["--to-schema-datamodel", diff.schema];
  const shadow = major === 6 && diff.shadowDatabaseUrl ? ["--shadow-database-url", diff.shadowDatabaseUrl] : [];
  return ["migrate", "diff", "--from-migrations", diff.migrationsDir, ...target, ...shadow, "--script", "--exit-code"];
}

/** The command a person runs to write the missing migration, for the report. */
export function createMigrationCommand(major: 6 | 7, diff: SchemaDriftDiff): string {
  const folder = `${diff.migrationsDir}/$(date +%Y%m%d%H%M%S)_describe_the_change`;
  const shadow = major === 6 ? ' --shadow-database-url "$SHADOW_DATABASE_URL"' : "";
  const target = major === 7 ? `--to-schema ${diff.schema}` : `--to-schema-datamodel ${diff.schema}`;
  return `dir=${folder} && mkdir -p "$dir" && npx prisma migrate diff --from-migrations ${diff.migrationsDir} ${target}${shadow} --script > "$dir/migration.sql"`;
}

/** Prisma 6 with a driver adapter in prisma.config.ts refuses the flag and takes the shadow database from the adapter. */
export function refusedShadowFlag(output: string): boolean {
  return /--shadow-database-url flag to the prisma migrate diff command is not supported/.test(output);
}
