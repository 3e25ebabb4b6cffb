import { r as readLockSnapshot, b as readBlockedSessions } from './advisory-lock-YRBNsIpJ.js';
import { c as connect, d as describeTarget } from './connection-Ch6lea8K.js';
import { t as toLockHolder } from './lock-holder-BcXU-8Bl.js';
import './shell-RHphubvT.js';
import './_commonjsHelpers-BFTU3MAI.js';
import 'events';
import 'util';
import 'util/types';
import 'crypto';
import 'dns';
import 'fs';
import 'net';
import 'tls';
import 'path';
import 'stream';
import 'string_decoder';
import './errors-DBjELbro.js';
import './redact-CL-xqSaj.js';
import './tls-d6v8jijx.js';
import 'node:fs';
import 'node:path';
import 'node:tls';
import './duration-nHHrcb7T.js';

async function runLocks(settings, ports) {
    const client = await connect(settings.databaseUrl);
    try {
        await client.query("SET default_transaction_read_only = on");
        const snapshot = await readLockSnapshot(client);
        const blocked = await readBlockedSessions(client);
        const result = {
            target: describeTarget(settings.databaseUrl),
            observedAt: snapshot.holder?.observedAt ?? new Date(),
            holder: snapshot.holder && toLockHolder(snapshot.holder),
            waiters: snapshot.waiters.map(toLockHolder),
            blocked: blocked.map((each) => ({ session: toLockHolder(each.session), blockedBy: each.blockedBy })),
        };
        ports.reporter.debug(`Read the locks of ${result.target}.`);
        return result;
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

export { runLocks };
