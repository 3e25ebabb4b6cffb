import { p as prismaLockRows, q as quoteIdentifier$1, P as PRISMA_LOCK_CALL } from './shell-RHphubvT.js';
import path from 'node:path';
import { C as CancelledError } from './cancellation-VqQUiZI-.js';
import { b as backoffDelay, D as Deadline } from './deadline-juN0U-gm.js';
import { G as GateError } from './errors-DBjELbro.js';
import { d as describeHolder, t as toLockHolder, m as mayTerminate } from './lock-holder-BcXU-8Bl.js';
import { b as resolveCommands, i as inlineCode, r as resolveCommand, P as PRISMA_STATUS_COMMAND, e as PRISMA_VALIDATE_COMMAND, f as baselineCommands } from './recovery-C6jKIwzG.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';
import { s as sessionFromActivity, r as readLockSnapshot, t as terminateIdleBackend, a as terminateBackendsNamed } from './advisory-lock-YRBNsIpJ.js';
import { s as schemaOf, d as describeTarget, c as connect, i as isRetryableConnectionError, A as ACTION_APPLICATION_NAME, C as CONNECT_TIMEOUT_MS } from './connection-t2oRGwQT.js';
import { l as locatePrisma, f as findPrismaProject, r as readMigrationState, c as countUserTables, d as readHistoryRows, e as finishedNames, g as appliedSince, b as runPrisma, a as logExcerpt } from './find-project-D5ch7Ddx.js';
import { f as formatBytes } from './archive-section-BEFADNVV.js';
import { createWriteStream, createReadStream, mkdtempSync, mkdirSync, existsSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { mkdir, stat, writeFile, chmod } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants, createGunzip } from 'node:zlib';
import require$$0$1 from 'stream';
import require$$1 from 'assert';
import require$$0 from 'buffer';
import { C as Cursor, s as splitTopLevel, c as classifyMigrations } from './migration-phases-RNZdOZo8.js';
import { s as splitStatements } from './lexer-vuO9IFuk.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { i as isLostConnectionError, p as printedSuccess, c as classifyDeployOutput, r as readApplyMigrationError } from './deploy-output-DN_3a1yi.js';
import { c as contractPlanReport, d as decideLockWait } from './contract-plan-KvixPXRH.js';
import { s as statementAtPosition, a as statementNamedByError, f as failedMigrationEffects } from './failed-statement-HQjiUQqp.js';
import { p as projectFiles, r as readLocalMigrations, u as urlEnvironmentVariables } from './project-DwsJ6_MJ.js';
import { a as redact } from './redact-CL-xqSaj.js';
import { a as newMigrationReport } from './run-report-DqIVDTpQ.js';
import 'node:timers/promises';
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
import 'string_decoder';
import 'node:module';
import './postgres-version-C25lLO17.js';
import 'node:crypto';

// The migration gate's decisions, pure: whether to try again after a failed attempt or a
// refused connection, and whether Prisma may be stopped when the run must end. The gate
// (commands/migrate.ts) does the I/O around them; these are unit-tested in milliseconds.
/** Polling the lock is one cheap query; back off gently so a released lock is noticed quickly. */
const LOCK_POLL = { initialMs: 250, maxMs: 2_000, factor: 1.6, jitter: 0.3 };
/** Between Prisma attempts and connection tries: exponential with jitter, so concurrent runs do not retry in step. */
const RETRY = { initialMs: 2_000, maxMs: 30_000, factor: 2, jitter: 0.5 };
/** After a failed attempt: wait and try again, or give up with which failure. */
function decideAfterAttempt(facts) {
    const giveUp = (otherwise) => {
        if (facts.verdict.kind === "connection-lost")
            return { retry: false, because: "connection-lost" };
        if (facts.verdict.kind === "lock-timeout" && facts.holderKnown)
            return { retry: false, because: "lock-busy" };
        return { retry: false, because: otherwise };
    };
    if (facts.attempts >= facts.maxAttempts)
        return giveUp("out-of-attempts");
    const delayMs = backoffDelay(facts.attempts, RETRY, facts.random);
    if (facts.remainingMs <= delayMs)
        return giveUp("timeout");
    return { retry: true, delayMs };
}
/** After a refused connection: the delay before the next try, or undefined to give up now. */
function connectionRetryDelay(facts) {
    if (!facts.retryable || facts.attempt >= facts.maxAttempts)
        return undefined;
    const delay = backoffDelay(facts.attempt, RETRY, facts.random);
    return facts.remainingMs < delay ? undefined : delay;
}
/**
 * While Prisma runs and the run must end (cancelled, or past its deadline): kill it only
 * when it is certainly not in the middle of a migration.
 */
function decideStopPrisma(facts) {
    if (!facts.mustEnd)
        return "continue";
    if (facts.holdsMigrationLock === undefined)
        return "let-finish-unseen";
    return facts.holdsMigrationLock ? "let-finish" : "stop";
}

// What the migration gate says when it stops: the failure, what it means and the exact next
// commands. Pure; `optionName` spells options the way the front-end in use does.
function lockBusyError(holder, waited, optionName) {
    return new GateError("lock-busy", `Prisma's advisory lock stayed held for the whole ${waited}: ${describeHolder(holder)}`, [
        holder.kind === "idle-leftover"
            ? `If that session is a leftover, end it: \`SELECT pg_terminate_backend(${holder.pid});\` or set \`${optionName("terminate-stale-lock-after")}\` (e.g. 5m) to let prisma-gated-deploy end idle leftovers itself.`
            : "That session is working (running or inside a transaction): let it finish; prisma-gated-deploy never terminates such a session.",
        `To see every session on the lock: \`npx prisma-gated-deploy locks\`, or \`SELECT l.pid, a.application_name, a.client_addr, a.state, a.state_change FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE ${prismaLockRows("l")};\``,
        "Do not set PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK: it removes the only guard against two deploys migrating at once.",
    ]);
}
function timeoutError(waited, optionName) {
    return new GateError("timeout", `The run did not finish within ${waited}.`, [
        `Raise \`${optionName("timeout")}\`, or look at the lock events in the summary to see what the run waited for.`,
    ]);
}
function outOfAttemptsError(maxAttempts, verdict, optionName) {
    const transient = verdict?.kind === "transient";
    return new GateError(transient ? "db-unreachable" : "lock-busy", `prisma migrate deploy did not succeed in ${maxAttempts} attempt(s)${transient ? `: ${verdict.summary}` : "."}`, [`Look at the attempts in the summary; raise \`${optionName("max-attempts")}\` if the cause is passing.`]);
}
function baselineError(prismaMajor, project) {
    const [createBaseline, markApplied] = baselineCommands(prismaMajor, project);
    return new GateError("baseline-required", "The database already has tables but no _prisma_migrations history: Prisma refuses to migrate it (P3005) until the existing schema is recorded as a baseline.", [
        `Create the baseline migration from the schema, in the working-directory: ${inlineCode(createBaseline)}`,
        `Commit it, then mark it as already applied on this database: ${inlineCode(markApplied)}`,
    ]);
}
/** Next steps for a failure Prisma reported that the gate has nothing more specific to say about. */
function nextStepsFor(reason, optionName) {
    switch (reason) {
        case "db-auth":
            return [`Check the user and password in ${optionName("database-url")}; wrong credentials are never retried.`];
        case "db-unreachable":
            return [`Check the host, port and database name in ${optionName("database-url")}, and that the database accepts connections from where this runs.`];
        case "prisma-unsupported":
            return [`Run ${inlineCode(PRISMA_VALIDATE_COMMAND)} locally to see the problem in the schema or prisma.config.ts.`];
        default:
            return [`Run ${inlineCode(PRISMA_STATUS_COMMAND)} against the database to see its state.`];
    }
}
/** Every attempt's lock wait was cancelled (ddl-lock-wait) and the attempts or the time ran out. */
function lockContentionError(last, tries, limit, limits, optionName) {
    const blocker = last.blocker;
    return new GateError("lock-contention", `Migration ${last.migration} waited longer than ${optionName("ddl-lock-wait")} (${limit}) for a table lock in ${tries} attempt(s), ${limits}. Each wait was cancelled before it stalled the application longer; nothing of it was left and it is marked rolled back, so the next run applies it again. It waited for ${describeHolder(blocker)}`, [
        blocker.transactionAgeMs !== null
            ? `That session has been inside a transaction for ${formatDuration(blocker.transactionAgeMs)}: let it finish, or end it (\`SELECT pg_cancel_backend(${blocker.pid});\` cancels its statement, \`SELECT pg_terminate_backend(${blocker.pid});\` ends its session), then re-run this workflow.`
            : `End what pid ${blocker.pid} is doing, or deploy when it is not running, then re-run this workflow.`,
        `To wait longer for the lock instead (the application's queries on that table wait as long): raise \`${optionName("ddl-lock-wait")}\`, \`${optionName("max-attempts")}\` or \`${optionName("timeout")}\`.`,
    ]);
}
/** A cancelled lock wait after which the schema differs: never retried, the person decides. */
function cancelledWaitLeftOversError(name, waited, leftovers, file) {
    return new GateError("migration-failed", `Migration ${name} was cancelled after waiting ${waited} for a table lock, but the schema is not as it was before the attempt:\n${leftovers.map((change) => `- ${change}`).join("\n")}\nIt is marked failed in _prisma_migrations. Nothing was deployed.`, [
        `Compare the database with ${file ?? `prisma/migrations/${name}/migration.sql`} and the list above (another session may have changed the schema meanwhile).`,
        ...resolveCommands(name),
        "Run either command from the working-directory with DATABASE_URL set to this database, then re-run this workflow.",
    ]);
}
function rollbackMarkFailedError(name, waited, prismaSaid) {
    return new GateError("migration-failed", `Migration ${name} was cancelled after waiting ${waited} for a table lock and left nothing behind, but marking it rolled back failed: ${prismaSaid}`, [
        `Mark it rolled back so that the next deploy applies it again: ${inlineCode(resolveCommand("--rolled-back", name))} (from the working-directory, DATABASE_URL set to this database), then re-run this workflow.`,
    ]);
}

// The application_name the Prisma CLI's connections carry, so the action can tell its
// backends from every other session. Pure.
/** PostgreSQL keeps at most NAMEDATALEN - 1 bytes of application_name. */
const APPLICATION_NAME_MAX_BYTES = 63;
/**
 * PostgreSQL keeps only printable ASCII in application_name (it rewrites other bytes), so the
 * user's part is reduced to that before it is shortened to leave room for the tag.
 */
function printableAscii(text) {
    return text.replace(/[^\x20-\x7e]/g, "?");
}
/**
 * The URL for Prisma with `tag` in its application_name, and the exact name PostgreSQL will
 * show. A name the URL already carries is kept, shortened if needed, with the tag appended:
 * the tag always survives whole, so the action can always find Prisma's backends.
 */
function tagApplicationName(url, tag) {
    const parsed = new URL(url);
    const own = parsed.searchParams.get("application_name");
    let applicationName = tag;
    if (own) {
        const room = APPLICATION_NAME_MAX_BYTES - tag.length - 1;
        applicationName = room > 0 ? `${printableAscii(own).slice(0, room)}/${tag}` : tag;
    }
    parsed.searchParams.set("application_name", applicationName);
    return { url: parsed.toString(), applicationName };
}

var pgCopyStreams = {};

var obuf;
var hasRequiredObuf;

