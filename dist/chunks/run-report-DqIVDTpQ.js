function newRunReport(command = "deploy") {
    return { command, startedAt: new Date(), step: "starting", warnings: [] };
}
function newMigrationReport() {
    return { applied: [], attempts: 0, lockEvents: [], terminated: [], blocked: [], cancelledLockWaits: [], backups: [], lockWaitMs: 0, editedMigrations: [], missingLocally: [] };
}

export { newMigrationReport as a, newRunReport as n };
