// The two ways out of a failed migration, worded the same wherever the action explains one.

export function resolveCommands(name: string): string[] {
  return [
    `If the failed migration left nothing behind (or you reverted what it did), fix the file and mark it rolled back so Prisma applies it again: \`npx prisma migrate resolve --rolled-back "${name}"\``,
    `If you completed it by hand instead, record it as applied: \`npx prisma migrate resolve --applied "${name}"\``,
  ];
}