function requireObuf () {
	if (hasRequiredObuf) return obuf;
	hasRequiredObuf = 1;
	const Buffer = require$$0.Buffer;

	function OffsetBuffer() {
	  this.offset = 0;
	  this.size = 0;
	  this.buffers = [];
	}
	obuf = OffsetBuffer;

	OffsetBuffer.prototype.isEmpty = function isEmpty() {
	  return this.size === 0
	};

	OffsetBuffer.prototype.clone = function clone(size) {
	  const r = new OffsetBuffer();
	  r.offset = this.offset;
	  r.size = size;
	  r.buffers = this.buffers.slice();
	  return r
	};

	OffsetBuffer.prototype.toChunks = function toChunks() {
	  if (this.size === 0) return []

	  // We are going to slice it anyway
	  if (this.offset !== 0) {
	    this.buffers[0] = this.buffers[0].slice(this.offset);
	    this.offset = 0;
	  }

	  const chunks = [];
	  let off = 0;
	  let i;
	  for (i = 0; off <= this.size && i < this.buffers.length; i++) {
	    let buf = this.buffers[i];
	    off += buf.length;

	    // Slice off last buffer
	    if (off > this.size) {
	      buf = buf.slice(0, buf.length - (off - this.size));
	      this.buffers[i] = buf;
	    }

	    chunks.push(buf);
	  }

	  // If some buffers were skipped - trim length
	  if (i < this.buffers.length) this.buffers.length = i;

	  return chunks
	};

	OffsetBuffer.prototype.toString = function toString(enc) {
	  return this.toChunks()
	    .map(function (c) {
	      return c.toString(enc)
	    })
	    .join('')
	};

	OffsetBuffer.prototype.use = function use(buf, off, n) {
	  this.buffers = [buf];
	  this.offset = off;
	  this.size = n;
	};

	OffsetBuffer.prototype.push = function push(data) {
	  // Ignore empty writes
	  if (data.length === 0) return

	  this.size += data.length;
	  this.buffers.push(data);
	};

	OffsetBuffer.prototype.has = function has(n) {
	  return this.size >= n
	};

	OffsetBuffer.prototype.skip = function skip(n) {
	  if (this.size === 0) return

	  this.size -= n;

	  // Fast case, skip bytes in a first buffer
	  if (this.offset + n < this.buffers[0].length) {
	    this.offset += n;
	    return
	  }

	  let left = n - (this.buffers[0].length - this.offset);
	  this.offset = 0;
	  let shift;
	  for (shift = 1; left > 0 && shift < this.buffers.length; shift++) {
	    const buf = this.buffers[shift];
	    if (buf.length > left) {
	      this.offset = left;
	      break
	    }
	    left -= buf.length;
	  }
	  this.buffers = this.buffers.slice(shift);
	};

	OffsetBuffer.prototype.copy = function copy(target, targetOff, off, n) {
	  if (this.size === 0) return
	  if (off !== 0) throw new Error('Unsupported offset in .copy()')

	  let toff = targetOff;
	  const first = this.buffers[0];
	  const toCopy = Math.min(n, first.length - this.offset);
	  first.copy(target, toff, this.offset, this.offset + toCopy);

	  toff += toCopy;
	  let left = n - toCopy;
	  for (let i = 1; left > 0 && i < this.buffers.length; i++) {
	    const buf = this.buffers[i];
	    const toCopy = Math.min(left, buf.length);

	    buf.copy(target, toff, 0, toCopy);

	    toff += toCopy;
	    left -= toCopy;
	  }
	};

	OffsetBuffer.prototype.take = function take(n) {
	  if (n === 0) return Buffer.alloc(0)

	  this.size -= n;

	  // Fast cases
	  const first = this.buffers[0].length - this.offset;
	  if (first === n) {
	    let r = this.buffers.shift();
	    if (this.offset !== 0) {
	      r = r.slice(this.offset);
	      this.offset = 0;
	    }
	    return r
	  } else if (first > n) {
	    const r = this.buffers[0].slice(this.offset, this.offset + n);
	    this.offset += n;
	    return r
	  }

	  // Allocate and fill buffer
	  const out = Buffer.alloc(n);
	  let toOff = 0;
	  let startOff = this.offset;
	  let i;
	  for (i = 0; toOff !== n && i < this.buffers.length; i++) {
	    const buf = this.buffers[i];
	    const toCopy = Math.min(buf.length - startOff, n - toOff);

	    buf.copy(out, toOff, startOff, startOff + toCopy);
	    if (startOff + toCopy < buf.length) {
	      this.offset = startOff + toCopy;
	      break
	    } else {
	      toOff += toCopy;
	      startOff = 0;
	    }
	  }

	  this.buffers = this.buffers.slice(i);
	  if (this.buffers.length === 0) this.offset = 0;

	  return out
	};

	OffsetBuffer.prototype.peekUInt8 = function peekUInt8() {
	  return this.buffers[0][this.offset]
	};

	OffsetBuffer.prototype.readUInt8 = function readUInt8() {
	  this.size -= 1;
	  const first = this.buffers[0];
	  const r = first[this.offset];
	  if (++this.offset === first.length) {
	    this.offset = 0;
	    this.buffers.shift();
	  }

	  return r
	};

	OffsetBuffer.prototype.readUInt16LE = function readUInt16LE() {
	  const first = this.buffers[0];
	  this.size -= 2;

	  let r;
	  let shift;

	  // Fast case - first buffer has all bytes
	  if (first.length - this.offset >= 2) {
	    r = first.readUInt16LE(this.offset);
	    shift = 0;
	    this.offset += 2;

	    // One byte here - one byte there
	  } else {
	    r = first[this.offset] | (this.buffers[1][0] << 8);
	    shift = 1;
	    this.offset = 1;
	  }

	  if (this.offset === this.buffers[shift].length) {
	    this.offset = 0;
	    shift++;
	  }
	  if (shift !== 0) this.buffers = this.buffers.slice(shift);

	  return r
	};

	OffsetBuffer.prototype.readUInt24LE = function readUInt24LE() {
	  const first = this.buffers[0];

	  let r;
	  let shift;
	  const firstHas = first.length - this.offset;

	  // Fast case - first buffer has all bytes
	  if (firstHas >= 3) {
	    r = first.readUInt16LE(this.offset) | (first[this.offset + 2] << 16);
	    shift = 0;
	    this.offset += 3;

	    // First buffer has 2 of 3 bytes
	  } else if (firstHas >= 2) {
	    r = first.readUInt16LE(this.offset) | (this.buffers[1][0] << 16);
	    shift = 1;
	    this.offset = 1;

	    // Slow case: First buffer has 1 of 3 bytes
	  } else {
	    r = first[this.offset];
	    this.offset = 0;
	    this.buffers.shift();
	    this.size -= 1;

	    r |= this.readUInt16LE() << 8;
	    return r
	  }

	  this.size -= 3;
	  if (this.offset === this.buffers[shift].length) {
	    this.offset = 0;
	    shift++;
	  }
	  if (shift !== 0) this.buffers = this.buffers.slice(shift);

	  return r
	};

	OffsetBuffer.prototype.readUInt32LE = function readUInt32LE() {
	  const first = this.buffers[0];

	  let r;
	  let shift;
	  const firstHas = first.length - this.offset;

	  // Fast case - first buffer has all bytes
	  if (firstHas >= 4) {
	    r = first.readUInt32LE(this.offset);
	    shift = 0;
	    this.offset += 4;

	    // First buffer has 3 of 4 bytes
	  } else if (firstHas >= 3) {
	    r = (first.readUInt16LE(this.offset) | (first[this.offset + 2] << 16)) + this.buffers[1][0] * 0x1000000;
	    shift = 1;
	    this.offset = 1;

	    // Slow case: First buffer has 2 of 4 bytes
	  } else if (firstHas >= 2) {
	    r = first.readUInt16LE(this.offset);
	    this.offset = 0;
	    this.buffers.shift();
	    this.size -= 2;

	    r += this.readUInt16LE() * 0x10000;
	    return r

	    // Slow case: First buffer has 1 of 4 bytes
	  } else {
	    r = first[this.offset];
	    this.offset = 0;
	    this.buffers.shift();
	    this.size -= 1;

	    r += this.readUInt24LE() * 0x100;
	    return r
	  }

	  this.size -= 4;
	  if (this.offset === this.buffers[shift].length) {
	    this.offset = 0;
	    shift++;
	  }
	  if (shift !== 0) this.buffers = this.buffers.slice(shift);

	  return r
	};

	OffsetBuffer.prototype.readUInt16BE = function readUInt16BE() {
	  const r = this.readUInt16LE();

	  return ((r & 0xff) << 8) | (r >> 8)
	};

	OffsetBuffer.prototype.readUInt24BE = function readUInt24BE() {
	  const r = this.readUInt24LE();

	  return ((r & 0xff) << 16) | (((r >> 8) & 0xff) << 8) | (r >> 16)
	};

	OffsetBuffer.prototype.readUInt32BE = function readUInt32BE() {
	  const r = this.readUInt32LE();

	  return (((r & 0xff) << 24) | (((r >>> 8) & 0xff) << 16) | (((r >>> 16) & 0xff) << 8) | (r >>> 24)) >>> 0
	};

	// Signed number APIs

	function signedInt8(num) {
	  if (num >= 0x80) return -(0xff ^ num) - 1
	  else return num
	}

	OffsetBuffer.prototype.peekInt8 = function peekInt8() {
	  return signedInt8(this.peekUInt8())
	};

	OffsetBuffer.prototype.readInt8 = function readInt8() {
	  return signedInt8(this.readUInt8())
	};

	function signedInt16(num) {
	  if (num >= 0x8000) return -(0xffff ^ num) - 1
	  else return num
	}

	OffsetBuffer.prototype.readInt16BE = function readInt16BE() {
	  return signedInt16(this.readUInt16BE())
	};

	OffsetBuffer.prototype.readInt16LE = function readInt16LE() {
	  return signedInt16(this.readUInt16LE())
	};

	function signedInt24(num) {
	  if (num >= 0x800000) return -(0xffffff ^ num) - 1
	  else return num
	}

	OffsetBuffer.prototype.readInt24BE = function readInt24BE() {
	  return signedInt24(this.readUInt24BE())
	};

	OffsetBuffer.prototype.readInt24LE = function readInt24LE() {
	  return signedInt24(this.readUInt24LE())
	};

	function signedInt32(num) {
	  if (num >= 0x80000000) return -(0xffffffff ^ num) - 1
	  else return num
	}

	OffsetBuffer.prototype.readInt32BE = function readInt32BE() {
	  return signedInt32(this.readUInt32BE())
	};

	OffsetBuffer.prototype.readInt32LE = function readInt32LE() {
	  return signedInt32(this.readUInt32LE())
	};
	return obuf;
}

/**
 * The COPY feature uses the following protocol codes.
 * The codes for the most recent protocol version are documented on
 * https://www.postgresql.org/docs/current/static/protocol-message-formats.html
 *
 * The protocol flow itself is described on
 * https://www.postgresql.org/docs/current/static/protocol-flow.html
 */

var messageFormats;
var hasRequiredMessageFormats;

function requireMessageFormats () {
	if (hasRequiredMessageFormats) return messageFormats;
	hasRequiredMessageFormats = 1;
	messageFormats = {
	  ErrorResponse: 0x45, // E
	  CopyInResponse: 0x47, // G
	  CopyOutResponse: 0x48, // H
	  CopyBothResponse: 0x57, // W
	  CopyDone: 0x63, // c
	  CopyData: 0x64, // d
	  CopyFail: 0x66, // f
	  CommandComplete: 0x43, // C
	  ReadyForQuery: 0x5a, // Z

	  // It is possible for NoticeResponse and ParameterStatus messages to be interspersed between CopyData messages;
	  // frontends must handle these cases, and should be prepared for other asynchronous message types as well
	  // (see Section 50.2.6).
	  // Otherwise, any message type other than CopyData or CopyDone may be treated as terminating copy-out mode.
	  NotificationResponse: 0x41, // A
	  NoticeResponse: 0x4e, // N
	  ParameterStatus: 0x53, // S
	};
	return messageFormats;
}

var copyTo;
var hasRequiredCopyTo;

function requireCopyTo () {
	if (hasRequiredCopyTo) return copyTo;
	hasRequiredCopyTo = 1;

	copyTo = function (txt, options) {
	  return new CopyStreamQuery(txt, options)
	};

	const { Readable } = require$$0$1;
	const assert = require$$1;
	const BufferList = requireObuf();
	const code = requireMessageFormats();

	// decoder states
	const PG_CODE = 0;
	const PG_LENGTH = 1;
	const PG_MESSAGE = 2;

	class CopyStreamQuery extends Readable {
	  constructor(text, options) {
	    super(options);
	    this.text = text;
	    this.rowCount = 0;
	    this._state = PG_CODE;
	    this._buffer = new BufferList();
	    this._unreadMessageContentLength = 0;
	    this._copyDataChunks = new BufferList();
	    this._pgDataHandler = null;
	    this._drained = false;
	    this._forwarding = false;
	    this._onReadableEvent = this._onReadable.bind(this);
	  }

	  submit(connection) {
	    this.connection = connection;
	    this._attach();
	    connection.query(this.text);
	  }

	  _attach() {
	    const connectionStream = this.connection.stream;
	    const pgDataListeners = connectionStream.listeners('data');
	    assert(pgDataListeners.length == 1);
	    this._pgDataHandler = pgDataListeners.pop();
	    connectionStream.removeListener('data', this._pgDataHandler);
	    connectionStream.pause();
	    this._forward();
	    connectionStream.on('readable', this._onReadableEvent);
	  }

	  _detach() {
	    const connectionStream = this.connection.stream;
	    const unreadBuffer = this._buffer.take(this._buffer.size);
	    //connectionStream.unpipe(this)
	    connectionStream.removeListener('readable', this._onReadableEvent);
	    connectionStream.addListener('data', this._pgDataHandler);
	    this._pgDataHandler(unreadBuffer);

	    // unpipe can pause the stream but also underlying onData event can potentially pause the stream because of hitting
	    // the highWaterMark and pausing the stream, so we resume the stream in the next tick after the underlying onData
	    // event has finished
	    process.nextTick(function () {
	      connectionStream.resume();
	    });
	  }

	  _cleanup() {
	    this._buffer = null;
	    this._copyDataChunks = null;
	    this._pgDataHandler = null;
	    this._onReadableEvent = null;
	  }

	  _onReadable() {
	    this._forward();
	  }

	  _read() {
	    this._drained = true;
	    this._forward();
	  }

	  _forward() {
	    if (this._forwarding || !this._drained || !this.connection) return
	    this._forwarding = true;
	    const connectionStream = this.connection.stream;
	    let chunk;
	    while (this._drained && (chunk = connectionStream.read()) !== null) {
	      this._drained = this._parse(chunk);
	    }
	    this._forwarding = false;
	  }

	  _parse(chunk) {
	    let done = false;
	    let drained = true;
	    this._buffer.push(chunk);

	    while (!done && this._buffer.size > 0) {
	      if (PG_CODE === this._state) {
	        if (!this._buffer.has(1)) break
	        this._code = this._buffer.peekUInt8();
	        if (this._code === code.ErrorResponse) {
	          // ErrorResponse Interception
	          // We must let pg parse future messages and handle their consequences on
	          // the ActiveQuery
	          this._detach();
	          return
	        }
	        this._buffer.readUInt8();
	        this._state = PG_LENGTH;
	      }

	      if (PG_LENGTH === this._state) {
	        if (!this._buffer.has(4)) break
	        this._unreadMessageContentLength = this._buffer.readUInt32BE() - 4;
	        this._state = PG_MESSAGE;
	      }

	      if (PG_MESSAGE === this._state) {
	        if (this._unreadMessageContentLength > 0 && this._buffer.size > 0) {
	          const n = Math.min(this._buffer.size, this._unreadMessageContentLength);
	          const messageContentChunk = this._buffer.take(n);
	          this._unreadMessageContentLength -= n;
	          if (this._code === code.CopyData) {
	            this._copyDataChunks.push(messageContentChunk);
	          }
	        }

	        if (this._unreadMessageContentLength === 0) {
	          // a full message has been captured
	          switch (this._code) {
	            case code.CopyOutResponse:
	            case code.CopyData:
	            // standard interspersed messages.
	            // see https://www.postgresql.org/docs/9.6/protocol-flow.html#PROTOCOL-COPY
	            case code.ParameterStatus:
	            case code.NoticeResponse:
	            case code.NotificationResponse:
	              break
	            case code.CopyDone:
	            default:
	              done = true;
	              break
	          }
	          this._state = PG_CODE;
	        }
	      }
	    }

	    // flush data if any data has been captured
	    const len = this._copyDataChunks.size;
	    if (len > 0) {
	      drained = this.push(this._copyDataChunks.take(len));
	    }

	    if (done) {
	      this._detach();
	      this.push(null);
	      this._cleanup();
	    }

	    return drained
	  }

	  handleError(err) {
	    this.emit('error', err);
	    this._cleanup();
	  }

	  handleCommandComplete(msg) {
	    const match = /COPY (\d+)/.exec((msg || {}).text);
	    if (match) {
	      this.rowCount = parseInt(match[1], 10);
	    }
	  }

	  handleReadyForQuery() {}
	}
	return copyTo;
}

var copyFrom;
var hasRequiredCopyFrom;

function requireCopyFrom () {
	if (hasRequiredCopyFrom) return copyFrom;
	hasRequiredCopyFrom = 1;

	copyFrom = function (txt, options) {
	  return new CopyStreamQuery(txt, options)
	};

	const { Writable } = require$$0$1;
	const code = requireMessageFormats();

	class CopyStreamQuery extends Writable {
	  constructor(text, options) {
	    super(options);
	    this.text = text;
	    this.rowCount = 0;
	    this._gotCopyInResponse = false;
	    this.chunks = [];
	    this.cb_CopyInResponse = null;
	    this.cb_ReadyForQuery = null;
	    this.cb_destroy = null;
	    this.cork();
	  }

	  submit(connection) {
	    this.connection = connection;
	    connection.query(this.text);
	  }

	  callback() {
	    // this callback is empty but defining it allows
	    // `pg` to discover it and overwrite it
	    // with its timeout mechanism when query_timeout config is set
	  }

	  _write(chunk, enc, cb) {
	    this.chunks.push({ chunk: chunk, encoding: enc });
	    if (this._gotCopyInResponse) {
	      return this.flush(cb)
	    }
	    this.cb_CopyInResponse = cb;
	  }

	  _writev(chunks, cb) {
	    // this.chunks.push(...chunks)
	    // => issue #136, RangeError: Maximum call stack size exceeded
	    // Using hybrid approach as advised on https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Function/apply
	    if (this.chunks.length == 0) {
	      this.chunks = chunks;
	    } else {
	      // https://stackoverflow.com/questions/22747068/is-there-a-max-number-of-arguments-javascript-functions-can-accept
	      // 100K seems to be a reasonable size for v8
	      const QUANTUM = 125000;
	      for (let i = 0; i < chunks.length; i += QUANTUM) {
	        this.chunks.push(...chunks.slice(i, Math.min(i + QUANTUM, chunks.length)));
	      }
	    }
	    if (this._gotCopyInResponse) {
	      return this.flush(cb)
	    }
	    this.cb_CopyInResponse = cb;
	  }

	  _destroy(err, cb) {
	    // writable.destroy([error]) was called.
	    // send a CopyFail message that will rollback the COPY operation.
	    // the cb will be called only after the ErrorResponse message is received
	    // from the backend
	    if (this.cb_ReadyForQuery) return cb(err)
	    this.cb_destroy = cb;
	    const msg = err ? err.message : 'NODE-PG-COPY-STREAMS destroy() was called';
	    const self = this;
	    const done = function () {
	      self.connection.sendCopyFail(msg);
	    };

	    this.chunks = [];
	    if (this._gotCopyInResponse) {
	      return this.flush(done)
	    }
	    this.cb_CopyInResponse = done;
	  }

	  _final(cb) {
	    this.cb_ReadyForQuery = cb;
	    const self = this;
	    const done = function () {
	      const Int32Len = 4;
	      const finBuffer = Buffer.from([code.CopyDone, 0, 0, 0, Int32Len]);
	      self.connection.stream.write(finBuffer);
	    };

	    if (this._gotCopyInResponse) {
	      return this.flush(done)
	    }
	    this.cb_CopyInResponse = done;
	  }

	  flush(callback) {
	    let chunk;
	    let ok = true;
	    while (ok && (chunk = this.chunks.shift())) {
	      ok = this.flushChunk(chunk.chunk);
	    }
	    if (callback) {
	      if (ok) {
	        callback();
	      } else {
	        if (this.chunks.length) {
	          this.connection.stream.once('drain', this.flush.bind(this, callback));
	        } else {
	          this.connection.stream.once('drain', callback);
	        }
	      }
	    }
	  }

	  flushChunk(chunk) {
	    const Int32Len = 4;
	    const lenBuffer = Buffer.from([code.CopyData, 0, 0, 0, 0]);
	    lenBuffer.writeUInt32BE(chunk.length + Int32Len, 1);
	    this.connection.stream.write(lenBuffer);
	    return this.connection.stream.write(chunk)
	  }

	  handleError(e) {
	    // clear `pg` timeout mechanism
	    this.callback();

	    if (this.cb_destroy) {
	      const cb = this.cb_destroy;
	      this.cb_destroy = null;
	      cb(e);
	    } else {
	      this.emit('error', e);
	    }
	    this.connection = null;
	  }

	  handleCopyInResponse(connection) {
	    this._gotCopyInResponse = true;
	    if (!this.destroyed) {
	      this.uncork();
	    }
	    const cb = this.cb_CopyInResponse || function () {};
	    this.cb_CopyInResponse = null;
	    this.flush(cb);
	  }

	  handleCommandComplete(msg) {
	    // Parse affected row count as in
	    // https://github.com/brianc/node-postgres/blob/35e5567f86774f808c2a8518dd312b8aa3586693/lib/result.js#L37
	    const match = /COPY (\d+)/.exec((msg || {}).text);
	    if (match) {
	      this.rowCount = parseInt(match[1], 10);
	    }
	  }

	  handleReadyForQuery() {
	    // triggered after ReadyForQuery
	    // we delay the _final callback so that the 'finish' event is
	    // sent only when the ingested data is visible inside postgres and
	    // after the postgres connection is ready for a new query

	    // Note: `pg` currently does not call this callback when the backend
	    // sends an ErrorResponse message during the query (for example during
	    // a CopyFail)

	    // clear `pg` timeout mechanism
	    this.callback();

	    this.cb_ReadyForQuery();
	    this.connection = null;
	  }
	}
	return copyFrom;
}

var copyBoth;
var hasRequiredCopyBoth;

function requireCopyBoth () {
	if (hasRequiredCopyBoth) return copyBoth;
	hasRequiredCopyBoth = 1;

	copyBoth = function (txt, options) {
	  return new CopyStreamQuery(txt, options)
	};

	const { Duplex } = require$$0$1;
	const assert = require$$1;
	const BufferList = requireObuf();
	const code = requireMessageFormats();

	// Readable decoder states
	const PG_CODE = 0;
	const PG_LENGTH = 1;
	const PG_MESSAGE = 2;

	class CopyStreamQuery extends Duplex {
	  constructor(text, options) {
	    super(options);
	    this.text = text;

	    // Readable side
	    this._state = PG_CODE;
	    this._buffer = new BufferList();
	    this._unreadMessageContentLength = 0;
	    this._copyDataChunks = new BufferList();
	    this._pgDataHandler = null;
	    this._drained = false;
	    this._forwarding = false;
	    this._onReadableEvent = this._onReadable.bind(this);
	    this.alignOnCopyDataFrame = options ? options.alignOnCopyDataFrame === true : false;

	    // Writable side
	    this._gotCopyInResponse = false;
	    this.chunks = [];
	    this.cb = null;
	    this.cork();
	  }

	  submit(connection) {
	    this.connection = connection;
	    this._attach();
	    connection.query(this.text);
	  }

	  /* Readable implementation */
	  _attach() {
	    const connectionStream = this.connection.stream;
	    const pgDataListeners = connectionStream.listeners('data');
	    assert(pgDataListeners.length == 1);
	    this._pgDataHandler = pgDataListeners.pop();
	    connectionStream.removeListener('data', this._pgDataHandler);
	    connectionStream.pause();
	    this._forward();
	    connectionStream.on('readable', this._onReadableEvent);
	  }

	  _detach() {
	    const connectionStream = this.connection.stream;
	    const unreadBuffer = this._buffer.take(this._buffer.size);
	    connectionStream.removeListener('readable', this._onReadableEvent);
	    connectionStream.addListener('data', this._pgDataHandler);
	    this._pgDataHandler(unreadBuffer);

	    // unpipe can pause the stream but also underlying onData event can potentially pause the stream because of hitting
	    // the highWaterMark and pausing the stream, so we resume the stream in the next tick after the underlying onData
	    // event has finished
	    process.nextTick(function () {
	      connectionStream.resume();
	    });
	  }

	  _cleanup() {
	    this._buffer = null;
	    this._copyDataChunks = null;
	    this._pgDataHandler = null;
	    this._onReadableEvent = null;
	  }

	  _onReadable() {
	    this._forward();
	  }

	  _read() {
	    this._drained = true;
	    this._forward();
	  }

	  _forward() {
	    if (this._forwarding || !this._drained || !this.connection) return
	    this._forwarding = true;
	    const connectionStream = this.connection.stream;
	    let chunk;
	    while (this._drained && (chunk = connectionStream.read()) !== null) {
	      this._drained = this._parse(chunk);
	    }
	    this._forwarding = false;
	  }

	  _parse(chunk) {
	    let done = false;
	    let drained = true;
	    this._buffer.push(chunk);

	    while (!done && this._buffer.size > 0) {
	      if (PG_CODE === this._state) {
	        if (!this._buffer.has(1)) break
	        this._code = this._buffer.peekUInt8();
	        if (this._code === code.ErrorResponse) {
	          // ErrorResponse Interception
	          // We must let pg parse future messages and handle their consequences on
	          // the ActiveQuery
	          this._detach();
	          return
	        }
	        this._buffer.readUInt8();
	        this._state = PG_LENGTH;
	      }

	      if (PG_LENGTH === this._state) {
	        if (!this._buffer.has(4)) break
	        this._unreadMessageContentLength = this._buffer.readUInt32BE() - 4;
	        this._state = PG_MESSAGE;
	      }

	      if (PG_MESSAGE === this._state) {
	        if (this._unreadMessageContentLength > 0 && this._buffer.size > 0) {
	          const n = Math.min(this._buffer.size, this._unreadMessageContentLength);
	          const messageContentChunk = this._buffer.take(n);
	          this._unreadMessageContentLength -= n;
	          if (this._code === code.CopyData) {
	            this._copyDataChunks.push(messageContentChunk);
	          }
	        }

	        if (this._unreadMessageContentLength === 0) {
	          // a full message has been captured
	          switch (this._code) {
	            case code.CopyBothResponse:
	              this._startCopyIn();
	              break
	            case code.CopyData:
	              if (this.alignOnCopyDataFrame) {
	                drained = this._flushCopyData();
	              }
	              break
	            // standard interspersed messages.
	            // see https://www.postgresql.org/docs/9.6/protocol-flow.html#PROTOCOL-COPY
	            case code.ParameterStatus:
	            case code.NoticeResponse:
	            case code.NotificationResponse:
	              break
	            case code.CopyDone:
	            default:
	              done = true;
	              break
	          }
	          this._state = PG_CODE;
	        }
	      }
	    }

	    // When we are not in alignOnCopyDataFrame, copyData payload is not buffered
	    // Forward payload bytes as they arrive
	    if (!this.alignOnCopyDataFrame) {
	      drained = this._flushCopyData();
	    }

	    if (done) {
	      this._detach();
	      this.push(null);
	      this._cleanup();
	    }

	    return drained
	  }

	  _flushCopyData() {
	    let drained = true;
	    const len = this._copyDataChunks.size;
	    if (len > 0) {
	      drained = this.push(this._copyDataChunks.take(len));
	    }
	    return drained
	  }

	  /* Writable implementation */
	  _write(chunk, enc, cb) {
	    this.chunks.push({ chunk: chunk, encoding: enc });
	    if (this._gotCopyInResponse) {
	      return this.flush(cb)
	    }
	    this.cb = cb;
	  }

	  _writev(chunks, cb) {
	    this.chunks.push(...chunks);
	    if (this._gotCopyInResponse) {
	      return this.flush(cb)
	    }
	    this.cb = cb;
	  }

	  _final(cb) {
	    this.flush();
	    const Int32Len = 4;
	    const finBuffer = Buffer.from([code.CopyDone, 0, 0, 0, Int32Len]);
	    this.connection.stream.write(finBuffer);
	    this.cb_flush = cb;
	  }

	  flush(callback) {
	    let chunk;
	    let ok = true;
	    while (ok && (chunk = this.chunks.shift())) {
	      ok = this.flushChunk(chunk.chunk);
	    }
	    if (callback) {
	      if (ok) {
	        callback();
	      } else {
	        if (this.chunks.length) {
	          this.connection.stream.once('drain', this.flush.bind(this, callback));
	        } else {
	          this.connection.stream.once('drain', callback);
	        }
	      }
	    }
	  }

	  flushChunk(chunk) {
	    const Int32Len = 4;
	    const lenBuffer = Buffer.from([code.CopyData, 0, 0, 0, 0]);
	    lenBuffer.writeUInt32BE(chunk.length + Int32Len, 1);
	    this.connection.stream.write(lenBuffer);
	    return this.connection.stream.write(chunk)
	  }

	  _startCopyIn() {
	    this._gotCopyInResponse = true;
	    this.uncork();
	    this.flush();
	    if (this.cb) {
	      const { cb } = this;
	      this.cb = null;
	      cb();
	    }
	  }

	  handleError(err) {
	    this.emit('error', err);
	    this._cleanup();
	  }

	  handleCopyData(chunk) {
	    // an out of band copyData message
	    // is received after copyDone
	    // this is currently discarded
	  }

	  handleCommandComplete() {}

	  handleReadyForQuery() {
	    this.connection = null;
	    this.cb_flush();
	  }
	}
	return copyBoth;
}

var hasRequiredPgCopyStreams;

function requirePgCopyStreams () {
	if (hasRequiredPgCopyStreams) return pgCopyStreams;
	hasRequiredPgCopyStreams = 1;

	const CopyToQueryStream = requireCopyTo();
	const CopyFromQueryStream = requireCopyFrom();
	const CopyBothQueryStream = requireCopyBoth();

	pgCopyStreams.to = function copyTo(txt, options) {
	  return new CopyToQueryStream(txt, options)
	};

	pgCopyStreams.from = function copyFrom(txt, options) {
	  return new CopyFromQueryStream(txt, options)
	};

	pgCopyStreams.both = function copyBoth(txt, options) {
	  return new CopyBothQueryStream(txt, options)
	};
	return pgCopyStreams;
}

var pgCopyStreamsExports = requirePgCopyStreams();

// The psql script that puts backed-up data back, written beside the backup files. Pure.
//
// A dropped column is added back with its old type and filled by primary key; a column whose
// type changed gets its old values back, cast by PostgreSQL to its current type; a dropped
// table is created again with its columns, NOT NULL and primary key (not its defaults,
// indexes or foreign keys: revert those with the migration that dropped it) and refilled.
// One transaction: a restore that fails part-way changes nothing.
function quoteIdentifier(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
function qualified(table) {
    return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.table)}`;
}
function columnDefinition(column) {
    return `${quoteIdentifier(column.name)} ${column.type}${column.notNull ? " NOT NULL" : ""}`;
}
function restoreTable(table, index) {
    const scratch = quoteIdentifier(`restore_${index + 1}`);
    const target = qualified(table);
    const names = table.columns.map((column) => quoteIdentifier(column.name));
    const lines = [`-- ${table.table}: ${table.rows} row(s) from ${table.file}`, ...table.because.map((reason) => `--   ${reason}`)];
    if (table.wholeTable) {
        const key = table.keyColumns.length > 0 ? [`PRIMARY KEY (${table.keyColumns.map(quoteIdentifier).join(", ")})`] : [];
        lines.push(`CREATE TABLE IF NOT EXISTS ${target} (${[...table.columns.map(columnDefinition), ...key].join(", ")});`);
    }
    else {
        const destroyed = table.columns.filter((column) => !table.keyColumns.includes(column.name));
        for (const column of destroyed)
            lines.push(`ALTER TABLE ${target} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} ${column.type};`);
    }
    lines.push(`CREATE TEMP TABLE ${scratch} (${table.columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`).join(", ")}) ON COMMIT DROP;`);
    // The file name is the action's own ([A-Za-z0-9_.-]), so it needs no quoting inside the program text.
    lines.push(`\\copy ${scratch} (${names.join(", ")}) FROM PROGRAM 'gzip -dc ${table.file}'`);
    if (table.wholeTable) {
        lines.push(`INSERT INTO ${target} (${names.join(", ")}) SELECT ${names.join(", ")} FROM ${scratch};`);
    }
    else {
        const assignments = table.columns
            .filter((column) => !table.keyColumns.includes(column.name))
            .map((column) => `${quoteIdentifier(column.name)} = backup.${quoteIdentifier(column.name)}`);
        const match = table.keyColumns.map((key) => `live.${quoteIdentifier(key)} = backup.${quoteIdentifier(key)}`);
        lines.push(`UPDATE ${target} AS live SET ${assignments.join(", ")} FROM ${scratch} AS backup WHERE ${match.join(" AND ")};`);
    }
    return lines;
}
function restoreSql(tables) {
    return [
        "-- Restores the data the migrations destroyed, from the files beside this script.",
        "-- Run restore.sh from anywhere (it changes into this folder): DATABASE_URL=postgresql://… ./restore.sh",
        "\\set ON_ERROR_STOP on",
        "BEGIN;",
        ...tables.flatMap((table, index) => ["", ...restoreTable(table, index)]),
        "",
        "COMMIT;",
        "",
    ].join("\n");
}
const RESTORE_SH = `#!/bin/sh
# Restores the data the migrations destroyed: DATABASE_URL=postgresql://… ./restore.sh
set -eu
cd "$(dirname "$0")"
exec psql "\${DATABASE_URL:?Set DATABASE_URL to the database to restore into}" -X -v ON_ERROR_STOP=1 -f restore.sql
`;

// Streams exactly the data the pending migrations destroy out of the database with COPY,
// gzip-compressed, verifies each file by reading it back, and writes a restore script
// beside the files. Memory stays flat: rows flow from the socket through gzip to the disk.
const COLUMNS_SQL = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
       EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisprimary AND a.attnum = ANY (x.indkey)) AS "inKey"
  FROM pg_attribute a
 WHERE a.attrelid = to_regclass(quote_ident($1) || '.' || quote_ident($2)) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum`;
/** File names the action chooses itself, so the restore script can name them unquoted. */
function fileNameFor(table, index) {
    return `${String(index + 1).padStart(2, "0")}-${table.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60)}.copy.gz`;
}
/**
 * pg-copy-streams hands over one chunk per COPY message, that is one per row; gzip and the
 * file would pay their per-write cost a million times for a million rows. Gathered into
 * pieces of this size they pay it a few hundred times.
 */
const PIECE_BYTES = 256 * 1024;
function gatherIntoPieces() {
    let parts = [];
    let length = 0;
    return new Transform({
        transform(chunk, _encoding, done) {
            parts.push(chunk);
            length += chunk.length;
            if (length >= PIECE_BYTES) {
                this.push(Buffer.concat(parts, length));
                parts = [];
                length = 0;
            }
            done();
        },
        flush(done) {
            if (length > 0)
                this.push(Buffer.concat(parts, length));
            done();
        },
    });
}
/** Counts the rows of a gzip-compressed COPY text file: one line each (newlines in values are escaped). */
async function rowsInFile(file) {
    let rows = 0;
    await pipeline(createReadStream(file), createGunzip(), new Writable({
        write(chunk, _encoding, done) {
            for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1))
                rows++;
            done();
        },
    }));
    return rows;
}
/**
 * Backs up `destroyed` from `schema` into `folder` (created). One REPEATABLE READ READ ONLY
 * transaction, so every count and every file is the same moment. Throws when a file cannot be
 * written or its row count read back differs from the database's.
 */
async function backUpDestroyedData(client, schema, destroyed, folder) {
    await mkdir(folder, { recursive: true });
    const tables = [];
    const notPresent = [];
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
        for (const item of destroyed) {
            const { rows: live } = await client.query(COLUMNS_SQL, [schema, item.table]);
            if (live.length === 0) {
                notPresent.push(item.table);
                continue;
            }
            const keyColumns = live.filter((column) => column.inKey).map((column) => column.name);
            const destroyedColumns = item.columns?.filter((name) => live.some((column) => column.name === name));
            if (destroyedColumns?.length === 0) {
                notPresent.push(...(item.columns ?? []).map((name) => `${item.table}.${name}`));
                continue;
            }
            // Without a primary key a column cannot be matched back to its row: keep the whole rows.
            const wholeTable = destroyedColumns === undefined || keyColumns.length === 0;
            const columns = live
                .filter((column) => wholeTable || column.inKey || destroyedColumns?.includes(column.name))
                .map(({ name, type, notNull }) => ({ name, type, notNull }));
            const file = fileNameFor(item.table, tables.length);
            const source = `${quoteIdentifier(schema)}.${quoteIdentifier(item.table)}`;
            const select = `SELECT ${columns.map((column) => quoteIdentifier(column.name)).join(", ")} FROM ${source}`;
            const counted = await client.query(`SELECT count(*) AS rows FROM ${source}`);
            const rows = Number(counted.rows[0].rows);
            // The fastest level: a backup taken while a deploy waits should cost little time; COPY text still shrinks several-fold.
            await pipeline(client.query(pgCopyStreamsExports.to(`COPY (${select}) TO STDOUT`)), gatherIntoPieces(), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(path.join(folder, file)));
            const readBack = await rowsInFile(path.join(folder, file));
            if (readBack !== rows)
                throw new Error(`${file} holds ${readBack} row(s) read back, but ${item.table} has ${rows}.`);
            tables.push({ schema, table: item.table, wholeTable, columns, keyColumns, file, rows, bytes: (await stat(path.join(folder, file))).size, because: item.because });
        }
    }
    finally {
        await client.query("ROLLBACK").catch(() => undefined);
    }
    if (tables.length > 0) {
        await writeFile(path.join(folder, "restore.sql"), restoreSql(tables));
        await writeFile(path.join(folder, "restore.sh"), RESTORE_SH);
        await chmod(path.join(folder, "restore.sh"), 0o755);
    }
    return { folder, tables, notPresent };
}

// What the pending migrations destroy: whole tables they drop, and columns they drop or
// change the type of (Prisma removes an enum value by changing the columns to a new type).
// Read from the SQL before anything runs. Pure.
function alterTableActions(cursor, table, record) {
    for (const action of splitTopLevel(cursor.rest())) {
        const act = new Cursor(action);
        if (act.accept("DROP")) {
            if (act.isWord("CONSTRAINT"))
                continue;
            act.accept("COLUMN");
            act.accept("IF", "EXISTS");
            const column = act.name();
            if (column)
                record(column.key, `drops column ${column.display} of ${table.display}`);
            continue;
        }
        if (!act.accept("ALTER"))
            continue;
        act.accept("COLUMN");
        const column = act.name();
        if (column && (act.accept("SET", "DATA", "TYPE") || act.accept("TYPE"))) {
            record(column.key, `changes the type of column ${column.display} of ${table.display}`);
        }
    }
}
function destroyedData(migrations) {
    const byTable = new Map();
    const record = (table, column, because) => {
        const entry = byTable.get(table) ?? { table, columns: [], because: [] };
        byTable.set(table, entry);
        entry.because.push(because);
        if (column === null)
            entry.columns = null;
        else if (entry.columns && !entry.columns.includes(column))
            entry.columns.push(column);
    };
    for (const migration of migrations) {
        for (const statement of splitStatements(migration.sql)) {
            const cursor = new Cursor(statement.tokens);
            if (cursor.accept("DROP", "TABLE")) {
                cursor.accept("IF", "EXISTS");
                for (const part of splitTopLevel(cursor.rest())) {
                    const table = new Cursor(part).name();
                    if (table)
                        record(table.key, null, `${migration.name}: drops table ${table.display}`);
                }
            }
            else if (cursor.accept("ALTER", "TABLE")) {
                cursor.accept("IF", "EXISTS");
                cursor.accept("ONLY");
                const table = cursor.name();
                if (!table)
                    continue;
                alterTableActions(cursor, table, (column, what) => record(table.key, column, `${migration.name}: ${what}`));
            }
        }
    }
    return [...byTable.values()];
}

// A full custom-format dump with the pg_dump on PATH, verified by listing it with pg_restore.
// pg_dump refuses a server newer than itself; that is said before it is tried.
const run = promisify(execFile);
/** libpq's URI parameters; Prisma's own (schema, connection_limit, pgbouncer, …) make libpq refuse the URL. */
const LIBPQ_PARAMETERS = new Set(["sslmode", "sslcert", "sslkey", "sslrootcert", "sslpassword", "application_name", "options", "connect_timeout", "target_session_attrs", "channel_binding", "gssencmode"]);
/** The major version of the pg_dump on PATH compared with the server's. */
async function dumpAvailability(serverMajor) {
    let version;
    try {
        version = (await run("pg_dump", ["--version"])).stdout;
    }
    catch {
        return { usable: false, why: "no pg_dump on PATH" };
    }
    const clientMajor = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
    if (!(clientMajor >= serverMajor)) {
        return {
            usable: false,
            why: `the pg_dump on PATH is version ${clientMajor}, older than the server (PostgreSQL ${serverMajor}), and refuses to dump it; install postgresql-client-${serverMajor} before this step (on ubuntu-latest: the PostgreSQL apt repository, \`sudo apt-get install -y postgresql-client-${serverMajor}\`)`,
        };
    }
    return { usable: true, clientMajor };
}
/** The URL as libpq reads it, and the password apart, so it never appears in a process list. */
function libpqConnection(url) {
    const parsed = new URL(url);
    const password = decodeURIComponent(parsed.password);
    parsed.password = "";
    for (const name of [...parsed.searchParams.keys()])
        if (!LIBPQ_PARAMETERS.has(name))
            parsed.searchParams.delete(name);
    return { url: parsed.toString(), password };
}
async function takeFullDump(databaseUrl, folder, clientMajor) {
    const file = path.join(folder, "database.dump");
    const connection = libpqConnection(databaseUrl);
    const env = { ...process.env, PGPASSWORD: connection.password };
    await run("pg_dump", ["--format=custom", `--file=${file}`, `--dbname=${connection.url}`], { env, maxBuffer: 16 * 1024 * 1024 });
    const listed = await run("pg_restore", ["--list", file], { maxBuffer: 64 * 1024 * 1024 });
    const entries = listed.stdout.split("\n").filter((line) => line.trim() && !line.startsWith(";")).length;
    if (entries === 0)
        throw new Error(`pg_restore --list read no entries from ${file}.`);
    return { file, bytes: (await stat(file)).size, entries, clientMajor };
}

// The `backup` option before the migrations run: what the pending migrations destroy is
// streamed out with COPY (copy-backup.ts), and a full dump is added when asked for or possible.
// Any failure stops the run before Prisma starts: a migration that destroys data never runs
// without the backup that was asked for.
function relative(workspace, file) {
    return path.relative(workspace, file).split(path.sep).join("/") || ".";
}
/** Undefined when there is nothing to back up (nothing pending, or nothing destroyed with `destructive`). */
async function takeBackup(client, request) {
    const destroyed = destroyedData(request.pending);
    if (request.pending.length === 0 || (request.mode === "destructive" && destroyed.length === 0))
        return undefined;
    const folder = path.join(request.backupPath, new Date().toISOString().replace(/[:.]/g, "-"));
    const report = { folder: relative(request.workspace, folder), tables: [] };
    try {
        const server = await client.query("SELECT current_setting('server_version_num') AS version");
        const availability = await dumpAvailability(Math.floor(Number(server.rows[0].version) / 10_000));
        if (!availability.usable && request.mode === "always")
            throw new Error(`backup: always takes a full dump, but ${availability.why}.`);
        const copy = await backUpDestroyedData(client, request.schema, destroyed, folder);
        report.tables = copy.tables.map((table) => ({
            table: table.table,
            file: table.file,
            rows: table.rows,
            bytes: table.bytes,
            wholeTable: table.wholeTable,
            columns: table.columns.map((column) => column.name),
            because: table.because,
        }));
        if (copy.tables.length > 0)
            report.restoreCommand = `DATABASE_URL=… ${report.folder}/restore.sh`;
        if (availability.usable) {
            const dump = await takeFullDump(request.databaseUrl, folder, availability.clientMajor);
            report.dump = { file: path.basename(dump.file), bytes: dump.bytes, entries: dump.entries };
        }
        else {
            report.noDump = availability.why;
            request.warn(`No full dump besides the backup of the destroyed data: ${availability.why}.`);
        }
        return report;
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new GateError("backup-failed", `The backup before migrating could not be taken or verified, so nothing was migrated: ${why}`, [
            `Check that backup-path (${relative(request.workspace, request.backupPath)}) is a folder the job can write, with room for the data.`,
            "Re-run the workflow once the backup can be written; or set backup: never to migrate without one.",
        ]);
    }
}
/** One line per file for logs. */
function describeBackup(report) {
    return [
        ...report.tables.map((table) => `${report.folder}/${table.file}: ${table.rows} row(s) of ${table.table}${table.wholeTable ? "" : ` (${table.columns.join(", ")})`}, ${formatBytes(table.bytes)}`),
        ...(report.dump ? [`${report.folder}/${report.dump.file}: full dump, ${report.dump.entries} entries, ${formatBytes(report.dump.bytes)}`] : []),
    ];
}

/**
 * pg_cancel_backend, never terminate: the statement fails with SQLSTATE 57014 and the
 * session (and Prisma's advisory lock with it) survives for Prisma to record the failure.
 * The same statement re-checks that the backend is still the one seen, in the same
 * statement, still waiting for a lock that is not Prisma's advisory lock.
 */
const CANCEL_SQL = `
SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
 WHERE pid = $1 AND backend_start = $2::timestamptz AND state_change = $3::timestamptz
   AND wait_event_type = 'Lock' AND wait_event <> 'advisory'`;
/**
 * Every catalog row of one schema that a migration can create, drop or change, as
 * (object, definition) pairs, read in one statement. The drift check's catalog reader
 * (catalog.ts) cannot serve here: pg_get_expr and pg_get_indexdef take a share lock on the
 * table, which would queue behind the very lock request being guarded. This read takes no
 * lock on any table: expressions are compared as stored node trees, names through the
 * reg* types, which read the system caches. Dropped columns and Prisma's history are left out.
 */
const SCHEMA_ROWS_SQL = `
WITH rel AS (
  SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relname <> '_prisma_migrations'
)
SELECT 'relation ' || r.relname AS object, concat_ws(' ', r.relkind, c.relpersistence, c.reloptions::text, c.relispartition, c.relrowsecurity) AS definition
  FROM rel r JOIN pg_class c ON c.oid = r.oid
UNION ALL
SELECT 'column ' || r.relname || '.' || a.attname,
       concat_ws(' ', format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attcollation, d.adbin::text)
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'index ' || r.relname,
       concat_ws(' ', x.indrelid::regclass::text, x.indkey::text, x.indclass::text, x.indoption::text, x.indisunique, x.indisprimary, x.indisvalid, x.indexprs::text, x.indpred::text)
  FROM rel r JOIN pg_index x ON x.indexrelid = r.oid
UNION ALL
SELECT 'constraint ' || k.conname || ' on ' || r.relname,
       concat_ws(' ', k.contype, k.condeferrable, k.condeferred, k.convalidated, k.conkey::text, k.confrelid::regclass::text, k.confkey::text, k.confupdtype, k.confdeltype, k.conbin::text)
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
UNION ALL
SELECT 'rule ' || w.rulename || ' on ' || r.relname, w.ev_action::text
  FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid
UNION ALL
SELECT 'trigger ' || t.tgname || ' on ' || r.relname, concat_ws(' ', t.tgfoid::regprocedure::text, t.tgtype, t.tgenabled)
  FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
UNION ALL
SELECT 'sequence ' || r.relname, concat_ws(' ', s.seqtypid::regtype::text, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle)
  FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
UNION ALL
SELECT 'type ' || t.typname,
       concat_ws(' ', t.typtype, (SELECT string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
UNION ALL
SELECT 'function ' || p.oid::regprocedure::text, concat_ws(' ', p.prokind, p.prorettype::regtype::text, md5(p.prosrc))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
UNION ALL
SELECT 'extension ' || e.extname, e.extversion
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = $1`;
/** What differs between two readings of the schema, one line per object. Pure. */
function schemaChanges(before, after) {
    const changes = [];
    for (const [object, definition] of after) {
        if (!before.has(object))
            changes.push(`${object}: created`);
        else if (before.get(object) !== definition)
            changes.push(`${object}: changed`);
    }
    for (const object of before.keys())
        if (!after.has(object))
            changes.push(`${object}: dropped`);
    return changes.sort();
}
class LockWaitGuard {
    connection;
    schema;
    constructor(
    /** The side connection as it is now: the gate replaces it when it was lost. */
    connection, schema) {
        this.connection = connection;
        this.schema = schema;
    }
    /**
     * The schema as other sessions see it. While the migration's transaction is open its
     * changes are invisible here, so this read, taken just before cancelling, is the schema
     * before the migration began.
     */
    async readSchema() {
        const { rows } = await this.connection().query(SCHEMA_ROWS_SQL, [this.schema]);
        return new Map(rows.map((row) => [row.object, row.definition ?? ""]));
    }
    /** True when PostgreSQL accepted the cancellation of that very wait. */
    async cancel(wait) {
        const { rows } = await this.connection().query(CANCEL_SQL, [wait.pid, wait.backendStart, wait.statementStart]);
        return rows[0]?.cancelled === true;
    }
    /** What differs from the reading taken before the cancellation; empty when nothing was left. */
    async leftovers(before) {
        return schemaChanges(before, await this.readSchema());
    }
}

// Watches the Prisma CLI's own backends from the side connection while it runs: when one
// waits on a lock, who blocks it, and on which migration.
const BLOCKED_SQL = `
SELECT w.pid AS waiting_pid, w.wait_event_type, w.wait_event,
       w.backend_start::text AS waiting_backend_start, w.state_change::text AS waiting_state_change, w.query AS waiting_query,
       (SELECT extract(epoch FROM clock_timestamp() - min(l.waitstart)) * 1000 FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted) AS waited_ms,
       b.pid, b.application_name, host(b.client_addr) AS client_addr, b.usename, b.state,
       b.backend_start, b.xact_start, b.state_change, b.query, b.wait_event AS blocker_wait_event, now() AS observed_at
  FROM pg_stat_activity w
  CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
  JOIN pg_stat_activity b ON b.pid = blocking.pid
 WHERE w.application_name = $1 AND w.datname = current_database()`;
const HOLDS_LOCK_SQL = `
SELECT EXISTS (
  SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
   WHERE ${prismaLockRows("l")} AND l.granted
     AND a.application_name = $1 AND a.datname = current_database()) AS holds`;
class PrismaBackendWatcher {
    connection;
    applicationName;
    historyTable;
    observations = [];
    /**
     * The database's clock when the watched CLI was last seen waiting for Prisma's advisory
     * lock: whatever started before then was another session's work, not this CLI's.
     */
    lastWaitedForLockAt;
    /** When each wait (backend and statement) was first seen, for servers that do not record it. */
    firstSeen = new Map();
    constructor(
    /** The side connection as it is now: the gate replaces it when it was lost. */
    connection, 
    /** The application_name the action gave the Prisma CLI's connections. */
    applicationName, historyTable) {
        this.connection = connection;
        this.applicationName = applicationName;
        this.historyTable = historyTable;
    }
    async tick() {
        const blocked = await this.connection().query(BLOCKED_SQL, [this.applicationName]);
        const waits = new Map();
        for (const row of blocked.rows) {
            const onAdvisoryLock = row.wait_event === "advisory";
            if (onAdvisoryLock)
                this.lastWaitedForLockAt = row.observed_at;
            const blocker = toLockHolder(sessionFromActivity({ ...row, wait_event: row.blocker_wait_event }, true));
            const key = `${row.waiting_pid} ${row.waiting_state_change}`;
            let wait = waits.get(key);
            if (!wait) {
                if (!this.firstSeen.has(key))
                    this.firstSeen.set(key, Date.now());
                wait = {
                    pid: row.waiting_pid,
                    onAdvisoryLock,
                    waitedMs: row.waited_ms === null ? Date.now() - (this.firstSeen.get(key) ?? Date.now()) : Number(row.waited_ms),
                    backendStart: row.waiting_backend_start,
                    statementStart: row.waiting_state_change,
                    query: row.waiting_query === "<insufficient privilege>" ? null : row.waiting_query,
                    blockers: [],
                    migration: onAdvisoryLock ? undefined : await this.migrationInProgress(),
                };
                waits.set(key, wait);
            }
            wait.blockers.push(blocker);
            if (this.observations.some((seen) => seen.blocker.pid === row.pid))
                continue;
            this.observations.push({
                waitingFor: onAdvisoryLock ? "Prisma's advisory lock" : `a ${row.wait_event ?? "database"} lock`,
                migration: wait.migration,
                blocker,
                firstSeenAt: row.observed_at,
            });
        }
        for (const wait of waits.values())
            wait.blockers.sort((a, b) => (b.transactionAgeMs ?? 0) - (a.transactionAgeMs ?? 0));
        const holds = await this.connection().query(HOLDS_LOCK_SQL, [this.applicationName]);
        return { holdsMigrationLock: holds.rows[0].holds, waits: [...waits.values()] };
    }
    async migrationInProgress() {
        try {
            const { rows } = await this.connection().query(`SELECT migration_name FROM ${this.historyTable} WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1`);
            return rows[0]?.migration_name;
        }
        catch {
            return undefined;
        }
    }
}

// `prisma migrate deploy` applies every pending migration; it has no flag to stop at one. To
// apply only the first ones, Prisma runs against a copy of the migrations folder that holds
// only them (and migration_lock.toml), named by a Prisma config file (`--config`) written
// beside the copy. Run on Prisma 6.19 and 7; earlier 6.x are refused (the config file was
// early access before 6.13, in another shape, and the versions between are untried). That
// file starts from the project's own config when it has one, so the datasource, the engine
// and the adapter stay the project's, and overrides only where the schema and the migrations
// are. Prisma writes the same rows it would write from the project's folder: the same names
// and the checksums of the same files.
//
// Where this differs from the project's own run: with a config file Prisma 6 does not load
// .env itself (it says "Prisma config detected, skipping environment variable loading"); the
// gate passes the datasource's variables to Prisma from database-url either way.
/** Whether this Prisma applies a copy of the migrations folder named by a generated --config file. */
function appliesMigrationsPrefix(version) {
    const [major, minor] = version.split(".").map(Number);
    return major > 6 || (major === 6 && minor >= 19);
}
const LOCK_FILE = "migration_lock.toml";
/** The config file's text: the project's config, if any, with the schema and migrations paths replaced. */
function prefixConfigSource(project, migrationsCopy) {
    const schema = JSON.stringify(project.schema);
    const migrations = JSON.stringify(migrationsCopy);
    if (!project.configFile)
        return `export default { schema: ${schema}, migrations: { path: ${migrations} } };\n`;
    // Paths in the project's config are relative to its own folder, not this one: both are given absolute.
    return [
        `import projectConfig from ${JSON.stringify(project.configFile)};`,
        `export default { ...projectConfig, schema: ${schema}, migrations: { ...projectConfig.migrations, path: ${migrations} } };`,
        "",
    ].join("\n");
}
/** Copies the named migrations (in a scratch folder inside `scratchRoot`) for one Prisma run. */
function writeMigrationsPrefix(project, names, scratchRoot) {
    const folder = mkdtempSync(path.join(scratchRoot, "prisma-gated-deploy-migrations-"));
    try {
        const copy = path.join(folder, "migrations");
        mkdirSync(copy);
        const lockFile = path.join(project.migrationsDir, LOCK_FILE);
        if (existsSync(lockFile))
            cpSync(lockFile, path.join(copy, LOCK_FILE));
        for (const name of names)
            cpSync(path.join(project.migrationsDir, name), path.join(copy, name), { recursive: true });
        const config = path.join(folder, "prisma.config.mjs");
        writeFileSync(config, prefixConfigSource(project, copy));
        return { prismaArgs: ["--config", config], remove: () => rmSync(folder, { recursive: true, force: true }) };
    }
    catch (error) {
        rmSync(folder, { recursive: true, force: true });
        throw error;
    }
}

// The migration gate: preflight, lock diagnosis, `prisma migrate deploy` with safe retries,
// and a check of the end state. Everything it learns goes into the MigrationReport.
/** Often enough that a cancelled lock wait stalls the application barely longer than ddl-lock-wait. */
const WATCH_INTERVAL_MS = 250;
/** Whether a URL looks like a transaction-mode pooler, where session advisory locks are unreliable. */
function looksPooled(url) {
    const parsed = new URL(url);
    return /-pooler\./i.test(parsed.hostname) || parsed.port === "6543" || /^(true|1)$/i.test(parsed.searchParams.get("pgbouncer") ?? "");
}
class MigrationGate {
    settings;
    ports;
    report;
    warnings;
    deadline;
    databaseUrl;
    schema;
    historyTable;
    install;
    project;
    local = [];
    client;
    lockPolls = 0;
    /** This gate's runs of `prisma migrate deploy`, held to max-attempts; the report counts every gate's. */
    attempts = 0;
    /** Pending when this gate looked, in apply order. */
    pending = [];
    /** Pending migrations this gate leaves for after the deploy (contract-migrations: after-deploy). */
    held = [];
    /** The copy of the migrations folder Prisma runs against while migrations are held. */
    prefix;
    /** Migrations finished before the current attempt started, to tell what this run applied. */
    finishedBeforeAttempt = new Set();
    reporter;
    lockWaitGuard;
    /** Set when the current attempt's lock wait was cancelled; cleared when the next attempt starts. */
    cancelledWait;
    /** Lock waits already reported as not cancellable, by backend and statement. */
    reportedWaits = new Set();
    constructor(settings, ports, runReport) {
        this.settings = settings;
        this.ports = ports;
        this.reporter = ports.reporter;
        this.report = runReport.migration ?? newMigrationReport();
        runReport.migration = this.report;
        // With contract-migrations after-deploy, the gate after the deploy has a timeout of its own.
        this.deadline = new Deadline(settings.timeoutMs, "the migration run (input timeout)");
        this.databaseUrl = settings.databaseUrl;
        this.schema = schemaOf(this.databaseUrl);
        this.historyTable = `${quoteIdentifier$1(this.schema)}._prisma_migrations`;
        this.warnings = runReport.warnings;
    }
    warn(text) {
        this.warnings.push(text);
        this.reporter.warning(text);
    }
    event(text) {
        this.report.lockEvents.push({ at: new Date(), text });
        this.reporter.info(text);
    }
    async run() {
        this.install = locatePrisma(this.settings.workingDirectory);
        this.report.prismaVersion = this.install.version;
        this.report.target = describeTarget(this.databaseUrl);
        this.reporter.info(`Using Prisma ${this.install.version} from ${this.install.packageDir}; database ${this.report.target}.`);
        if (looksPooled(this.databaseUrl)) {
            this.warn("database-url looks like a transaction-mode pooler (PgBouncer, port 6543, a -pooler host). Prisma's advisory lock is unreliable through it and a lock can stay held after the client left. Use the direct (or session-mode) URL for migrations.");
        }
        this.project = await findPrismaProject(this.install, this.settings.workingDirectory, { DATABASE_URL: this.databaseUrl });
        this.report.project = projectFiles(this.project);
        this.reporter.info(`Schema ${this.report.project.schema} (${this.project.foundBy}), migrations in ${this.report.project.migrationsDir}.`);
        this.local = readLocalMigrations(this.project.migrationsDir);
        this.client = await this.connectWithRetry();
        this.lockWaitGuard = new LockWaitGuard(() => this.db, this.schema);
        try {
            await this.preflight();
            this.planContractMigrations();
            await this.backUpIfAsked();
            if (this.held.length === 0 || this.toApply().length > 0) {
                this.prefix = this.held.length > 0 ? writeMigrationsPrefix(this.project, this.toApply(), this.ports.tempDir) : undefined;
                await this.deployWithRetries();
            }
            await this.verifyEndState();
            return this.report;
        }
        finally {
            this.prefix?.remove();
            await this.client?.end().catch(() => undefined);
        }
    }
    /**
     * Runs a query on the side connection; when that connection was lost (a restart, a dropped
     * TCP connection, a terminated backend), connects again within the deadline and runs it once
     * more. A database that stays away ends the run as db-unreachable.
     */
    async onDatabase(doing, use) {
        try {
            return await use(this.db);
        }
        catch (error) {
            if (!isLostConnectionError(error))
                throw error;
            this.event(`The action's own database connection was lost while ${doing} (${redact(error.message)}); connecting again.`);
            await this.client?.end().catch(() => undefined);
            this.client = undefined;
            this.client = await this.connectWithRetry();
            return await use(this.db);
        }
    }
    /** One try at a new side connection, for the watcher: when it fails the watcher just knows less. */
    async reconnectQuietly() {
        try {
            const client = await connect(this.databaseUrl);
            await this.client?.end().catch(() => undefined);
            this.client = client;
        }
        catch {
            this.client = undefined;
        }
    }
    async connectWithRetry() {
        // Also after a cancellation, one try: the run still reads what it applied. The wait before a second try ends a cancelled run.
        for (let attempt = 1;; attempt++) {
            this.reporter.info(`Connecting to the database at ${this.report.target} (waiting up to ${formatDuration(CONNECT_TIMEOUT_MS)} for it to answer).`);
            try {
                return await connect(this.databaseUrl);
            }
            catch (error) {
                const gateError = error;
                const delay = connectionRetryDelay({
                    retryable: isRetryableConnectionError(gateError),
                    attempt,
                    maxAttempts: this.settings.maxAttempts,
                    remainingMs: this.deadline.remainingMs(),
                });
                if (delay === undefined)
                    throw gateError;
                this.reporter.info(`${gateError.message} Retrying in ${formatDuration(delay)} (attempt ${attempt + 1} of ${this.settings.maxAttempts}).`);
                await this.deadline.sleep(delay, `the database at ${this.report.target} to accept connections`);
            }
        }
    }
    async readState() {
        return await this.onDatabase("reading _prisma_migrations", (client) => readMigrationState(client, this.schema, this.local));
    }
    get db() {
        if (!this.client)
            throw new Error("not connected");
        return this.client;
    }
    async preflight() {
        for (;;) {
            const { rows, state } = await this.readState();
            this.report.pendingBefore ??= state.pending;
            this.pending = state.pending;
            if (rows === null && this.local.length > 0 && (await this.onDatabase("counting tables", (client) => countUserTables(client, this.schema))) > 0) {
                throw this.baselineError();
            }
            if (state.unfinished.length > 0) {
                const snapshot = await this.onDatabase("reading the lock", readLockSnapshot);
                const holder = snapshot.holder && toLockHolder(snapshot.holder);
                if (holder && holder.kind !== "idle-leftover") {
                    // An unfinished row while a live session holds the lock is a migration being applied
                    // right now, not a failure: wait for it, then look again.
                    this.event(`Migration ${state.unfinished[0].migration_name} is being applied by another session (${describeHolder(holder)}) Waiting for it to finish.`);
                    await this.waitForFreeLock();
                    continue;
                }
                throw this.previousFailureError(state.unfinished[0]);
            }
            if (state.edited.length > 0) {
                this.report.editedMigrations = state.edited;
                this.warn(`Already-applied migration(s) ${state.edited.join(", ")} were edited after they ran: the database will not get those edits (Prisma does not re-run or warn). Put the change in a new migration and restore the original file.`);
            }
            this.refuseStaleBuild(state);
            this.reporter.info(state.pending.length === 0
                ? "No pending migrations: the database is up to date."
                : `Pending migrations (${state.pending.length}): ${state.pending.join(", ")}`);
            return;
        }
    }
    /**
     * The database has migrations this build's folder lacks: a newer commit migrated it (a
     * re-run of an old workflow run, or two deploys racing). Deploying this build would put old
     * code on a newer schema, so it is refused unless allow-stale-build says otherwise.
     */
    refuseStaleBuild(state) {
        if (state.missingLocally.length === 0)
            return;
        this.report.missingLocally = state.missingLocally;
        const names = state.missingLocally.join(", ");
        if (this.settings.allowStaleBuild) {
            this.warn(`The database has migration(s) that are not in this build's ${projectFiles(this.project).migrationsDir}: ${names}. Continuing because allow-stale-build is true.`);
            return;
        }
        throw new GateError("stale-build", `This build is older than the database: it has applied migration(s) that this build's ${projectFiles(this.project).migrationsDir} does not contain: ${names}. A newer commit has migrated the database; deploying this build would run old code against the newer schema, so nothing was deployed.`, [
            "Deploy the newer commit instead (re-run the latest workflow run, not an old one).",
            "Serialise deploys so an older run cannot finish after a newer one: `concurrency: { group: deploy-production, cancel-in-progress: false }` on the job.",
            "If this build is meant to run on the newer schema (a rollback of code only, made compatible on purpose), set the input `allow-stale-build: true`.",
        ]);
    }
    /** The pending migrations this gate applies, in order: all of them, unless some are held for after the deploy. */
    toApply() {
        return this.pending.filter((name) => !this.held.includes(name));
    }
    /**
     * The input contract-migrations. Every pending migration is classified for the summary (by
     * the first gate of a run; the second, after the deploy, finds the plan made and applies what
     * the first one held). block refuses a contract migration; after-deploy, in the first gate,
     * holds back the first contract migration and everything after it.
     */
    planContractMigrations() {
        if (this.report.contract)
            return;
        const pending = this.local.filter((migration) => this.pending.includes(migration.name));
        const applied = this.local.filter((migration) => !this.pending.includes(migration.name));
        // after-deploy comes only with command deploy (the settings refuse it otherwise), which runs a second gate.
        const contract = contractPlanReport(classifyMigrations(pending, applied), this.settings.contractMigrations, this.ports.optionName);
        this.report.contract = contract;
        if (contract.refusal)
            throw new GateError("contract-blocked", `${contract.refusal.message} Nothing was migrated or deployed.`, contract.refusal.nextSteps);
        const held = contract.heldForDeploy;
        if (held.length === 0)
            return;
        const beforeDeploy = this.pending.filter((name) => !held.includes(name));
        if (beforeDeploy.length > 0 && !appliesMigrationsPrefix(this.install.version)) {
            throw new GateError("prisma-unsupported", `${this.ports.optionName("contract-migrations")} after-deploy applies ${beforeDeploy.join(", ")} before the deploy through a copy of the migrations folder that Prisma reads from a --config file, which needs Prisma 6.19 or later; this project has Prisma ${this.install.version}. Nothing was migrated or deployed.`, ["Upgrade Prisma: `npm install --save-dev prisma@6 @prisma/client@6`, and commit the lock file.", `Or stop before a contract migration instead: ${this.ports.optionName("contract-migrations")} block.`]);
        }
        this.held = held;
        this.reporter.info(beforeDeploy.length === 0
            ? `Nothing to apply before the deploy: ${held.join(", ")} remove or restrict what the running version may still use, and wait until the new deployment is healthy (contract-migrations: after-deploy).`
            : `Applying ${beforeDeploy.join(", ")} before the deploy; ${held.join(", ")} wait until the new deployment is healthy (contract-migrations: after-deploy).`);
    }
    /** `prisma migrate …` with what points it at the held-back copy of the migrations folder, when there is one. */
    migrateArgs(...args) {
        return ["migrate", ...args, ...(this.prefix?.prismaArgs ?? [])];
    }
    /** The input `backup`: what the pending migrations destroy is kept before Prisma runs, or nothing runs. */
    async backUpIfAsked() {
        const mode = this.settings.backup;
        if (mode === "never")
            return;
        const applying = this.toApply();
        const pending = this.local.filter((migration) => applying.includes(migration.name));
        const backup = await this.reporter.step("Backup before migrating", () => this.onDatabase("taking the backup", (client) => takeBackup(client, {
            mode,
            backupPath: this.settings.backupPath,
            workspace: this.ports.workspace,
            databaseUrl: this.databaseUrl,
            schema: this.schema,
            pending,
            warn: (text) => this.warn(text),
        })));
        if (!backup)
            return;
        this.report.backups.push(backup);
        for (const line of describeBackup(backup))
            this.reporter.info(line);
    }
    /** Polls the advisory lock until nobody holds it; terminates a stale idle holder when allowed. */
    async waitForFreeLock() {
        const started = Date.now();
        let announced;
        const terminationTried = new Set();
        try {
            for (;;) {
                const snapshot = await this.onDatabase("waiting for the lock", readLockSnapshot);
                if (!snapshot.holder) {
                    if (announced !== undefined)
                        this.event(`The lock was released (last held by pid ${announced}) after ${formatDuration(Date.now() - started)}.`);
                    return;
                }
                const holder = toLockHolder(snapshot.holder);
                this.report.lockHolder = holder;
                if (announced !== holder.pid) {
                    announced = holder.pid;
                    this.warn(`Prisma's advisory lock (${PRISMA_LOCK_CALL}) is held by ${describeHolder(holder)}`);
                }
                const backendStart = snapshot.holder.backendStart;
                if (backendStart && !terminationTried.has(holder.pid) && mayTerminate(holder, this.settings.terminateStaleLockAfterMs)) {
                    terminationTried.add(holder.pid);
                    // A terminated backend exits asynchronously: look again shortly, without backing off.
                    if (await this.terminate(holder, backendStart)) {
                        await this.deadline.sleep(LOCK_POLL.initialMs, `the terminated pid ${holder.pid} to release the lock`);
                        continue;
                    }
                }
                if (this.deadline.expired())
                    throw this.lockBusyError(holder);
                this.reporter.progress(`Waiting for pid ${holder.pid} to release Prisma's lock: ${formatDuration(Date.now() - started)} so far, within ${this.deadline.describe()}`);
                await this.deadline.sleep(backoffDelay(++this.lockPolls, LOCK_POLL), `pid ${holder.pid} to release Prisma's advisory lock`);
            }
        }
        finally {
            if (announced !== undefined)
                this.report.lockWaitMs += Date.now() - started;
        }
    }
    /** True when the holder was terminated; false when PostgreSQL or the re-check said no. */
    async terminate(holder, backendStart) {
        const result = await this.onDatabase(`terminating pid ${holder.pid}`, (client) => terminateIdleBackend(client, holder.pid, backendStart));
        if (result.terminated) {
            this.report.terminated.push(holder);
            this.event(`Terminated the stale lock holder: ${describeHolder(holder)} (idle longer than terminate-stale-lock-after = ${formatDuration(this.settings.terminateStaleLockAfterMs ?? 0)}).`);
            return true;
        }
        this.event(`Did not terminate pid ${holder.pid}: ${redact(result.why)}.`);
        return false;
    }
    async deployWithRetries() {
        const cancellation = this.deadline.cancellation;
        for (;;) {
            await this.waitForFreeLock();
            if (this.attempts >= this.settings.maxAttempts)
                throw this.outOfAttempts();
            cancellation.throwIfRequested("before prisma migrate deploy started");
            await this.rememberFinishedMigrations();
            this.attempts += 1;
            this.report.attempts += 1;
            const run = await this.runDeployOnce();
            // Stopped after it had finished its work (it was only closing its connections) is not stopped mid-way.
            const finished = run.aborted && printedSuccess(run.stdout);
            const verdict = classifyDeployOutput(finished ? 0 : run.exitCode, run.stdout, run.stderr);
            await this.recordApplied(verdict, run.lastWaitedForLockAt);
            if (run.aborted && !finished) {
                throw cancellation.requested
                    ? cancellation.error(`while prisma migrate deploy was running; it was ended with its process group${this.appliedSoFar()}`)
                    : this.timeoutError();
            }
            if (verdict.kind === "success") {
                this.reporter.info(this.report.applied.length === 0 ? "Prisma applied nothing: no migration was pending." : `Prisma applied: ${this.report.applied.join(", ")}.`);
                cancellation.throwIfRequested(`while prisma migrate deploy was running; it was allowed to finish${this.appliedSoFar()}`);
                return;
            }
            cancellation.throwIfRequested(`while prisma migrate deploy was running; it ended with an error${this.appliedSoFar()}`);
            if (verdict.kind === "fatal") {
                const cancelled = this.cancelledWait;
                if (cancelled && verdict.failure.reason === "migration-failed" && verdict.failure.migration === cancelled.migration) {
                    await this.recoverFromCancelledWait(cancelled);
                    continue;
                }
                throw await this.fatalError(verdict.failure, verdict.code);
            }
            if (verdict.kind === "connection-lost")
                await this.afterLostConnection(verdict);
            await this.beforeRetry(verdict);
        }
    }
    appliedSoFar() {
        return this.report.applied.length > 0 ? ` (applied by this run: ${this.report.applied.join(", ")})` : " (no migration was applied by this run)";
    }
    /** What the history table says is finished before an attempt: whatever finishes after it is this run's. */
    async rememberFinishedMigrations() {
        const rows = await this.onDatabase("reading _prisma_migrations", (client) => readHistoryRows(client, this.schema));
        this.finishedBeforeAttempt = finishedNames(rows ?? []);
    }
    /**
     * After every attempt, successful or not, the history table says what it applied: migrations
     * committed before a failing one stay applied and are reported. On success Prisma's own list
     * is kept to what the table confirms; it alone tells this CLI's work from a concurrent run's
     * that held the lock while this one waited. After a failure the table alone, without what
     * started before this CLI was last seen waiting for the lock. Prisma's list is also the
     * fallback when the database cannot be read (it is gone).
     */
    async recordApplied(verdict, lastWaitedForLockAt) {
        let newlyApplied;
        try {
            const rows = await this.onDatabase("reading _prisma_migrations after prisma migrate deploy", (client) => readHistoryRows(client, this.schema));
            const printed = verdict.kind === "success" ? verdict.applied : [];
            if (printed.length > 0) {
                const finished = appliedSince(rows ?? [], this.finishedBeforeAttempt);
                newlyApplied = printed.filter((name) => finished.includes(name));
            }
            else {
                newlyApplied = appliedSince(rows ?? [], this.finishedBeforeAttempt, lastWaitedForLockAt);
            }
        }
        catch (error) {
            if (error instanceof CancelledError)
                throw error;
            this.reporter.info(`Could not read _prisma_migrations after the attempt (${redact(describeError(error))}); reporting what Prisma printed.`);
            newlyApplied = verdict.kind === "success" ? verdict.applied : [];
        }
        for (const name of newlyApplied)
            if (!this.report.applied.includes(name))
                this.report.applied.push(name);
    }
    /**
     * A connection lost mid-run: when a migration was left unfinished by it, retrying would only
     * meet P3009, so the run stops here and says how to check what it left; otherwise it retries.
     */
    async afterLostConnection(verdict) {
        let unfinished;
        try {
            const { state } = await this.readState();
            unfinished = state.unfinished.find((row) => !this.finishedBeforeAttempt.has(row.migration_name));
        }
        catch (error) {
            if (error instanceof CancelledError)
                throw error;
            throw this.lostConnectionError(verdict, undefined, describeError(error));
        }
        const migration = unfinished?.migration_name;
        if (migration)
            throw this.lostConnectionError(verdict, migration);
    }
    lostConnectionError(verdict, leftUnfinished, unreadable) {
        const status = inlineCode(PRISMA_STATUS_COMMAND);
        const state = leftUnfinished
            ? ` Migration ${leftUnfinished} was left unfinished in _prisma_migrations.`
            : unreadable
                ? ` The database could not be read afterwards either (${redact(unreadable)}).`
                : "";
        return new GateError("db-connection-lost", `${redact(verdict.summary)}${state} This is the database going away (a restart, a shutdown, a terminated session or a cut connection), not an error in the SQL. Nothing was deployed.`, [
            `Check the database server: is it up, did it restart or fail over, was the session terminated? (${this.report.target ?? "the database in database-url"})`,
            `When it is back, see what the migrations left: ${status} from the working-directory with DATABASE_URL set.`,
            ...(leftUnfinished
                ? [`Only if ${status} shows ${leftUnfinished} as failed: resolve it as below, then re-run this workflow.`, ...resolveCommands(leftUnfinished)]
                : ["Then re-run this workflow; applied migrations are skipped."]),
        ]);
    }
    async beforeRetry(verdict) {
        if (verdict.kind === "lock-timeout") {
            const snapshot = await this.onDatabase("reading the lock", readLockSnapshot);
            const holder = snapshot.holder && toLockHolder(snapshot.holder);
            if (holder)
                this.report.lockHolder = holder;
            this.event(`Attempt ${this.attempts}: Prisma timed out waiting for its advisory lock (P1002)${holder ? `, held by ${describeHolder(holder)}` : "; the lock is free again"}`);
        }
        else {
            this.event(`Attempt ${this.attempts}: ${verdict.summary}`);
        }
        const decision = decideAfterAttempt({
            verdict,
            attempts: this.attempts,
            maxAttempts: this.settings.maxAttempts,
            remainingMs: this.deadline.remainingMs(),
            holderKnown: this.report.lockHolder !== undefined,
        });
        if (!decision.retry) {
            switch (decision.because) {
                case "connection-lost":
                    throw this.lostConnectionError(verdict);
                case "lock-busy":
                    throw this.lockBusyError(this.report.lockHolder);
                case "out-of-attempts":
                    throw this.outOfAttempts(verdict);
                case "timeout":
                    throw this.timeoutError();
            }
        }
        const delay = decision.delayMs;
        this.reporter.info(`Retrying in ${formatDuration(delay)} (attempt ${this.attempts + 1} of ${this.settings.maxAttempts}).`);
        await this.deadline.sleep(delay, `the next attempt of prisma migrate deploy (${formatDuration(delay)} backoff)`);
    }
    /** The environment that points Prisma at the database, and the application_name its sessions carry. */
    prismaEnvironment() {
        const tagged = tagApplicationName(this.databaseUrl, `${ACTION_APPLICATION_NAME}:migrate:${process.pid}`);
        const env = {};
        for (const name of urlEnvironmentVariables(this.project.schemaFiles))
            env[name] = tagged.url;
        return { env, applicationName: tagged.applicationName };
    }
    async runDeployOnce() {
        this.cancelledWait = undefined;
        const { env, applicationName } = this.prismaEnvironment();
        const controller = new AbortController();
        const cancellation = this.deadline.cancellation;
        const watcher = new PrismaBackendWatcher(() => this.db, applicationName, this.historyTable);
        const warned = new Set();
        const warnOnce = (text) => {
            if (warned.has(text))
                return;
            warned.add(text);
            this.warn(text);
        };
        // The second signal (or the end of the grace period) ends Prisma whatever it is doing:
        // the runner kills the whole tree moments later, and no child may outlive the action.
        const endNow = () => controller.abort();
        cancellation.endSignal.addEventListener("abort", endNow, { once: true });
        let watching = true;
        let wake;
        const wakeOnCancel = () => wake?.();
        cancellation.stopSignal.addEventListener("abort", wakeOnCancel, { once: true });
        const watch = (async () => {
            while (watching) {
                await new Promise((resolve) => {
                    wake = resolve;
                    setTimeout(resolve, WATCH_INTERVAL_MS);
                });
                if (!watching)
                    break;
                const tick = await watcher.tick().catch(async (error) => {
                    if (isLostConnectionError(error))
                        await this.reconnectQuietly();
                    return undefined;
                });
                if (tick)
                    await this.guardLockWaits(tick.waits).catch((error) => this.reporter.debug(`Lock-wait guard: ${describeError(error)}`));
                const stopping = cancellation.requested ? "cancelled" : this.deadline.expired() ? "timeout" : undefined;
                if (controller.signal.aborted)
                    continue;
                const decision = decideStopPrisma({ mustEnd: stopping !== undefined, holdsMigrationLock: tick?.holdsMigrationLock });
                if (decision === "continue")
                    continue;
                if (decision === "let-finish-unseen") {
                    // Without knowing what Prisma is doing, stopping it could cut a migration in half.
                    warnOnce(stopping === "cancelled"
                        ? "The run was cancelled, but the action cannot see what Prisma is doing; it is left to finish within the grace period."
                        : "The timeout passed, but the action cannot see what Prisma is doing; it is left to finish rather than risk interrupting a migration.");
                }
                else if (decision === "let-finish") {
                    // Killing Prisma mid-migration would leave a failed migration behind; let it finish.
                    warnOnce(stopping === "cancelled"
                        ? "The run was cancelled while Prisma is applying migrations; it is left to finish within the grace period, then ended."
                        : "The timeout passed while Prisma is applying migrations; it is left to finish rather than interrupted mid-migration.");
                }
                else {
                    controller.abort();
                }
            }
        })();
        const output = [];
        let run;
        try {
            run = await this.reporter.step(`prisma migrate deploy (attempt ${this.attempts} of ${this.settings.maxAttempts})`, () => runPrisma(this.install, this.migrateArgs("deploy"), {
                cwd: this.settings.workingDirectory,
                env,
                signal: controller.signal,
                onLine: (line) => {
                    const clean = redact(line);
                    output.push(clean);
                    this.reporter.info(clean);
                },
            }));
        }
        finally {
            watching = false;
            wake?.();
            await watch;
            cancellation.endSignal.removeEventListener("abort", endNow);
            cancellation.stopSignal.removeEventListener("abort", wakeOnCancel);
        }
        if (run.aborted)
            await this.endSessionsOf(applicationName);
        this.report.prismaOutputTail = output.slice(-40).join("\n");
        for (const observation of watcher.observations) {
            if (this.report.blocked.some((seen) => seen.blocker.pid === observation.blocker.pid))
                continue;
            this.report.blocked.push(observation);
            this.event(`Prisma waited for ${observation.waitingFor}${observation.migration ? ` while applying ${observation.migration}` : ""}, blocked by ${describeHolder(observation.blocker)}`);
        }
        return { ...run, lastWaitedForLockAt: watcher.lastWaitedForLockAt };
    }
    /** After Prisma was killed, its database sessions go too (see terminateBackendsNamed). */
    async endSessionsOf(applicationName) {
        try {
            const pids = await this.onDatabase("ending the stopped Prisma's sessions", (client) => terminateBackendsNamed(client, applicationName));
            if (pids.length > 0)
                this.event(`Terminated the database session(s) of the stopped Prisma CLI (pid ${pids.join(", ")}), so none of them keeps the lock or a half-run statement.`);
        }
        catch (error) {
            this.warn(`Could not end the stopped Prisma CLI's database sessions (${redact(describeError(error))}); a statement it started may run on until it ends, holding Prisma's lock.`);
        }
    }
    /**
     * While Prisma applies a migration: a wait for a table lock longer than ddl-lock-wait stalls
     * every later query on that table. Cancel it when that provably leaves nothing behind;
     * otherwise keep waiting and say whom for.
     */
    async guardLockWaits(waits) {
        for (const wait of waits) {
            if (this.cancelledWait)
                return;
            const decision = decideLockWait(wait, this.settings.ddlLockWaitMs, wait.migration ? this.localFile(wait.migration)?.sql : undefined);
            if (decision.action === "none")
                continue;
            const blocker = wait.blockers[0];
            const waited = `${wait.migration ?? "A migration"} has waited ${formatDuration(wait.waitedMs)} for a table lock (ddl-lock-wait ${formatDuration(this.settings.ddlLockWaitMs)}), blocked by ${describeHolder(blocker)}`;
            if (decision.action === "keep-waiting") {
                this.reportUncancellableWait(wait, `${waited} It is not cancelled: ${decision.why}. Waiting for the lock; the application's queries on that table wait too.`);
                continue;
            }
            let schemaBefore;
            try {
                schemaBefore = await this.guard.readSchema();
            }
            catch (error) {
                this.reportUncancellableWait(wait, `${waited} It is not cancelled: the schema could not be read to confirm afterwards that nothing was left (${redact(error.message)}). Waiting for the lock.`);
                continue;
            }
            if (!(await this.guard.cancel(wait)))
                continue;
            this.cancelledWait = { at: new Date(), migration: wait.migration, attempt: this.attempts, waitedMs: wait.waitedMs, blocker, schemaBefore };
            this.warn(`${waited} Cancelled its statement (pg_cancel_backend): ${wait.migration} runs as one transaction, so nothing of it stays.`);
        }
    }
    reportUncancellableWait(wait, text) {
        const key = `${wait.pid} ${wait.statementStart}`;
        if (this.reportedWaits.has(key)) {
            this.reporter.progress(`Still waiting: ${formatDuration(wait.waitedMs)} for the lock held by pid ${wait.blockers[0].pid}`);
            return;
        }
        this.reportedWaits.add(key);
        this.warn(text);
    }
    get guard() {
        if (!this.lockWaitGuard)
            throw new Error("not connected");
        return this.lockWaitGuard;
    }
    /**
     * After a cancelled lock wait: confirm the schema is as it was, mark the migration rolled
     * back (as `prisma migrate resolve --rolled-back` does) and retry after a backoff, within
     * max-attempts and timeout.
     */
    async recoverFromCancelledWait(cancelled) {
        const { schemaBefore, ...record } = cancelled;
        this.report.cancelledLockWaits.push(record);
        const name = cancelled.migration;
        const leftovers = await this.guard.leftovers(schemaBefore);
        if (leftovers.length > 0) {
            this.describeFailedMigration(name, await this.failedRow(name));
            throw cancelledWaitLeftOversError(name, formatDuration(cancelled.waitedMs), leftovers, this.report.failedMigration?.file);
        }
        const { env } = this.prismaEnvironment();
        const resolved = await runPrisma(this.install, this.migrateArgs("resolve", "--rolled-back", name), { cwd: this.settings.workingDirectory, env, signal: this.deadline.cancellation.endSignal });
        if (resolved.exitCode !== 0) {
            throw rollbackMarkFailedError(name, formatDuration(cancelled.waitedMs), lastLines(redact(`${resolved.stdout}\n${resolved.stderr}`), 6));
        }
        this.event(`Attempt ${this.attempts}: cancelled ${name} after ${formatDuration(cancelled.waitedMs)} waiting for a table lock held by pid ${cancelled.blocker.pid} ('${cancelled.blocker.applicationName ?? ""}'); the schema is unchanged and the migration is marked rolled back.`);
        const delay = backoffDelay(this.attempts, RETRY);
        if (this.attempts >= this.settings.maxAttempts || this.deadline.remainingMs() <= delay)
            throw this.lockContentionError(cancelled);
        this.reporter.info(`Retrying in ${formatDuration(delay)} (attempt ${this.attempts + 1} of ${this.settings.maxAttempts}).`);
        await this.deadline.sleep(delay, `the next attempt of prisma migrate deploy after a cancelled lock wait (${formatDuration(delay)} backoff)`);
    }
    async verifyEndState() {
        const { state } = await this.readState();
        // A newer run may have migrated while this one waited for the lock.
        this.refuseStaleBuild(state);
        const pending = state.pending.filter((name) => !this.held.includes(name));
        if (pending.length > 0 || state.unfinished.length > 0) {
            throw new GateError("migration-failed", `Prisma reported success, but the database still shows ${pending.length} pending and ${state.unfinished.length} unfinished migration(s): ${[...pending, ...state.unfinished.map((row) => row.migration_name)].join(", ")}.`, [`Run ${inlineCode(PRISMA_STATUS_COMMAND)} against the database to see its state, and check that ${this.ports.optionName("database-url")} and the schema's url/directUrl point at the same database.`]);
        }
    }
    localFile(name) {
        return this.local.find((migration) => migration.name === name);
    }
    async failedRow(name) {
        const rows = await this.onDatabase("reading _prisma_migrations", (client) => readHistoryRows(client, this.schema)).catch(() => null);
        return rows?.filter((row) => row.migration_name === name && row.finished_at === null && row.rolled_back_at === null).pop();
    }
    describeFailedMigration(name, row, reported) {
        const local = this.localFile(name);
        // On a rerun the native engine's P3018 text is still in the failed row's logs.
        const failure = reported ?? (row?.logs ? readApplyMigrationError(row.logs) : undefined);
        const located = local && failure?.position !== undefined
            ? statementAtPosition(local.sql, failure.position)
            : local && failure?.databaseError
                ? statementNamedByError(local.sql, failure.databaseError)
                : undefined;
        const logs = logExcerpt(row?.logs);
        const failed = {
            name,
            file: local ? path.relative(this.ports.workspace, local.file).split(path.sep).join("/") : undefined,
            line: located?.line,
            statement: located?.statement,
            sqlState: failure?.sqlState,
            databaseError: failure?.databaseError ?? (logs ? firstMeaningfulLine(logs) : undefined),
            startedAt: row?.started_at,
            logs,
        };
        this.report.failedMigration = failed;
        if (failed.file) {
            this.reporter.error(`${failed.databaseError ?? "The migration failed"}${failed.sqlState ? ` (SQLSTATE ${failed.sqlState})` : ""}`, {
                title: `Migration ${name} failed`,
                file: failed.file,
                line: failed.line ?? 1,
            });
        }
        return failed;
    }
    previousFailureError(row) {
        const failed = this.describeFailedMigration(row.migration_name, row);
        return new GateError("previous-migration-failed", `Migration ${row.migration_name} failed in an earlier run (started ${row.started_at.toISOString()}) and is still marked as failed. Prisma will apply nothing until it is resolved, so the action stopped without retrying.${failed.databaseError ? ` Its error: ${failed.databaseError}` : ""}`, [
            `Find out what ${row.migration_name} left in the database: compare it with ${failed.file ?? "its migration.sql"}.`,
            ...resolveCommands(row.migration_name),
            "Run either command from the working-directory with DATABASE_URL set to the production database.",
        ]);
    }
    async fatalError(failure, code) {
        if (failure.reason === "previous-migration-failed" && failure.migration) {
            const row = await this.failedRow(failure.migration);
            if (row)
                return this.previousFailureError(row);
        }
        if (failure.reason === "baseline-required")
            return this.baselineError();
        if (failure.reason === "migration-failed" && failure.migration) {
            const row = await this.failedRow(failure.migration);
            const failed = this.describeFailedMigration(failure.migration, row, failure);
            const where = failed.file ? ` in ${failed.file}${failed.line ? `:${failed.line}` : ""}` : "";
            // P3018 comes from the native engine, which sends the file as one query; a failure
            // without a code comes from a driver adapter, which sends it statement by statement.
            const effects = failedMigrationEffects(code === "P3018" ? "one-simple-query" : "statement-by-statement", this.localFile(failure.migration)?.sql ?? "", failed.line);
            return new GateError("migration-failed", `Migration ${failure.migration} failed${where}${failed.sqlState ? ` with SQLSTATE ${failed.sqlState}` : ""}: ${failed.databaseError ?? failure.headline}${failed.statement ? `\nFailing statement: ${failed.statement.slice(0, 300)}` : ""}.\n${effects.explanation} Nothing was deployed.`, [
                `Fix the SQL in ${failed.file ?? `${projectFiles(this.project).migrationsDir}/${failure.migration}/migration.sql`}.`,
                ...resolveCommands(failure.migration),
                "Then re-run this workflow; applied migrations are skipped.",
            ]);
        }
        if (failure.missingEnvironment) {
            return new GateError(failure.reason, failure.headline, [
                `Set ${failure.missingEnvironment.join(", ")} for this step, e.g. \`env: { ${failure.missingEnvironment.map((name) => `${name}: \${{ secrets.${name} }}`).join(", ")} }\`. The action itself sets DATABASE_URL and the variables of the schema's url and directUrl from database-url.`,
            ]);
        }
        return new GateError(failure.reason, `${failure.headline}${this.report.prismaOutputTail ? ` Prisma said:
${lastLines(this.report.prismaOutputTail, 8)}` : ""}`, nextStepsFor(failure.reason, this.ports.optionName));
    }
    baselineError() {
        return baselineError(this.install.major, projectFiles(this.project));
    }
    lockBusyError(holder) {
        return lockBusyError(holder, this.deadline.describe(), this.ports.optionName);
    }
    lockContentionError(last) {
        const limits = `within ${this.ports.optionName("max-attempts")} ${this.settings.maxAttempts} and ${this.deadline.describe()}`;
        return lockContentionError(last, this.report.cancelledLockWaits.length, formatDuration(this.settings.ddlLockWaitMs), limits, this.ports.optionName);
    }
    timeoutError() {
        return timeoutError(this.deadline.describe(), this.ports.optionName);
    }
    outOfAttempts(verdict) {
        return outOfAttemptsError(this.settings.maxAttempts, verdict, this.ports.optionName);
    }
}
function describeError(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Frames of the schema engine's Rust backtrace ("0: sql_schema_connector::…", "at schema-engine/…", "with migration_name=…"). */
const BACKTRACE_LINE = /^(?:\d+:\s|at\s|with\s\w+=)/;
function firstMeaningfulLine(text) {
    return text
        .split("\n")
        .map((line) => line.trim())
        .find((line) => line.length > 0 && !/^external connector error$/i.test(line) && !BACKTRACE_LINE.test(line));
}
function lastLines(text, count) {
    return text.split("\n").filter((line) => line.trim()).slice(-count).join("\n");
}
async function runMigrate(settings, ports, report) {
    return await new MigrationGate(settings, ports, report).run();
}

export { MigrationGate, looksPooled, runMigrate };
