import { constants, openSync, closeSync, rmSync, writeSync, fstatSync, readSync, mkdirSync, readFileSync, readdirSync, statSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { r as runCancellation } from './cancellation-VqQUiZI-.js';
import { b as backoffDelay, D as Deadline, a as abortAfter } from './deadline-juN0U-gm.js';
import { A as AS_INPUT, D as DEFAULT_BACKOFF, c as classifyDeploymentStatus, r as redact, a as cleanLogLine, s as sendAttemptLimitMs, d as deploymentIdFromUrl, b as retryDecisionForStatus, e as describeErrorAnswer, n as nextStepsForStatus, f as retryAfterMs, P as PREPARE_TIMEOUT_MS, C as CREATE_TIMEOUT_MS } from './protocol-BV5HTtq7.js';
import { G as GateError, d as describeThrown } from './errors-DBjELbro.js';
import { g as getDefaultExportFromCjs } from './_commonjsHelpers-BFTU3MAI.js';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, constants as constants$1, crc32 } from 'node:zlib';
import { a as readUtf8Names } from './project-CY9Kt091.js';
import { f as formatDuration } from './duration-nHHrcb7T.js';
import { q as queryGraphql, G as GraphqlFailure, s as sendFile, h as headerValue, N as NetworkFailure, e as exchange, v as verifyShipping, r as runMigrate } from './migrate-yK25qDMX.js';
import 'node:timers/promises';
import './redact-CL-xqSaj.js';
import './recovery-C6jKIwzG.js';
import './shell-RHphubvT.js';
import './tls-d6v8jijx.js';
import 'node:tls';
import './lock-holder-BcXU-8Bl.js';
import './advisory-lock-YRBNsIpJ.js';
import './connection-Ch6lea8K.js';
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
import './find-project-BJqPBpSF.js';
import 'node:module';
import 'node:child_process';
import './archive-section-BEFADNVV.js';
import 'node:fs/promises';
import 'node:stream';
import 'node:stream/promises';
import 'assert';
import 'buffer';
import './migration-phases-RNZdOZo8.js';
import './lexer-vuO9IFuk.js';
import './postgres-version-C25lLO17.js';
import 'node:os';
import './deploy-output-ioNC6Z1F.js';
import './contract-plan-KvixPXRH.js';
import './migration-route-OK8sBa6e.js';
import './settings-D0azROVc.js';
import './options-DIaJ1Lml.js';
import './run-report-DqIVDTpQ.js';
import './checks-BvZVy9fh.js';
import 'node:http';
import 'node:https';
import 'node:assert';
import 'node:net';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import 'node:buffer';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:async_hooks';
import 'node:console';
import 'node:timers';
import 'node:dns';
import './touched-objects-9ES968m9.js';

var ignore$1 = {exports: {}};

var hasRequiredIgnore;

function requireIgnore () {
	if (hasRequiredIgnore) return ignore$1.exports;
	hasRequiredIgnore = 1;
	(function (module) {
		// A simple implementation of make-array
		function makeArray (subject) {
		  return Array.isArray(subject)
		    ? subject
		    : [subject]
		}

		const UNDEFINED = undefined;
		const EMPTY = '';
		const SPACE = ' ';
		const ESCAPE = '\\';

		// The characters that carry a meaning of their own inside a regular
		//   expression, so a literal one has to be escaped before it is emitted.
		const REGEX_LITERAL_SPECIAL = /[.*+?()[\]{}^$|\\/]/;
		const BOM = '\uFEFF';
		// A run of two or more asterisks is a globstar (#175)
		const REGEX_ANCHORED_GLOBSTAR = /^\/\*{2,}$/;
		const REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION = /^\\!/;
		const REGEX_REPLACE_LEADING_EXCAPED_HASH = /^\\#/;
		const REGEX_SPLITALL_CRLF = /\r?\n/g;

		// Invalid:
		// - /foo,
		// - ./foo,
		// - ../foo,
		// - .
		// - ..
		// Valid:
		// - .foo
		const DOUBLE_SLASH = '//';
		const SLASH_CODE = 47;
		const DOT_CODE = 46;


		const SLASH = '/';

		// Do not use ternary expression here, since "istanbul ignore next" is buggy
		let TMP_KEY_IGNORE = 'node-ignore';
		/* istanbul ignore else */
		if (typeof Symbol !== 'undefined') {
		  TMP_KEY_IGNORE = Symbol.for('node-ignore');
		}
		const KEY_IGNORE = TMP_KEY_IGNORE;

		const define = (object, key, value) => {
		  Object.defineProperty(object, key, {value});
		  return value
		};

		const RETURN_FALSE = () => false;

		// > The range notation, e.g. [a-zA-Z],
		// > can be used to match one of the characters in a range.
		//
		// gitignore(5) defers to fnmatch(3) for this, and git implements it in
		//   `wildmatch.c`.  A bracket expression has a sub-grammar of its own, which
		//   is neither the surrounding pattern grammar nor the JavaScript one:
		//
		//   - a `]` right after `[` or `[!` is a literal member, not the terminator
		//   - `[:alpha:]` names one of twelve POSIX classes
		//   - `\` escapes the next member, `]` included
		//   - `*`, `?` and `.` are plain literal members
		//   - an unterminated expression makes the whole pattern match nothing
		//
		// which means the expression can not be located -- let alone translated -- by
		//   a regular expression.  It is scanned out of the pattern before the
		//   replacers below run, and put back once they are done, so that neither the
		//   metacharacter escaper nor the `?` / `*` replacers ever see its body.

		// git classifies with its own ASCII-only ctype macros (`wildmatch.c`), never
		//   with the C library ones, so these must not be mapped onto `\d` / `\w` /
		//   `\s`, which are wider.  `/` is left out of every expansion, because a
		//   bracket expression never matches a path separator.
		const POSIX_CLASSES = {
		  alnum: '0-9A-Za-z',
		  alpha: 'A-Za-z',
		  blank: ' \\t',
		  cntrl: '\\x00-\\x1f\\x7f',
		  digit: '0-9',
		  graph: '!-.0-~',
		  lower: 'a-z',
		  print: ' -.0-~',
		  punct: '!-.:-@\\[-`{-~',
		  // git's `sane-ctype.h` classifies \v and \f as control, not space,
		  //   unlike C's `isspace`
		  space: ' \\t\\n\\r',
		  upper: 'A-Z',
		  xdigit: '0-9A-Fa-f'
		};

		const CLASS_MEMBERS_TO_ESCAPE = '\\]^-[';

		const escapeMember = char => CLASS_MEMBERS_TO_ESCAPE.indexOf(char) < 0
		  ? char
		  : ESCAPE + char;

		// > if (matched == negated || ((flags & WM_PATHNAME) && text_ch == '/'))
		// >   return WM_ABORT_TO_STARSTAR;                     (git, `wildmatch.c`)
		// A bracket expression never matches a path separator, whatever its members
		//   say, so a negated class gets `/` as one more excluded character, while a
		//   plain one -- where a literal member or a range could still let `/` in --
		//   is guarded with a lookahead, `/` being impossible to subtract from a
		//   JavaScript character class.
		const NON_SLASH = '(?!\\/)';

		const classSource = (negated, body) => {
		  if (negated) {
		    return `[^\\/${body}]`
		  }

		  const source = `[${body}]`;

		  return new RegExp(source).test('/')
		    ? NON_SLASH + source
		    : source
		};

		// Scan the bracket expression that starts at `pattern[start] === '['`,
		//   mirroring the member loop of git's `wildmatch.c`.
		// @returns {{end: number, source: string} | null} `null` if the expression is
		//   never terminated, which makes the whole pattern match nothing.
		const scanBracket = (pattern, start) => {
		  const {length} = pattern;
		  let index = start + 1;
		  let negated = EMPTY;

		  const lead = pattern[index];
		  if (lead === '!' || lead === '^') {
		    negated = '^';
		    index ++;
		  }

		  let body = EMPTY;

		  // The member a `-` could start a range from, or EMPTY when the previous
		  //   member can not open one (start of the body, or a range / POSIX class
		  //   that has just closed)
		  let prev = EMPTY;

		  // git scans the members with a do-while, so the first one is consumed
		  //   unconditionally.  That is the whole reason a leading `]` is a member
		  //   and not the terminator.
		  for (;;) {
		    const char = pattern[index];

		    if (char === UNDEFINED) {
		      return null
		    }

		    if (char === ESCAPE) {
		      // A pattern can not end on a lone backslash -- `createRule` has
		      //   already thrown it away -- so there is a character to read.
		      const escaped = pattern[++ index];
		      body += escapeMember(escaped);
		      prev = escaped;
		    } else if (
		      char === '-'
		      && prev
		      && index + 1 < length
		      && pattern[index + 1] !== ']'
		    ) {
		      index ++;
		      let to = pattern[index];
		      if (to === ESCAPE) {
		        to = pattern[index += 1];
		      }
		      // An out-of-order range matches nothing in git but is a syntax error in
		      //   JavaScript, so it is dropped.  Its lower bound stays: git tests it
		      //   as a plain member before it ever looks at the `-`, so `[c-a]` does
		      //   match `c`.
		      if (prev <= to) {
		        body += `-${escapeMember(to)}`;
		      }
		      prev = EMPTY;
		    } else if (char === '[' && pattern[index + 1] === ':') {
		      const nameStart = index + 2;
		      let end = nameStart;
		      while (end < length && pattern[end] !== ']') {
		        end ++;
		      }

		      if (end === length) {
		        return null
		      }

		      if (end > nameStart && pattern[end - 1] === ':') {
		        const name = pattern.slice(nameStart, end - 1);

		        // An unknown class name makes the whole pattern match nothing
		        if (!Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
		          return null
		        }

		        body += POSIX_CLASSES[name];
		        prev = EMPTY;
		        index = end;
		      } else {
		        // No `:]` to close it, so the `[` is a plain member and scanning
		        //   resumes right after it.
		        body += escapeMember('[');
		        prev = '[';
		        index = nameStart - 2;
		      }
		    } else {
		      body += escapeMember(char);
		      prev = char;
		    }

		    index ++;

		    if (pattern[index] === ']') {
		      return {
		        end: index,
		        source: classSource(negated, body)
		      }
		    }
		  }
		};

		// An empty JavaScript class can never match, which is how a pattern that git
		//   gives up on (`WM_ABORT_ALL`) is expressed here.
		const NEVER_MATCH = '[]';

		// A NUL can appear in neither a `.gitignore` line nor a path, which makes it
		//   the one safe placeholder character.  A literal one in the pattern is
		//   held aside all the same, so a collision is impossible by construction.
		const PLACEHOLDER = '\u0000';
		const REGEX_RESTORE_PLACEHOLDER = new RegExp(
		  `${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'
		);

		// The one wildcard the chain does not expand for itself is a trailing `*`. How
		//   it expands depends on the mode (`regex` vs `checkRegex`), so `_make` is
		//   left to do it, and until then the pending wildcard travels as this marker.
		//   That is what keeps it apart from a user-escaped literal `\*`: the unescape
		//   steps collapse the escaped one to the exact `\*` a wildcard would leave
		//   behind, so by the time `_make` runs the two are otherwise the same string
		//   and a literal star gets wrongly rewritten into a wildcard. The marker is a
		//   private-use character, and `extractBrackets` keeps one that came out of the
		//   pattern apart from it, so the only marker `_make` ever turns back into a
		//   real wildcard is the one this chain put there itself.
		const TRAILING_WILDCARD = '\uE000';

		// A trailing "/**" is deferred the same way, because `checkRegex` has to tell
		//   it apart from a trailing "/*" (see `checkSourceOf`). For `.ignores()` it
		//   still never matches the folder itself (#21).
		const TRAILING_DOUBLESTAR = '\uE001';

		// The three characters above mean something to the chain that builds the
		//   source rather than to the path, so one that came out of the pattern is
		//   held aside like a bracket expression instead of going straight out. Being
		//   held is what makes it safe: the restore runs after the step that anchors
		//   the source, so the character comes back in the middle of the source and
		//   not at its end, which is the one place `_make` and `checkSourceOf` look
		//   for a marker. Without it a pattern's own character lands where a pending
		//   marker sits, and `_make` turns it into a real trailing wildcard.
		//
		// It is held as a one-member class rather than bare, in both of the branches
		//   a reserved character can reach, so that the property can be
		//   read off this function alone -- a reserved character never goes out on
		//   its own -- rather than depending on where in the chain the restore
		//   happens to run. In the expression built here `[x]` matches exactly what
		//   `x` matches, none of the three being special to a regular expression or
		//   inside a class, so no test can tell the two apart: the class is insurance,
		//   and the paragraph above is the reason it is not needed.
		const isReserved = char =>
		  char === PLACEHOLDER
		  || char === TRAILING_WILDCARD
		  || char === TRAILING_DOUBLESTAR;

		// Replace every bracket expression with a placeholder the replacers below
		//   leave alone, and translate it separately.
		const extractBrackets = pattern => {
		  const sources = [];
		  const hold = source =>
		    `${PLACEHOLDER}${sources.push(source) - 1}${PLACEHOLDER}`;

		  const {length} = pattern;
		  let out = EMPTY;
		  let index = 0;

		  while (index < length) {
		    const char = pattern[index];

		    if (char === ESCAPE) {
		      // > Put a backslash ("\") in front of ... a character to make it literal.
		      //                                            (gitignore(5) -> fnmatch(3))
		      // A backslash quotes the next character, whatever it is, so `\d` is a
		      //   literal `d`, not the regex digit class, and `\?` is a literal `?`,
		      //   not a wildcard. Held aside as its literal here, the escape never
		      //   reaches the replacers below, which would otherwise let `\d`, `\b`,
		      //   `\1`, `\/` keep their regular-expression meaning, and would turn a
		      //   `\?` into `[^\/]`.
		      //
		      // Three escapes are still left for the chain: `\*` (a literal star,
		      //   told apart from a wildcard by `TRAILING_WILDCARD` and the wildcard
		      //   replacers), `\[` (a literal bracket, the one `[` the bracket
		      //   replacer still expects), and `\ ` (a quoted space, which one pass
		      //   below rewrites in bulk -- holding each one aside instead costs more
		      //   on a pattern built out of them).
		      //
		      // A quoted backslash is not among them. The chain doubles every
		      //   backslash, then takes the doubling back out again, and a quoted one
		      //   standing next to a character the chain also escapes left the two
		      //   counts sharing a run, so one of the escapes was lost. Held here as
		      //   the literal it means, it never joins that run.
		      const escaped = pattern[index + 1];

		      if (escaped === SLASH && index + 2 === length) {
		        // Git removes a final directory slash before matching. An escape
		        //   without a character after that removal makes the pattern invalid.
		        out += hold(NEVER_MATCH);
		      } else if (
		        escaped === '*'
		        || escaped === '['
		        || escaped === SPACE
		      ) {
		        out += pattern.slice(index, index + 2);
		      } else {
		        out += hold(
		          REGEX_LITERAL_SPECIAL.test(escaped)
		            ? ESCAPE + escaped
		            : isReserved(escaped)
		              ? `[${escaped}]`
		              : escaped
		        );
		      }

		      index += 2;
		    } else if (isReserved(char)) {
		      out += hold(`[${char}]`);
		      index ++;
		    } else if (char === '[') {
		      const scanned = scanBracket(pattern, index);

		      if (scanned === null) {
		        // git gives up on the whole pattern (`WM_ABORT_ALL`), so whatever
		        //   follows can not make it match either.
		        out += hold(NEVER_MATCH);
		        index = length;
		      } else {
		        out += hold(scanned.source);
		        index = scanned.end + 1;
		      }
		    } else {
		      out += char;
		      index ++;
		    }
		  }

		  return {
		    source: out,
		    sources
		  }
		};

		// A step of the chain below is normally a `[matcher, replacer]` pair handed
		//   to `String.replace`. `DIRECT` marks the ones that are plain string work
		//   instead, and take `(source, pattern)`.
		//
		// Anchoring the two ends is exactly that -- a test of one character and a
		//   concatenation -- and putting it through the regular expression engine
		//   cost a third of this chain for nothing: 167ns where 10ns does the same
		//   job. The two are still steps in the same list, in the same places,
		//   because their position in the order is part of what they mean.
		const DIRECT = null;

		// A separator at the beginning or in the middle of a pattern, as opposed to
		//   one at the very end.
		const REGEX_INNER_SLASH = /\/(?!$)/;
		const WILDCARD = '[^\\/]*';

		// > If the pattern ends with a slash,
		// > it is removed for the purpose of the following description,
		// > but it would only find a match with a directory.
		// > In other words, foo/ will match a directory foo and paths underneath it,
		// > but will not match a regular file or a symbolic link foo
		// >  (this is consistent with the way how pathspec works in general in Git).
		// '`foo/`' will not match regular file '`foo`' or symbolic link '`foo`'
		// -> ignore-rules will not deal with it, because it costs extra `fs.stat` call
		//      you could use option `mark: true` with `glob`

		// '`foo/`' should not continue with the '`..`'
		// The chain that turns one gitignore pattern into a regular expression
		//   source, in order. A step is either
		//
		//   [matcher, replacer]            handed to `String.replace`
		//   [matcher, replacer, required]  the same, but skipped outright unless
		//                                    `required` appears in the string, which
		//                                    the matcher cannot match without
		//   [DIRECT, transform]            plain string work, taking (source, pattern)
		//
		// The `required` character is only ever a shortcut: finding it does not mean
		//   the matcher will match, and not finding it means it cannot. It is there
		//   because scanning for one character costs a fraction of running a matcher
		//   that then finds nothing -- for the wildcard step, whose `[^\\]+`
		//   backtracks its way through the whole string before giving up, 11ns
		//   against 400ns.
		const REPLACERS = [

		  // Replace (\ ) with ' '
		  // Only a space: an escaped tab or other whitespace is already a literal by
		  //   the time it reaches here, and a bare tab must be left as one, not turned
		  //   into a space.
		  // (\ ) -> ' '
		  // (\\ ) -> '\\ '
		  // (\\\ ) -> '\\ '
		  [
		    // A run of backslashes is taken whole, from its first one, so no match
		    //   ever starts again inside it -- `(\\+?) ` did, which made a long run
		    //   quadratic.
		    /(\\+)( ?)/g,
		    (_, run, space) => space
		      ? run.slice(0, run.length - run.length % 2) + SPACE
		      : run,
		    ESCAPE + SPACE
		  ],

		  // git's wildmatch() reads a run of two or more asterisks as one globstar
		  //   whenever the run fills a path segment: it starts the pattern or follows
		  //   a `/`, and it ends the pattern or comes before a `/`. A run of two is
		  //   already `**`; a longer one is folded into `**` here, so the steps
		  //   below only ever have to know `**`.
		  // `***/foo` -> `**/foo`, `a/***/b` -> `a/**/b`, `a/***` -> `a/**`
		  // git also takes a run beside a literal prefix (`a***/b`) or beside an
		  //   escaped slash (`***\/b`) as a globstar, and this does not; the README
		  //   lists both, under "A run of asterisks".
		  [
		    /(^|\/)\*{3,}(?=\/|$)/g,
		    (_, start) => `${start}**`,
		    '*'
		  ],

		  // Escape metacharacters
		  // which is written down by users but means special for regular expressions.

		  // > There are 12 characters with special meanings:
		  // > - the backslash \,
		  // > - the caret ^,
		  // > - the dollar sign $,
		  // > - the period or dot .,
		  // > - the vertical bar or pipe symbol |,
		  // > - the question mark ?,
		  // > - the asterisk or star *,
		  // > - the plus sign +,
		  // > - the opening parenthesis (,
		  // > - the closing parenthesis ),
		  // > - and the opening square bracket [,
		  // > - the opening curly brace {,
		  // > These special characters are often called "metacharacters".
		  [
		    /[\\$.|*+(){^]/g,
		    match => `\\${match}`
		  ],

		  [
		    // > a question mark (?) matches a single character
		    /(?!\\)\?/g,
		    () => '[^/]',
		    '?'
		  ],

		  // leading slash
		  [

		    // > A leading slash matches the beginning of the pathname.
		    // > For example, "/*.c" matches "cat-file.c" but not "mozilla-sha1/sha1.c".
		    // A leading slash matches the beginning of the pathname
		    /^\//,
		    () => '^',
		    SLASH
		  ],

		  // replace special metacharacter slash after the leading slash
		  [
		    /\//g,
		    () => '\\/',
		    SLASH
		  ],

		  [
		    // > A leading "**" followed by a slash means match in all directories.
		    // > For example, "**/foo" matches file or directory "foo" anywhere,
		    // > the same as pattern "foo".
		    // > "**/foo/bar" matches file or directory "bar" anywhere that is directly
		    // >   under directory "foo".
		    // Notice that the '*'s have been replaced as '\\*'
		    /^\^*(?:\\\*\\\*\\\/)+/,

		    // '**/foo' <-> 'foo'
		    () => '(?:^|\\/)',
		    '*'
		  ],

		  // starting
		  [
		    // there will be no leading '/'
		    //   (which has been replaced by section "leading slash")
		    // If starts with '**', adding a '^' to the regular expression also works
		    DIRECT,
		    (source, pattern) => {
		      // Nothing to anchor to, or already anchored (`^` or `(?:^|\/)`)
		      if (!source || source[0] === '^' || source[0] === '(') {
		        return source
		      }

		      // If has a slash `/` at the beginning or middle
		      const anchor = !REGEX_INNER_SLASH.test(pattern)
		        // > Prior to 2.22.1
		        // > If the pattern does not contain a slash /,
		        // >   Git treats it as a shell glob pattern
		        // Actually, if there is only a trailing slash,
		        //   git also treats it as a shell glob pattern

		        // After 2.22.1 (compatible but clearer)
		        // > If there is a separator at the beginning or middle (or both)
		        // > of the pattern, then the pattern is relative to the directory
		        // > level of the particular .gitignore file itself.
		        // > Otherwise the pattern may also match at any level below
		        // > the .gitignore level.
		        ? '(?:^|\\/)'

		        // > Otherwise, Git treats the pattern as a shell glob suitable for
		        // >   consumption by fnmatch(3)
		        : '^';

		      return anchor + source
		    }
		  ],

		  // two globstars
		  [
		    // Use lookahead assertions so that we could match more than one `'/**'`
		    /\\\/\\\*\\\*(?=\\\/|$)/g,

		    // Zero, one or several directories
		    // should not use '*', or it will be replaced by the next replacer

		    // Check if it is not the last `'/**'`
		    (_, index, str) => index + 6 < str.length

		      // case: /**/ at the end of the pattern, i.e. a trailing `'/**/'`
		      // > A trailing `"/**/"` (a trailing `"/**"` restricted to directories)
		      // >   matches everything inside, but it should not match the current
		      // >   folder itself, so it requires at least one directory segment.
		      // 'a/**/' matches 'a/b/', 'a/x/y/' but not 'a/'
		      ? str.slice(index + 6) === '\\/'
		        ? '(?:\\/[^\\/]+)+'

		        // case: /**/
		        // > A slash followed by two consecutive asterisks then a slash matches
		        // >   zero or more directories.
		        // > For example, "a/**/b" matches "a/b", "a/x/b", "a/x/y/b" and so on.
		        // '/**/'
		        : '(?:\\/[^\\/]+)*'

		      // case: /**
		      // > A trailing `"/**"` matches everything inside.

		      // #21: everything inside but it should not include the current folder,
		      //   resolved by `_make`
		      : `\\/${TRAILING_DOUBLESTAR}`,
		    '*'
		  ],

		  // normal intermediate wildcards
		  [
		    // Never replace escaped '*'
		    // ignore rule '\*' will match the path '*'

		    // 'abc.*/' -> go
		    // 'abc.*'  -> skip this rule,
		    //    coz trailing single wildcard will be handed by [trailing wildcard]
		    /(^|[^\\])(?:\\\*)+(?!$)/g,

		    // '*.js' matches '.js'
		    // '*.js' doesn't match 'abc'
		    // 1. An asterisk "*" matches anything except a slash.
		    // 2. Other consecutive asterisks are considered regular asterisks
		    //    and collapse into one non-slash wildcard run.
		    (_, p1) => p1 + WILDCARD,
		    '*'
		  ],

		  // trailing wildcard, held apart from a literal star
		  [
		    // The step above leaves a trailing `*` alone, so a single `\*` is all that
		    //   can be left at the end here, and what stands in front of it says which
		    //   kind it is. A wildcard arrives as the escaper wrote it, `\*` with
		    //   nothing before it; a literal arrives as the user's own escape, which
		    //   the escaper doubled, and then the star's own -- `\\` and then `\*`.
		    //   There is no third case: every backslash still reaching the chain is
		    //   one `\*`, `\[` or `\ ` carries itself, and each is followed by its
		    //   own character, so a longer run can never form. This runs while the
		    //   two are still distinct, before the unescape steps below collapse the
		    //   literal onto the very `\*` a wildcard leaves behind.
		    /(^|[^\\])((?:\\\\)*)\\\*$/,

		    (match, p1, p2) =>
		      p2 === EMPTY
		        // A real wildcard: carry it to `_make` as the marker, so the unescape
		        //   steps and the trailing-wildcard rewrite can never mistake it for a
		        //   literal `\*` (nor the reverse).
		        ? p1 + TRAILING_WILDCARD
		        // A literal star: leave it exactly as it stands for the unescape steps.
		        : match,
		    '*'
		  ],

		  [
		    // unescape, revert step 3 except for back slash
		    // For example, if a user escape a '\\*',
		    // after step 3, the result will be '\\\\\\*'
		    /\\\\\\(?=[$.|*+(){^])/g,
		    () => ESCAPE,
		    ESCAPE + ESCAPE
		  ],

		  [
		    // '\\\\' -> '\\'
		    /\\\\/g,
		    () => ESCAPE,
		    ESCAPE + ESCAPE
		  ],

		  [
		    // Every real bracket expression -- POSIX classes included -- has already
		    //   been held aside by `extractBrackets`, so the only `[` left in the
		    //   pattern is an escaped, literal one.

		    // A backslash could only stand at the end of the range if it quoted the
		    //   `]`, and `\]` is held aside long before this.
		    /\\\[([^\]/]*?)($|\])/g,

		    // '\\[bar]' -> '\\\\[bar]'
		    (match, range, close) => `\\[${range}${close}`,
		    '['
		  ],

		  // ending
		  [
		    // 'js' will not match 'js.'
		    // 'ab' will not match 'abc'
		    DIRECT,

		    // WTF!
		    // https://git-scm.com/docs/gitignore
		    // changes in [2.22.1](https://git-scm.com/docs/gitignore/2.22.1)
		    // which re-fixes #24, #38

		    // > If there is a separator at the end of the pattern then the pattern
		    // > will only match directories, otherwise the pattern can match both
		    // > files and directories.

		    // 'js*' will not match 'a.js'
		    // 'js/' will not match 'a.js'
		    // 'js' will match 'a.js' and 'a.js/'
		    source => {
		      const last = source[source.length - 1];

		      // The pattern is empty, or ends in a pending marker `_make` owns --
		      //   the trailing wildcard, or a trailing "/**". A trailing `*` that is
		      //   not the marker is a literal star, which anchors like any other
		      //   final character.
		      if (!last || last === TRAILING_WILDCARD || last === TRAILING_DOUBLESTAR) {
		        return source
		      }

		      return last === SLASH
		        // foo/ will not match 'foo'
		        ? `${source}$`
		        // foo matches 'foo' and 'foo/'
		        : `${source}(?=$|\\/$)`
		    }
		  ]
		];

		const REGEX_REPLACE_TRAILING_WILDCARD = /(^|\\\/)?\uE000$/;
		const MODE_IGNORE = 'regex';
		const MODE_CHECK_IGNORE = 'checkRegex';
		const UNDERSCORE = '_';

		const replaceTrailingWildcard = (_, p1) => {
		  const prefix = p1
		    // '\^':
		    // '/*' does not match EMPTY
		    // '/*' does not match everything

		    // '\\\/':
		    // 'abc/*' does not match 'abc/'
		    ? `${p1}[^/]+`

		    // 'a*' matches 'a'
		    // 'a*' matches 'aa'
		    : '[^/]*';

		  return `${prefix}(?=$|\\/$)`
		};

		const REGEX_REPLACE_TRAILING_DOUBLESTAR = /\uE001$/;

		// 'abc/**' matches everything under 'abc', but not 'abc/' itself (#21):
		//   requiring one arbitrary character (line terminators included, #176)
		//   after 'abc/' is necessary and sufficient for `.test(path)`.
		const replaceTrailingDoublestar = () => '[\\s\\S]';

		// The fixed piece between the wildcard at `at` and the next wildcard of the
		//   run: the tokens that separate them, joined as they appear in the source.
		//   A run never holds two wildcards in a row, so there is always at least one
		//   token.
		const separatorAfter = (run, at) => {
		  let separator = EMPTY;

		  for (let index = at + 1; index < run.length && !run[index].wildcard; index ++) {
		    separator += run[index].single;
		  }

		  return separator
		};

		// Where a run of non-slash wildcards is split by fixed pieces --
		//   `[^/]*ab[^/]*cd...` -- the engine has many equivalent ways to lay the
		//   input across the wildcards, and on input that does not match it works
		//   through all of them, so the time grows with the number of wildcards
		//   rather than the length of the path. Every wildcard but the last in such a
		//   run can be pinned to stop where the piece after it begins, which leaves
		//   one way to lay out the input and no rewinding, without changing which
		//   paths match: the fixed pieces still bound the count, and the last
		//   wildcard still absorbs the rest.
		//
		// A wildcard is pinned to the whole piece, never to the piece's first
		//   character. The pin leaves no way back, so a wildcard that stopped at that
		//   first character would hand over wherever the character happens to turn
		//   up, including the places the rest of the piece cannot follow -- which is
		//   how `f*o/*/*` came to miss `foo/b/c`, the first `o` of `foo` not being
		//   the one the `o/` after it needs. Every token of a piece matches exactly
		//   one character, so the first place the whole piece fits is the leftmost
		//   place it can sit, and whatever is left over goes to the wildcards that
		//   follow.
		//
		// The source is read one token at a time -- a wildcard, a single-character
		//   piece (a literal, an escape, a class), or a parenthesised group or anchor
		//   that ends the run -- so only a genuine wildcard is touched.
		const pinWildcards = source => {
		  if (source.indexOf(WILDCARD) < 0) {
		    return source
		  }

		  const tokens = [];
		  const {length} = source;
		  let index = 0;

		  while (index < length) {
		    const char = source[index];

		    if (source.startsWith(WILDCARD, index)) {
		      tokens.push({wildcard: true});
		      index += WILDCARD.length;
		    } else if (char === '[') {
		      let end = index + 1;

		      if (source[end] === '^') {
		        end ++;
		      }

		      if (source[end] === ']') {
		        end ++;
		      }

		      while (end < length && source[end] !== ']') {
		        end += source[end] === ESCAPE
		          ? 2
		          : 1;
		      }

		      end ++;
		      tokens.push({single: source.slice(index, end)});
		      index = end;
		    } else if (char === ESCAPE) {
		      tokens.push({single: source.slice(index, index + 2)});
		      index += 2;
		    } else if (char === '(') {
		      let depth = 0;
		      let end = index;

		      do {
		        if (source[end] === ESCAPE) {
		          end ++;
		        } else if (source[end] === '(') {
		          depth ++;
		        } else if (source[end] === ')') {
		          depth --;
		        }

		        end ++;
		      } while (end < length && depth > 0)

		      if ('*+?'.indexOf(source[end]) >= 0) {
		        end ++;
		      }

		      tokens.push({boundary: source.slice(index, end)});
		      index = end;
		    } else if (char === '^' || char === '$') {
		      tokens.push({boundary: char});
		      index ++;
		    } else {
		      tokens.push({single: char});
		      index ++;
		    }
		  }

		  let out = EMPTY;
		  let run = [];

		  const flush = () => {
		    let lastWildcard;

		    run.forEach((token, at) => {
		      if (token.wildcard) {
		        lastWildcard = at;
		      }
		    });

		    run.forEach((token, at) => {
		      if (!token.wildcard) {
		        out += token.single;
		        return
		      }

		      // Every wildcard but the last is pinned to the whole piece that
		      //   follows it, for the reason set out above this function. The last
		      //   one stays as it is and takes up the rest.
		      out += at === lastWildcard
		        ? WILDCARD
		        : `(?:(?!${separatorAfter(run, at)})[^\\/])*`;
		    });

		    run = [];
		  };

		  tokens.forEach(token => {
		    if (token.boundary === undefined) {
		      run.push(token);
		      return
		    }

		    flush();
		    out += token.boundary;
		  });

		  flush();

		  return out
		};

		// @param {pattern}
		const makeRegexPrefix = pattern => {
		  // `/**` matches every path, as `**` does. The translation below only finds
		  //   a globstar beside a slash it keeps, and the leading one is turned into
		  //   an anchor, so `/**` would come out as `/*` and match one level only.
		  //   Here rather than in `createRule`, so that `checkSourceOf`, which
		  //   compiles `/**/` again without its trailing slash, gets it too.
		  if (REGEX_ANCHORED_GLOBSTAR.test(pattern)) {
		    pattern = '**';
		  }

		  const {source, sources} = extractBrackets(pattern);

		  const replaced = REPLACERS.reduce(
		    // A pass whose matcher finds nothing hands back the very string it was
		    //   given, so asking first costs a search and saves a rewrite. Ten of the
		    //   fifteen passes never fire for a typical .gitignore line, and between
		    //   them they were 45% of this chain.
		    (prev, [matcher, replacer, required]) => {
		      if (matcher === DIRECT) {
		        return replacer(prev, pattern)
		      }

		      if (required !== UNDEFINED && prev.indexOf(required) < 0) {
		        return prev
		      }

		      // A pass whose matcher finds nothing hands back the very string it was
		      //   given, so asking first costs a search and saves a rewrite.
		      return matcher.test(prev)
		        ? prev.replace(matcher, replacer.bind(pattern))
		        : prev
		    },
		    source
		  );

		  // Most patterns hold no bracket expression at all, and then there is
		  //   nothing to put back.
		  return sources.length
		    ? replaced.replace(
		      REGEX_RESTORE_PLACEHOLDER,
		      (match, index) => sources[index]
		    )
		    : replaced
		};

		// `checkRegex` tests a path with a trailing slash, 'abc/', the way
		//   `git check-ignore` matches that literal string once the directory itself
		//   is known not to be excluded (see `checkIgnore`): a trailing '/' of the
		//   pattern is dropped, a basename pattern sees an empty basename, and only a
		//   pattern whose last segment is a pending wildcard can match what is left
		//   after the final slash -- 'abc/*' and 'abc/**' match 'abc/', and 'abc/**'
		//   also matches 'abc/d/' (#77, #169).
		const checkSourceOf = (body, prefix) => {
		  if (body[body.length - 1] === SLASH) {
		    prefix = makeRegexPrefix(body.slice(0, -1));
		  }

		  const head = prefix.slice(0, -1);
		  const last = prefix[prefix.length - 1];

		  return last === TRAILING_WILDCARD
		    ? `${head}$`
		    : last === TRAILING_DOUBLESTAR
		      ? head
		      : NEVER_MATCH
		};

		// A trailing slash does not stop a pattern being basename-only: it restricts
		//   the match to a directory, it does not let the pattern reach across one.
		//   Everything else a pattern can hold -- a wildcard, a character class, an
		//   escape -- stays inside a single path segment too, so a pattern with no
		//   separator in it can only ever describe the last one.
		const matchesBasename = body => {
		  const index = body.indexOf(SLASH);

		  return index < 0 || index === body.length - 1
		};

		// The last segment of a path, keeping a trailing slash, because a pattern that
		//   ends in one matches only a directory.
		// 'a/b/c.js' -> 'c.js';  'a/b/' -> 'b/';  'c.js' -> 'c.js' (no copy made)
		const basenameOf = path => {
		  const end = path.length - 1;

		  const index = path.lastIndexOf(
		    SLASH,
		    path[end] === SLASH
		      ? end - 1
		      : end
		  );

		  return index < 0
		    ? path
		    : path.slice(index + 1)
		};

		// The parent directory of a path, with its trailing separator, or EMPTY when
		//   the path has none.
		// 'a/b/c' -> 'a/b/';  'a/b/' -> 'a/';  'a' -> EMPTY;  'a/' -> EMPTY
		//
		// A path holding an empty segment has to be taken apart, because its
		//   ancestors are not prefixes of it: the parent of 'a//b' is 'a/', not
		//   'a//', and the parent of '/a/' is nothing at all. Both shapes reach here
		//   -- 'a//b' is accepted outright, and `checkIgnore` does not put the path
		//   it is given through the relative-path check.
		//
		// Every other path is a prefix of itself, and cutting one costs a fraction of
		//   splitting it into an array and joining that back at every level: 73ns
		//   against 207ns.
		const parentOf = path => {
		  if (
		    path.charCodeAt(0) === SLASH_CODE
		    || path.indexOf(DOUBLE_SLASH) >= 0
		  ) {
		    const slices = path.split(SLASH).filter(Boolean);

		    slices.pop();

		    return slices.length
		      ? slices.join(SLASH) + SLASH
		      : EMPTY
		  }

		  const end = path.length - 1;

		  // Look back from before a trailing separator, since that one belongs to the
		  //   path itself.
		  //
		  // A negative place to start would be a trap here: `lastIndexOf` clamps one
		  //   to 0 and searches there rather than reporting no match, so '/' would
		  //   come back as its own parent and the walk would never end. It cannot
		  //   happen -- that is the only path short enough to produce one, and the
		  //   test above has already sent it the other way.
		  const cut = path.lastIndexOf(
		    SLASH,
		    path.charCodeAt(end) === SLASH_CODE
		      ? end - 1
		      : end
		  );

		  return cut < 0
		    ? EMPTY
		    : path.slice(0, cut + 1)
		};

		const isString = subject => typeof subject === 'string';

		// Blank lines, comments and trailing lone backslashes are told by
		//   `createRule`, once the pattern is normalized.
		const checkPattern = pattern => pattern
		  && isString(pattern);

		// Git drops one CR before each LF, and one at the end of a final line that
		//   has no LF after it.
		const splitPattern = pattern => (
		  pattern[pattern.length - 1] === '\r'
		    ? pattern.slice(0, -1)
		    : pattern
		)
		.split(REGEX_SPLITALL_CRLF)
		.filter(Boolean);

		class IgnoreRule {
		  constructor (
		    pattern,
		    mark,
		    body,
		    ignoreCase,
		    negative,
		    prefix
		  ) {
		    this.pattern = pattern;
		    this.mark = mark;
		    this.negative = negative;

		    define(this, 'body', body);
		    define(this, 'ignoreCase', ignoreCase);
		    define(this, 'regexPrefix', prefix);
		  }

		  // Worked out on first use and kept behind an own property, the way `regex`
		  //   caches itself in `_regex`. Deciding it in the constructor instead would
		  //   add a fourth `defineProperty` to every rule ever built, which cost 4% of
		  //   every compile -- including the compiles of rules that are never matched
		  //   against anything.
		  get _basenameOnly () {
		    return define(this, '_basenameOnly', matchesBasename(this.body))
		  }

		  get regex () {
		    const key = UNDERSCORE + MODE_IGNORE;

		    if (this[key]) {
		      return this[key]
		    }

		    return this._make(MODE_IGNORE, key)
		  }

		  get checkRegex () {
		    const key = UNDERSCORE + MODE_CHECK_IGNORE;

		    if (this[key]) {
		      return this[key]
		    }

		    return this._make(MODE_CHECK_IGNORE, key)
		  }

		  _make (mode, key) {
		    const str = pinWildcards(
		      mode === MODE_IGNORE
		        ? this.regexPrefix
		        .replace(REGEX_REPLACE_TRAILING_WILDCARD, replaceTrailingWildcard)
		        .replace(REGEX_REPLACE_TRAILING_DOUBLESTAR, replaceTrailingDoublestar)
		        : checkSourceOf(this.body, this.regexPrefix)
		    );

		    const regex = this.ignoreCase
		      ? new RegExp(str, 'i')
		      : new RegExp(str);

		    return define(this, key, regex)
		  }
		}

		const hasTrailingBackslash = str => {
		  let count = 0;

		  while (str[str.length - count - 1] === ESCAPE) {
		    count ++;
		  }

		  return count % 2 === 1
		};

		// Read a line the way git does: when `stripLineEnd` is set (an unsplit array
		//   or object pattern), drop any trailing blank lines along with the LF
		//   before each and at most one CR at the end of the line; then trim trailing
		//   spaces in the same backward pass. Git trims spaces only, and a space
		//   escaped by an odd run of backslashes stays, unescaped, as the last one.
		// Scanned from the end: a regular expression can only try each start in
		//   turn, which is quadratic over a long run of spaces or backslashes.
		// 'a  ' -> 'a';  'a\ ' -> 'a ';  'a\\ ' -> 'a\\';  'a\t' -> 'a\t'
		// 'a\r\n' -> 'a';  'a\r\r' -> 'a\r';  'a\n\r' -> 'a'
		const trimEnd = (body, stripLineEnd) => {
		  let lineEnd = body.length;
		  let end;

		  for (;;) {
		    if (stripLineEnd && body[lineEnd - 1] === '\r') {
		      lineEnd --;
		    }

		    end = lineEnd;

		    while (body[end - 1] === SPACE) {
		      end --;
		    }

		    if (!stripLineEnd || body[end - 1] !== '\n') {
		      break
		    }

		    lineEnd = end - 1;
		  }

		  if (end === lineEnd) {
		    return body.slice(0, lineEnd)
		  }

		  let backslashes = 0;

		  while (body[end - backslashes - 1] === ESCAPE) {
		    backslashes ++;
		  }

		  return backslashes % 2
		    ? body.slice(0, end - 1) + SPACE
		    : body.slice(0, end)
		};

		const createRule = (
		  pattern,
		  mark,
		  ignoreCase,
		  stripLineEnd,
		  stripBOM
		) => {
		  // Git drops a BOM before it reads the first line, so before anything else.
		  let body = stripBOM && pattern[0] === BOM
		    ? pattern.slice(1)
		    : pattern;

		  // > A line starting with # serves as a comment.
		  if (body[0] === '#') {
		    return
		  }

		  let negative = false;

		  // > An optional prefix "!" which negates the pattern;
		  if (body[0] === '!') {
		    negative = true;
		    body = body.slice(1);
		  }

		  // Normalize the body before checking which slashes anchor the pattern.
		  //   Otherwise `bar/ ` is mistaken for a pattern containing an inner slash.
		  //   A line from `splitPattern` has already lost its line ending, so only a
		  //   trailing space remains to trim there.
		  const last = body[body.length - 1];

		  if (
		    last === SPACE
		    || stripLineEnd && (last === '\r' || last === '\n')
		  ) {
		    body = trimEnd(body, stripLineEnd);
		  }

		  // > A blank line matches no files, so it can serve as a separator for
		  // >   readability.
		  // Nor does a lone "!", a pattern ending on an unpaired backslash, or
		  //   anything else left empty here: an empty pattern would compile to a
		  //   regex matching every path.
		  if (!body || hasTrailingBackslash(body)) {
		    return
		  }

		  body = body
		  // > Put a backslash ("\") in front of the first "!" for patterns that
		  // >   begin with a literal "!", for example, `"\!important!.txt"`.
		  .replace(REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION, '!')
		  // > Put a backslash ("\") in front of the first hash for patterns that
		  // >   begin with a hash.
		  .replace(REGEX_REPLACE_LEADING_EXCAPED_HASH, '#');

		  const regexPrefix = makeRegexPrefix(body);

		  return new IgnoreRule(
		    pattern,
		    mark,
		    body,
		    ignoreCase,
		    negative,
		    regexPrefix
		  )
		};

		class RuleManager {
		  constructor (ignoreCase) {
		    this._ignoreCase = ignoreCase;
		    this._rules = [];

		    // How many of the rules git would tag `EXC_FLAG_NODIR`.
		    //
		    // The scan uses it to decide, once for the whole set, whether handing
		    //   those rules the basename is worth what it costs the others. The
		    //   shortcut saves a full-path scan on every rule it applies to and costs
		    //   a check on every rule it does not, so a set where almost nothing is
		    //   basename-only comes out behind -- a 955 pattern set with 44 of them
		    //   measured 19% slower with the shortcut always on.
		    //
		    // Deciding this by measurement rather than by meaning is safe: a
		    //   basename-only pattern gives the very same answer against the whole
		    //   path, it just takes longer to say so. The choice can only change how
		    //   fast the scan runs, never what it returns.
		    this._basenameCount = 0;
		  }

		  _add (pattern, index) {
		    // #32
		    if (pattern && pattern[KEY_IGNORE]) {
		      this._rules = this._rules.concat(pattern._rules._rules);
		      this._basenameCount += pattern._rules._basenameCount;
		      this._added = true;
		      return
		    }

		    const isStr = isString(pattern);
		    const raw = isStr
		      ? pattern
		      : pattern.pattern;

		    const rule = checkPattern(raw)
		      && createRule(
		        raw,
		        isStr ? UNDEFINED : pattern.mark,
		        this._ignoreCase,
		        !this._split,
		        this._stripBOM && !index
		      );

		    if (rule) {
		      this._added = true;
		      this._rules.push(rule);

		      // Deliberately not `rule._basenameOnly`: reading that would materialise
		      //   the rule's own copy, and the whole point of leaving it lazy is that
		      //   a rule which is compiled and never matched never pays for it.
		      if (matchesBasename(rule.body)) {
		        this._basenameCount ++;
		      }
		    }
		  }

		  // @param {Array<string> | string | Ignore} pattern
		  add (pattern) {
		    this._added = false;
		    this._split = isString(pattern);
		    this._stripBOM = !this._split || pattern[0] === BOM;

		    makeArray(
		      this._split
		        ? splitPattern(pattern)
		        : pattern
		    ).forEach(this._add, this);

		    if (this._added) {
		      this._literalRules = UNDEFINED;
		    }

		    return this._added
		  }

		  // Match the literal 'abc/' for `checkIgnore`, last rule wins. Only a rule
		  //   ending in a wildcard can match it (see `checkSourceOf`), so the rest
		  //   are left out once, rather than tested or compiled for every path.
		  testLiteral (path) {
		    const rules = this._literalRules || (
		      this._literalRules = this._rules.filter(
		        ({body}) => body[body.length - (
		          body[body.length - 1] === SLASH ? 2 : 1
		        )] === '*'
		      )
		    );

		    let ignored = false;
		    let unignored = false;
		    let matchedRule;

		    for (let index = rules.length - 1; index >= 0; index --) {
		      const rule = rules[index];

		      if (rule.checkRegex.test(path)) {
		        ignored = !rule.negative;
		        unignored = rule.negative;
		        matchedRule = rule.negative
		          ? UNDEFINED
		          : rule;
		        break
		      }
		    }

		    const ret = {
		      ignored,
		      unignored
		    };

		    if (matchedRule) {
		      ret.rule = matchedRule;
		    }

		    return ret
		  }

		  // Test one single path without recursively checking parent directories
		  //
		  // - mode `string` either `MODE_IGNORE` or `MODE_CHECK_IGNORE`

		  // @returns {TestResult}
		  test (path, mode) {
		    // Most of a .gitignore is patterns with no slash in them, and running
		    //   those against the whole path makes the regular expression engine walk
		    //   every directory name on the way to the only segment that could match.
		    //   Handing them the basename instead is what git does, and it is where
		    //   the time in a directory walk goes: the rule scan was two thirds of it.
		    const rules = this._rules;
		    const {length} = rules;

		    const shortcut = this._basenameCount * 2 >= length;

		    const basename = shortcut
		      ? basenameOf(path)
		      : path;

		    // The last rule to match decides, as in git, and it is the rule
		    //   `git check-ignore -v` reports, so the scan runs from the end and stops
		    //   at the first match.
		    // A plain loop rather than `forEach`, so that `path`, `basename` and
		    //   `shortcut` are locals. As a callback they became closure variables,
		    //   and reaching for one of those once per rule cost 10% of a scan over a
		    //   large rule set -- more than the shortcut they were there to serve.
		    for (let index = length - 1; index >= 0; index --) {
		      const rule = rules[index];

		      if (rule[mode].test(
		        shortcut && rule._basenameOnly
		          ? basename
		          : path
		      )) {
		        const {negative} = rule;

		        const ret = {
		          ignored: !negative,
		          unignored: negative
		        };

		        if (!negative) {
		          ret.rule = rule;
		        }

		        return ret
		      }
		    }

		    return {
		      ignored: false,
		      unignored: false
		    }
		  }
		}

		const throwError = (message, Ctor) => {
		  throw new Ctor(message)
		};

		const checkPath = (path, originalPath, doThrow) => {
		  if (!isString(path)) {
		    return doThrow(
		      `path must be a string, but got \`${originalPath}\``,
		      TypeError
		    )
		  }

		  // We don't know if we should ignore EMPTY, so throw
		  if (!path) {
		    return doThrow(`path must not be empty`, TypeError)
		  }

		  // Check if it is a relative path
		  if (checkPath.isNotRelative(path)) {
		    const r = '`path.relative()`d';
		    return doThrow(
		      `path should be a ${r} string, but got "${originalPath}"`,
		      RangeError
		    )
		  }

		  return true
		};

		// > pathname should be a `path.relative()`d one
		//
		// The same thing `REGEX_TEST_INVALID_PATH` says, spelled out: a path is not
		//   relative if it begins with a separator, or with `./` or `../`, or is
		//   nothing but `.` or `..`. Every match is decided by the first three
		//   characters, and this runs on every path handed to the library -- where it
		//   was 55% of a cached lookup, more than the cache lookup itself.
		const isNotRelative = path => {
		  const first = path.charCodeAt(0);

		  if (first === SLASH_CODE) {
		    return true
		  }

		  if (first !== DOT_CODE) {
		    return false
		  }

		  // '.'
		  if (path.length === 1) {
		    return true
		  }

		  const second = path.charCodeAt(1);

		  // './'
		  if (second === SLASH_CODE) {
		    return true
		  }

		  if (second !== DOT_CODE) {
		    return false
		  }

		  // '..' or '../'
		  return path.length === 2 || path.charCodeAt(2) === SLASH_CODE
		};

		checkPath.isNotRelative = isNotRelative;

		// On windows, the following function will be replaced
		/* istanbul ignore next */
		checkPath.convert = p => p;


		const convertPath = target =>
		  isString(target) && checkPath.convert(target);


		class Ignore {
		  constructor ({
		    ignorecase = true,
		    ignoreCase = ignorecase,
		    allowRelativePaths = false
		  } = {}) {
		    define(this, KEY_IGNORE, true);

		    this._rules = new RuleManager(ignoreCase);
		    this._strictPathCheck = !allowRelativePaths;
		    this._initCache();
		  }

		  _initCache () {
		    // A cache for the result of `.ignores()`
		    this._ignoreCache = Object.create(null);

		    // A cache for the result of `.test()`
		    this._testCache = Object.create(null);
		  }

		  add (pattern) {
		    if (this._rules.add(pattern)) {
		      // Some rules have just added to the ignore,
		      //   making the behavior changed,
		      //   so we need to re-initialize the result cache
		      this._initCache();
		    }

		    return this
		  }

		  // legacy
		  addPattern (pattern) {
		    return this.add(pattern)
		  }

		  // @returns {TestResult}
		  _test (originalPath, cache, path) {
		    checkPath(
		      path,
		      originalPath,
		      this._strictPathCheck
		        ? throwError
		        : RETURN_FALSE
		    );

		    return path
		      ? this._t(path, cache)
		      : {
		        ignored: false,
		        unignored: false
		      }
		  }

		  checkIgnore (target) {
		    // A Windows path is converted first, so that a directory given with a
		    //   trailing separator, `\` or `/`, is told the same way
		    const path = convertPath(target);

		    // If the path does not end with a slash, `.ignores()` is much equivalent
		    //   to `git check-ignore`
		    if (!path || path.charCodeAt(path.length - 1) !== SLASH_CODE) {
		      return this._test(target, this._testCache, path)
		    }

		    // Like `git check-ignore`: a directory excluded by itself or by an
		    //   ancestor settles it, and only then is the literal 'abc/' matched
		    //   against the rules (see `checkSourceOf`).
		    const dir = this._t(path, this._testCache);

		    if (dir.ignored) {
		      return dir
		    }

		    const literal = this._rules.testLiteral(path);

		    return literal.ignored || literal.unignored
		      ? literal
		      : dir
		  }

		  _t (
		    // The path to be tested
		    path,

		    // The cache for the result of a certain checking
		    cache
		  ) {
		    if (path in cache) {
		      return cache[path]
		    }

		    const parentPath = parentOf(path);

		    // If the path contains a parent directory, check the parent first
		    const parent = parentPath
		      ? this._t(parentPath, cache)
		      : UNDEFINED;

		    return cache[path] = parent && parent.ignored
		      // > It is not possible to re-include a file if a parent directory of
		      // >   that file is excluded.
		      ? parent
		      : this._rules.test(path, MODE_IGNORE)
		  }

		  ignores (path) {
		    return this._test(path, this._ignoreCache, convertPath(path)).ignored
		  }

		  createFilter () {
		    return path => !this.ignores(path)
		  }

		  filter (paths) {
		    return makeArray(paths).filter(this.createFilter())
		  }

		  // @returns {TestResult}
		  test (path) {
		    return this._test(path, this._testCache, convertPath(path))
		  }
		}

		const factory = options => new Ignore(options);

		const isPathValid = path =>
		  checkPath(convertPath(path), path, RETURN_FALSE);

		/* istanbul ignore next */
		const setupWindows = () => {
		  /* eslint no-control-regex: "off" */
		  const makePosix = str => /^\\\\\?\\/.test(str)
		  || /["<>|\u0000-\u001F]+/u.test(str)
		    ? str
		    : str.replace(/\\/g, '/');

		  checkPath.convert = makePosix;

		  // 'C:\\foo'     <- 'C:\\foo' has been converted to 'C:/'
		  // 'd:\\foo'
		  const REGEX_TEST_WINDOWS_PATH_ABSOLUTE = /^[a-z]:\//i;
		  checkPath.isNotRelative = path =>
		    REGEX_TEST_WINDOWS_PATH_ABSOLUTE.test(path)
		    || isNotRelative(path);
		};


		// Windows
		// --------------------------------------------------------------
		/* istanbul ignore next */
		if (
		  // Detect `process` so that it can run in browsers.
		  typeof process !== 'undefined'
		  && process.platform === 'win32'
		) {
		  setupWindows();
		}

		// COMMONJS_EXPORTS ////////////////////////////////////////////////////////////

		module.exports = factory;

		// Although it is an anti-pattern,
		//   it is still widely misused by a lot of libraries in github
		// Ref: https://github.com/search?q=ignore.default%28%29&type=code
		factory.default = factory;

		module.exports.isPathValid = isPathValid;

		// For testing purposes
		define(module.exports, Symbol.for('setupWindows'), setupWindows); 
	} (ignore$1));
	return ignore$1.exports;
}

var ignoreExports = requireIgnore();
var ignore = /*@__PURE__*/getDefaultExportFromCjs(ignoreExports);

// Gitignore-style rules, decided by the `ignore` package, but indexed so that a path is tested
// only against the rules that can match it. The package compiles a regular expression for every
// rule it tests a path against; a 100,000-line ignore file then costs hundreds of megabytes at
// the first path. Most rules name a literal path segment (`build-7/`, `**/cache/*.tmp`,
// `!keep.txt`): such a rule can only match a path that has that segment, so it is only handed
// to the package for such paths. The verdict is the package's own: a rule that cannot match a
// path does not change it, and the candidates keep their order. Pure.
/** Characters that make a segment a glob rather than a name. */
const GLOB = /[*?[\]]/;
/**
 * A path segment every path the rule matches must have, or undefined when the rule is left to
 * the package for every path: escapes and surrounding spaces (which the package reads by rules
 * of its own), and rules with no literal segment (`*.log`).
 */
function requiredSegment(pattern) {
    if (pattern.includes("\\") || pattern.trim() !== pattern)
        return undefined;
    const segments = (pattern.startsWith("!") ? pattern.slice(1) : pattern).split("/").filter((segment) => segment !== "");
    const literals = segments.filter((segment) => !GLOB.test(segment) && segment !== "." && segment !== "..");
    return literals.at(-1);
}
class IndexedIgnore {
    options;
    /** Every list's patterns, in order; a rule is its index here (a plain string each, for memory). */
    patterns = [];
    /** The mark of each list, by the index its patterns start at. */
    marks = [];
    bySegment = new Map();
    /** Rules tried on every path, by index. */
    everywhere = [];
    /** One instance of the package per set of candidate rules met so far, by the set's indexes. */
    instances = new Map();
    constructor(lists, options) {
        this.options = options;
        for (const list of lists) {
            this.marks.push({ from: this.patterns.length, mark: list.mark });
            for (const pattern of list.patterns)
                this.index(pattern, this.patterns.push(pattern) - 1);
        }
    }
    index(pattern, index) {
        // Comments and blank lines are no rules: left out, they cost nothing per path.
        if (pattern.startsWith("#") || pattern.trim() === "")
            return;
        // Case-insensitive matching would need the index to fold case: then every rule is tried.
        const segment = this.options.ignorecase ? undefined : requiredSegment(pattern);
        if (segment === undefined) {
            this.everywhere.push(index);
            return;
        }
        const indexes = this.bySegment.get(segment);
        if (indexes)
            indexes.push(index);
        else
            this.bySegment.set(segment, [index]);
    }
    markOf(index) {
        return this.marks.findLast((list) => list.from <= index)?.mark ?? "";
    }
    /** The package's verdict on `path` (relative, `/`-separated, a folder with a trailing `/`). */
    test(path) {
        const candidates = new Set(this.everywhere);
        for (const segment of path.split("/"))
            for (const index of this.bySegment.get(segment) ?? [])
                candidates.add(index);
        const ordered = [...candidates].sort((a, b) => a - b);
        const key = ordered.join(",");
        let instance = this.instances.get(key);
        if (!instance) {
            const rules = ordered.map((index) => ({ pattern: this.patterns[index], mark: this.markOf(index) }));
            instance = ignore({ ignorecase: this.options.ignorecase }).add(rules);
            this.instances.set(key, instance);
        }
        return instance.test(path);
    }
}

// Which files of a folder go into the archive uploaded to Zeabur. The rules are those of
// Zeabur's own CLI, so that a project deploys the same way from the action as from a laptop,
// plus the action's own: the `exclude` input, and env files kept out unless asked for.
/**
 * Why a file's relative path cannot be stored as a ZIP entry that unpacks to the same file,
 * or undefined when it can. Spaces, newlines and any Unicode are fine: names are stored as
 * UTF-8 (flag bit 11).
 */
function unpackableNameProblem(relativePath) {
    if (relativePath.includes("\\")) {
        return "it contains a backslash, which ZIP readers take as a folder separator: it would unpack as a different path";
    }
    if (relativePath.includes("\uFFFD")) {
        return "its name is not valid UTF-8 (it was read with a replacement character), so it cannot be stored under its real name";
    }
    if (relativePath.includes("\0"))
        return "it contains a NUL character";
    if (Buffer.byteLength(relativePath) > 0xffff)
        return "its path is longer than the 65,535 bytes a ZIP entry name can hold";
    return undefined;
}
const IGNORE_FILE_MARK = "ignore-file";
const EXCLUDE_INPUT_MARK = "exclude-input";
/** `.env` and `.env.<anything>`: the usual homes of local secrets. */
function isEnvFileName(name) {
    return name === ".env" || name.startsWith(".env.");
}
/**
 * Code point order, which is the byte order of the UTF-8 names inside the ZIP. Plain string
 * comparison is UTF-16 order, which puts characters beyond U+FFFF (surrogate pairs) before
 * U+E000–U+FFFF.
 */
function compareByteOrder(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y)
            return codePointRank(x) - codePointRank(y);
    }
    return a.length - b.length;
}
function codePointRank(unit) {
    if (unit >= 0xd800 && unit <= 0xdfff)
        return unit + 0x2000;
    if (unit >= 0xe000)
        return unit - 0x800;
    return unit;
}
function ignoreLines(text) {
    return text.replace(/^\uFEFF/, "").split(/\r?\n/);
}
function buildRules(ignoreFileText, exclude) {
    const fromFile = ignoreFileText === undefined ? [] : ignoreLines(ignoreFileText);
    // Case-sensitive, as git is on the Linux machines where Zeabur builds.
    return new IndexedIgnore([
        { mark: IGNORE_FILE_MARK, patterns: fromFile },
        { mark: EXCLUDE_INPUT_MARK, patterns: exclude },
    ], { ignorecase: false });
}
/**
 * Walks the folder through `listDirectory` and decides every entry. Like Zeabur's CLI, only
 * the root's ignore file counts (`.zeaburignore` if present, else `.gitignore`); nested
 * `.gitignore` files are packaged but not applied. A folder that the rules leave out is not
 * entered, as in git, where nothing below an ignored folder can be re-included; symbolic
 * links are never followed.
 */
function planArchive(input) {
    const ignoreFile = input.zeaburignore !== undefined ? ".zeaburignore" : input.gitignore !== undefined ? ".gitignore" : null;
    const rules = buildRules(input.zeaburignore ?? input.gitignore, input.exclude);
    const files = [];
    const excluded = [];
    const envFilesExcluded = [];
    const symlinksSkipped = [];
    const specialFilesSkipped = [];
    const unpackableNames = [];
    const pending = [""];
    for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
        for (const entry of input.listDirectory(folder)) {
            const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
            const isDirectory = entry.kind === "directory";
            const shownPath = isDirectory ? `${relative}/` : relative;
            if (entry.name === ".git") {
                excluded.push({ path: shownPath, reason: "git-dir" });
                continue;
            }
            const verdict = rules.test(shownPath);
            if (verdict.ignored) {
                const reason = verdict.rule?.mark === EXCLUDE_INPUT_MARK ? "exclude-input" : "ignore-file";
                excluded.push({ path: shownPath, reason, pattern: verdict.rule?.pattern });
                continue;
            }
            switch (entry.kind) {
                case "directory":
                    pending.push(relative);
                    break;
                case "symlink":
                    excluded.push({ path: relative, reason: "symlink" });
                    symlinksSkipped.push(relative);
                    break;
                case "other":
                    specialFilesSkipped.push(relative);
                    break;
                case "file":
                    if (isEnvFileName(entry.name) && !verdict.unignored) {
                        excluded.push({ path: relative, reason: "env-file" });
                        envFilesExcluded.push(relative);
                    }
                    else {
                        const why = unpackableNameProblem(relative);
                        if (why)
                            unpackableNames.push({ path: relative, why });
                        else
                            files.push(relative);
                    }
                    break;
            }
        }
    }
    files.sort(compareByteOrder);
    excluded.sort((a, b) => compareByteOrder(a.path, b.path));
    envFilesExcluded.sort(compareByteOrder);
    symlinksSkipped.sort(compareByteOrder);
    specialFilesSkipped.sort(compareByteOrder);
    unpackableNames.sort((a, b) => compareByteOrder(a.path, b.path));
    return { ignoreFile, files, excluded, envFilesExcluded, symlinksSkipped, specialFilesSkipped, unpackableNames };
}

// A streaming, deterministic ZIP writer: the same files always give the same bytes, and so the
// same SHA-256, whatever their timestamps, owners or creation order. Built for small CI machines
// and flat memory: the main thread reads files into a fixed ring of buffers and writes entries in
// order, hashing exactly the bytes it writes, while zlib compresses on libuv's thread pool. That
// uses every core without worker threads: each extra JavaScript isolate costs memory of its own
// and keeps tens of megabytes of spent compression buffers until its next collection.
/**
 * Files are read this much at a time. A file that fits in one read is one entry compressed
 * whole (or stored when deflate does not shrink it); a larger file is deflated in independent
 * pieces of this size, in parallel, whose concatenation is one valid deflate stream.
 */
const PIECE_BYTES = 256 * 1024;
/** Pieces read and handed to zlib ahead of the writer: keeps the thread pool busy and bounds memory. */
const PIECES_IN_FLIGHT = 16;
const OUTPUT_BUFFER_BYTES = 1024 * 1024;
const DEFLATE_LEVEL = 6;
const PROBE_BYTES = 16 * 1024;
const PROBE_FROM = 64 * 1024;
/** A probe that keeps this share of its size or more marks the data as not worth deflating. */
const PROBE_RATIO = 0.98;
/** zlib's window sizes for raw deflate, and the lookahead it keeps out of reach of matches. */
const MIN_WINDOW_BITS = 9;
const MAX_WINDOW_BITS = 15;
const WINDOW_LOOKAHEAD = 262;
/** A final, empty deflate block with fixed codes: closes a stream of sync-flushed pieces. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
/** 1980-01-01 00:00, the earliest DOS date: no clock or mtime leaks into the bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MADE_BY_UNIX = 3 << 8;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
const UINT16_LIMIT = 0xffff;
const UINT32_LIMIT = 0xffffffff;
/** Pieced entries, whose size is known only at the end, get ZIP64 sizes from this listed size on. */
const PIECED_ZIP64_FROM = 0xf0000000;
const REGULAR_FILE = 0o100000;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
/** Writes through a buffer to a file and hashes exactly the bytes written, in one pass. */
class HashingFileSink {
    fd;
    hash = createHash("sha256");
    buffer = Buffer.allocUnsafeSlow(OUTPUT_BUFFER_BYTES);
    buffered = 0;
    bytes = 0;
    constructor(fd) {
        this.fd = fd;
    }
    write(chunk) {
        this.bytes += chunk.length;
        const large = chunk.length >= this.buffer.length / 2;
        // Buffered bytes go out first, before a large chunk is written straight through.
        if (large || chunk.length > this.buffer.length - this.buffered)
            this.flush();
        if (large) {
            this.writeThrough(chunk);
        }
        else {
            this.buffer.set(chunk, this.buffered);
            this.buffered += chunk.length;
        }
    }
    /** Flushes and returns the SHA-256 of everything written. */
    finish() {
        this.flush();
        return this.hash.digest("base64");
    }
    flush() {
        if (this.buffered === 0)
            return;
        this.writeThrough(this.buffer.subarray(0, this.buffered));
        this.buffered = 0;
    }
    writeThrough(chunk) {
        this.hash.update(chunk);
        for (let written = 0; written < chunk.length;) {
            written += writeSync(this.fd, chunk, written, chunk.length - written);
        }
    }
}
function unixMode(statMode) {
    return statMode & 0o111 ? 0o755 : 0o644;
}
/** Writes a local file header into `target` and returns its length. */
function writeLocalHeader(target, name, method, flags, crc, size, compressedSize, zip64Sizes) {
    const extraLength = zip64Sizes ? 20 : 0;
    target.writeUInt32LE(0x04034b50, 0);
    target.writeUInt16LE(zip64Sizes ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    target.writeUInt16LE(flags, 6);
    target.writeUInt16LE(method, 8);
    target.writeUInt16LE(DOS_TIME, 10);
    target.writeUInt16LE(DOS_DATE, 12);
    target.writeUInt32LE(crc, 14);
    target.writeUInt32LE(zip64Sizes ? UINT32_LIMIT : compressedSize, 18);
    target.writeUInt32LE(zip64Sizes ? UINT32_LIMIT : size, 22);
    target.writeUInt16LE(name.length, 26);
    target.writeUInt16LE(extraLength, 28);
    name.copy(target, 30);
    if (zip64Sizes) {
        const extra = 30 + name.length;
        target.writeUInt16LE(0x0001, extra);
        target.writeUInt16LE(16, extra + 2);
        target.writeBigUInt64LE(BigInt(size), extra + 4);
        target.writeBigUInt64LE(BigInt(compressedSize), extra + 12);
    }
    return 30 + name.length + extraLength;
}
/**
 * The central directory, built in one growing buffer rather than an object per entry: objects
 * that live through the whole run make V8 grow its young generation, which shows in peak memory.
 */
class CentralDirectory {
    buffer = Buffer.allocUnsafeSlow(1024 * 1024);
    size = 0;
    entries = 0;
    add(entry) {
        const zip64Fields = [entry.size, entry.compressedSize, entry.offset].filter((value) => value >= UINT32_LIMIT);
        const extraLength = zip64Fields.length > 0 ? 4 + 8 * zip64Fields.length : 0;
        const length = 46 + entry.name.length + extraLength;
        if (this.size + length > this.buffer.length) {
            const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.size + length));
            this.buffer.copy(grown, 0, 0, this.size);
            this.buffer = grown;
        }
        const record = this.buffer.subarray(this.size, this.size + length);
        const version = zip64Fields.length > 0 ? VERSION_ZIP64 : VERSION_DEFAULT;
        record.writeUInt32LE(0x02014b50, 0);
        record.writeUInt16LE(MADE_BY_UNIX | version, 4);
        record.writeUInt16LE(version, 6);
        record.writeUInt16LE(entry.flags, 8);
        record.writeUInt16LE(entry.method, 10);
        record.writeUInt16LE(DOS_TIME, 12);
        record.writeUInt16LE(DOS_DATE, 14);
        record.writeUInt32LE(entry.crc, 16);
        record.writeUInt32LE(Math.min(entry.compressedSize, UINT32_LIMIT), 20);
        record.writeUInt32LE(Math.min(entry.size, UINT32_LIMIT), 24);
        record.writeUInt16LE(entry.name.length, 28);
        record.writeUInt16LE(extraLength, 30);
        // File comment length, starting disk and internal attributes: all zero.
        record.fill(0, 32, 38);
        record.writeUInt32LE(((REGULAR_FILE | entry.mode) << 16) >>> 0, 38);
        record.writeUInt32LE(Math.min(entry.offset, UINT32_LIMIT), 42);
        entry.name.copy(record, 46);
        if (extraLength > 0) {
            let at = 46 + entry.name.length;
            record.writeUInt16LE(0x0001, at);
            record.writeUInt16LE(8 * zip64Fields.length, at + 2);
            at += 4;
            for (const value of zip64Fields) {
                record.writeBigUInt64LE(BigInt(value), at);
                at += 8;
            }
        }
        this.size += length;
        this.entries++;
    }
    bytes() {
        return this.buffer.subarray(0, this.size);
    }
}
function endOfArchive(entries, directoryOffset, directorySize) {
    const needsZip64 = entries >= UINT16_LIMIT || directoryOffset >= UINT32_LIMIT || directorySize >= UINT32_LIMIT;
    const end = Buffer.alloc((needsZip64 ? 56 + 20 : 0) + 22);
    let at = 0;
    if (needsZip64) {
        end.writeUInt32LE(0x06064b50, 0);
        end.writeBigUInt64LE(44n, 4);
        end.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
        end.writeUInt16LE(VERSION_ZIP64, 14);
        end.writeBigUInt64LE(BigInt(entries), 24);
        end.writeBigUInt64LE(BigInt(entries), 32);
        end.writeBigUInt64LE(BigInt(directorySize), 40);
        end.writeBigUInt64LE(BigInt(directoryOffset), 48);
        end.writeUInt32LE(0x07064b50, 56);
        end.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 64);
        end.writeUInt32LE(1, 72);
        at = 76;
    }
    end.writeUInt32LE(0x06054b50, at);
    end.writeUInt16LE(Math.min(entries, UINT16_LIMIT), at + 8);
    end.writeUInt16LE(Math.min(entries, UINT16_LIMIT), at + 10);
    end.writeUInt32LE(Math.min(directorySize, UINT32_LIMIT), at + 12);
    end.writeUInt32LE(Math.min(directoryOffset, UINT32_LIMIT), at + 16);
    return end;
}
function assertEntryName(name) {
    const segments = name.split("/");
    if (name.length === 0 || name.includes("\\") || segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
        throw new Error(`Refusing to write the ZIP entry name '${name}': names must be relative, with forward slashes and no empty, '.' or '..' parts.`);
    }
}
const deflateRawAsync = promisify(deflateRaw);
/**
 * The smallest window that still reaches back over the whole input, so no match is out of
 * reach, without allocating and clearing a 32 KiB window for every small file.
 */
function windowBitsFor(length) {
    return Math.max(MIN_WINDOW_BITS, Math.min(MAX_WINDOW_BITS, Math.ceil(Math.log2(length + WINDOW_LOOKAHEAD))));
}
/**
 * Deflates `data`, ending with `finishFlush`. Data of PROBE_FROM bytes or more whose first
 * PROBE_BYTES do not shrink under fast deflate (media, archives, compiled blobs) is framed in
 * stored blocks rather than searched for matches it does not have.
 */
async function deflated(data, finishFlush) {
    const incompressible = data.length >= PROBE_FROM && (await deflateRawAsync(data.subarray(0, PROBE_BYTES), { level: 1 })).length >= PROBE_BYTES * PROBE_RATIO;
    return deflateRawAsync(data, { level: incompressible ? 0 : DEFLATE_LEVEL, finishFlush, windowBits: windowBitsFor(data.length) });
}
/** Starts deflating now; awaited in order later, and a failure before then is not unhandled. */
function deflateAhead(data, finishFlush) {
    const result = deflated(data, finishFlush);
    result.catch(() => undefined);
    return result;
}
/** Input buffers, allocated on first need and reused: the reads never allocate after warm-up. */
class BufferRing {
    free = [];
    allocated = 0;
    take() {
        const reused = this.free.pop();
        if (reused)
            return reused;
        if (this.allocated === PIECES_IN_FLIGHT)
            return undefined;
        this.allocated++;
        return Buffer.allocUnsafeSlow(PIECE_BYTES);
    }
    give(buffer) {
        this.free.push(buffer);
    }
}
function readFully(fd, buffer, position) {
    let read = 0;
    while (read < buffer.length) {
        const count = readSync(fd, buffer, read, buffer.length - read, position + read);
        if (count === 0)
            break;
        read += count;
    }
    return read;
}
/**
 * Reads the files in archive order, ahead of the writer, as far as the ring has buffers:
 * whole files and the pieces of large ones, each handed to zlib as soon as it is read.
 */
class ReadAhead {
    root;
    names;
    ring;
    queue;
    next = 0;
    open;
    constructor(root, names, ring, queue) {
        this.root = root;
        this.names = names;
        this.ring = ring;
        this.queue = queue;
    }
    fill() {
        for (let buffer = this.ring.take(); buffer; buffer = this.ring.take()) {
            if (this.open) {
                this.readPiece(this.open.fd, this.open.file, buffer);
            }
            else if (this.next < this.names.length) {
                this.readFile(this.names[this.next++], buffer);
            }
            else {
                this.ring.give(buffer);
                return;
            }
        }
    }
    /** Closes a file left open by a failure. */
    close() {
        if (this.open)
            closeSync(this.open.fd);
        this.open = undefined;
    }
    readFile(name, buffer) {
        let fd;
        try {
            fd = openSync(path.join(this.root, name), OPEN_FLAGS);
        }
        catch (error) {
            throw new Error(`Could not read ${name}: ${error.message}`);
        }
        let keepOpen = false;
        try {
            const stat = fstatSync(fd);
            if (!stat.isFile())
                throw new Error(`Could not read ${name}: it is not a regular file`);
            const read = readFully(fd, buffer, 0);
            if (read < buffer.length) {
                const raw = buffer.subarray(0, read);
                this.queue.push({ kind: "whole", name: Buffer.from(name, "utf8"), mode: unixMode(stat.mode), buffer, raw, crc: crc32(raw), deflated: read > 0 ? deflateAhead(raw, constants$1.Z_FINISH) : undefined });
                return;
            }
            const file = { name: Buffer.from(name, "utf8"), mode: unixMode(stat.mode), zip64: stat.size >= PIECED_ZIP64_FROM, crc: 0, size: 0, offset: 0, compressedSize: 0 };
            this.queue.push({ kind: "start", file });
            this.open = { fd, file };
            keepOpen = true;
            this.queuePiece(file, buffer, read);
        }
        finally {
            if (!keepOpen)
                closeSync(fd);
        }
    }
    readPiece(fd, file, buffer) {
        const read = readFully(fd, buffer, file.size);
        if (read > 0) {
            this.queuePiece(file, buffer, read);
        }
        else {
            this.ring.give(buffer);
        }
        if (read < buffer.length) {
            this.close();
            this.queue.push({ kind: "end", file });
        }
    }
    queuePiece(file, buffer, read) {
        const data = buffer.subarray(0, read);
        file.crc = crc32(data, file.crc);
        file.size += read;
        // Each piece ends on a byte boundary without a final block, so pieces concatenate.
        this.queue.push({ kind: "piece", file, buffer, deflated: deflateAhead(data, constants$1.Z_SYNC_FLUSH) });
    }
}
function dataDescriptor(file) {
    const descriptor = Buffer.alloc(file.zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(file.crc, 4);
    if (file.zip64) {
        descriptor.writeBigUInt64LE(BigInt(file.compressedSize), 8);
        descriptor.writeBigUInt64LE(BigInt(file.size), 16);
    }
    else {
        if (file.compressedSize >= UINT32_LIMIT || file.size >= UINT32_LIMIT) {
            throw new Error(`Could not package ${file.name.toString("utf8")}: it grew past 4 GiB while being read.`);
        }
        descriptor.writeUInt32LE(file.compressedSize, 8);
        descriptor.writeUInt32LE(file.size, 12);
    }
    return descriptor;
}
/**
 * Writes the files named (relative to `root`, forward slashes) to `outputFile` as a ZIP, sorted
 * by the bytes of their names, with fixed timestamps and modes (0644, or 0755 for executables).
 * Symbolic links are refused rather than followed. On failure the partial file is removed.
 */
async function writeZip(root, names, outputFile) {
    const ordered = [...names].sort(compareByteOrder);
    for (let i = 0; i < ordered.length; i++) {
        assertEntryName(ordered[i]);
        if (i > 0 && ordered[i - 1] === ordered[i])
            throw new Error(`Two files share the ZIP entry name '${ordered[i]}'.`);
    }
    const fd = openSync(outputFile, "w");
    const sink = new HashingFileSink(fd);
    const directory = new CentralDirectory();
    const header = Buffer.allocUnsafeSlow(30 + UINT16_LIMIT + 20);
    const ring = new BufferRing();
    const queue = [];
    const reader = new ReadAhead(path.resolve(root), ordered, ring, queue);
    let written;
    try {
        for (reader.fill(); queue.length > 0; reader.fill()) {
            const unit = queue.shift();
            if (unit.kind === "whole") {
                const compressed = unit.deflated && (await unit.deflated);
                const method = compressed && compressed.length < unit.raw.length ? METHOD_DEFLATE : METHOD_STORE;
                const data = method === METHOD_DEFLATE ? compressed : unit.raw;
                const offset = sink.bytes;
                sink.write(header.subarray(0, writeLocalHeader(header, unit.name, method, FLAG_UTF8_NAME, unit.crc, unit.raw.length, data.length, false)));
                sink.write(data);
                ring.give(unit.buffer);
                directory.add({ name: unit.name, method, flags: FLAG_UTF8_NAME, crc: unit.crc, size: unit.raw.length, compressedSize: data.length, offset, mode: unit.mode });
            }
            else if (unit.kind === "start") {
                unit.file.offset = sink.bytes;
                sink.write(header.subarray(0, writeLocalHeader(header, unit.file.name, METHOD_DEFLATE, FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR, 0, 0, 0, unit.file.zip64)));
            }
            else if (unit.kind === "piece") {
                const compressed = await unit.deflated;
                sink.write(compressed);
                unit.file.compressedSize += compressed.length;
                ring.give(unit.buffer);
            }
            else {
                const { file } = unit;
                sink.write(FINAL_EMPTY_BLOCK);
                file.compressedSize += FINAL_EMPTY_BLOCK.length;
                sink.write(dataDescriptor(file));
                directory.add({ ...file, method: METHOD_DEFLATE, flags: FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR });
            }
        }
        const directoryOffset = sink.bytes;
        sink.write(directory.bytes());
        sink.write(endOfArchive(directory.entries, directoryOffset, directory.size));
        written = { bytes: sink.bytes, sha256Base64: sink.finish(), entries: directory.entries };
        return written;
    }
    finally {
        reader.close();
        closeSync(fd);
        if (!written)
            rmSync(outputFile, { force: true });
    }
}

// Packages the deploy folder into the ZIP that Zeabur's Upload API receives, and says what
// went in, what stayed out and why.
/** Enough to see what the rules did; the count says how many more there were. */
const LISTED_EXCLUSIONS = 200;
function kindOf(entry) {
    if (entry.isFile())
        return "file";
    if (entry.isDirectory())
        return "directory";
    if (entry.isSymbolicLink())
        return "symlink";
    return "other";
}
function listDirectory(root, relative, name) {
    const folder = path.join(root, relative);
    try {
        // A name that is not UTF-8 cannot be read back by name, nor stored in the ZIP as Zeabur reads it.
        readUtf8Names(folder, `The ${name("deploy-path")} folder`, [
            `Or leave it out of the upload with an ${name("exclude")} pattern, if the application does not need it.`,
        ]);
        return readdirSync(folder, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
    }
    catch (error) {
        if (error instanceof GateError)
            throw error;
        throw new GateError("upload-failed", `Could not list the folder '${relative || "."}' in ${root}: ${describeThrown(error)}`, [
            `Make sure this user can read every folder under ${name("deploy-path")}, or leave the folder out with an ${name("exclude")} pattern.`,
        ]);
    }
}
function readIgnoreFile(root, name) {
    try {
        return readFileSync(path.join(root, name), "utf8");
    }
    catch (error) {
        const code = error.code;
        if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR")
            return undefined;
        throw new GateError("upload-failed", `Could not read ${name} in ${root}: ${describeThrown(error)}`, [
            `Make sure ${name} is readable by the runner's user; it decides which files are uploaded.`,
        ]);
    }
}
function count(excluded, reason) {
    return excluded.filter((entry) => entry.reason === reason).length;
}
function patternsFor(excluded, reason) {
    const patterns = new Set(excluded.filter((entry) => entry.reason === reason && entry.pattern !== undefined).map((entry) => entry.pattern));
    return [...patterns].slice(0, 5);
}
function quoted(patterns) {
    return patterns.map((pattern) => `'${pattern}'`).join(", ");
}
function nothingToUpload(root, plan, name) {
    if (plan.excluded.length === 0) {
        return new GateError("upload-failed", `Nothing to upload: the deploy folder ${root} contains no files.`, [
            `Check ${name("deploy-path")}: it must name the folder with the project's source, relative to the repository root.`,
            "If the files come from an earlier step (a build, a download), run that step before this one, in the same job.",
        ]);
    }
    const causes = [];
    const nextSteps = [];
    const byIgnoreFile = count(plan.excluded, "ignore-file");
    if (byIgnoreFile > 0) {
        const patterns = patternsFor(plan.excluded, "ignore-file");
        causes.push(`${byIgnoreFile} by ${plan.ignoreFile} (patterns ${quoted(patterns)})`);
        nextSteps.push(`Narrow ${quoted(patterns)} in ${path.join(root, plan.ignoreFile ?? "")}` +
            (plan.ignoreFile === ".gitignore" ? ", or add a .zeaburignore at the root: when present it replaces .gitignore for packaging." : "."));
    }
    const byExcludeInput = count(plan.excluded, "exclude-input");
    if (byExcludeInput > 0) {
        const patterns = patternsFor(plan.excluded, "exclude-input");
        causes.push(`${byExcludeInput} by ${name("exclude")} (patterns ${quoted(patterns)})`);
        nextSteps.push(`Narrow ${quoted(patterns)} in ${name("exclude")}.`);
    }
    if (plan.envFilesExcluded.length > 0) {
        causes.push(`${plan.envFilesExcluded.length} env file(s) kept out to protect secrets`);
        nextSteps.push(`To upload an env file anyway, add a negation such as \`!.env.production\` to ${name("exclude")}; secrets are safer as Zeabur variables.`);
    }
    if (plan.symlinksSkipped.length > 0) {
        causes.push(`${plan.symlinksSkipped.length} symbolic link(s), which are never followed`);
        nextSteps.push("Replace the symbolic links with the files they point to (copy them into the folder in an earlier step).");
    }
    const gitEntries = count(plan.excluded, "git-dir");
    if (gitEntries > 0)
        causes.push(`${gitEntries} .git entr${gitEntries === 1 ? "y" : "ies"}, never uploaded`);
    return new GateError("upload-failed", `Nothing to upload: every entry in the deploy folder ${root} was left out: ${causes.join("; ")}.`, [
        ...nextSteps,
        `Check ${name("deploy-path")}: it must name the folder with the project's source.`,
    ]);
}
/** Named before anything is written or touched, each with why, and how to leave it out. */
function unpackableNames(root, names) {
    const shown = names.slice(0, 10).map((name) => `${JSON.stringify(name.path)}: ${name.why}`);
    const more = names.length > shown.length ? `; and ${names.length - shown.length} more` : "";
    return new GateError("upload-failed", `Cannot package ${names.length} file(s) in ${root} under their real names: ${shown.join("; ")}${more}.`, [
        "Rename the file(s) in the repository, or leave them out of the upload with the `exclude` input (one gitignore-style pattern per line).",
    ]);
}
/**
 * Decides the files (Zeabur CLI rules plus `exclude`, env files and symbolic links left out),
 * then writes them to `outputFile` as a deterministic ZIP. Throws GateError('upload-failed')
 * when nothing would be uploaded or a file cannot be read.
 */
async function packageFolder(options) {
    const name = options.optionName ?? AS_INPUT;
    const root = path.resolve(options.root);
    const outputFile = path.resolve(options.outputFile);
    const plan = planArchive({
        zeaburignore: readIgnoreFile(root, ".zeaburignore"),
        gitignore: readIgnoreFile(root, ".gitignore"),
        exclude: options.exclude,
        listDirectory: (relative) => listDirectory(root, relative, name),
    });
    if (plan.unpackableNames.length > 0)
        throw unpackableNames(root, plan.unpackableNames);
    for (const special of plan.specialFilesSkipped) {
        options.reporter?.warning(`Not uploading ${special}: it is not a regular file (socket, FIFO or device).`);
    }
    // A previous run's archive left inside the folder must not be packaged into the new one.
    const outputName = path.relative(root, outputFile).split(path.sep).join("/");
    const files = plan.files.filter((file) => file !== outputName);
    if (files.length === 0)
        throw nothingToUpload(root, plan, name);
    mkdirSync(path.dirname(outputFile), { recursive: true });
    let written;
    try {
        written = await writeZip(root, files, outputFile);
    }
    catch (error) {
        if (error instanceof GateError)
            throw error;
        throw new GateError("upload-failed", `Could not package ${root} into ${outputFile}: ${describeThrown(error)}`, [
            "If a file changed or vanished while packaging, make sure no earlier step is still writing to the folder.",
            `Make sure this user can read every file under ${name("deploy-path")} and write the archive's folder, or leave unreadable files out with an ${name("exclude")} pattern.`,
        ]);
    }
    options.reporter?.info(`Packaged ${written.entries} files from ${root} into ${outputFile} (${written.bytes} bytes, SHA-256 ${written.sha256Base64}).`);
    return {
        file: outputFile,
        bytes: written.bytes,
        sha256Base64: written.sha256Base64,
        files: written.entries,
        ignoreFile: plan.ignoreFile,
        excluded: plan.excluded.slice(0, LISTED_EXCLUSIONS).map(({ path: excludedPath, reason }) => ({ path: excludedPath, reason })),
        excludedCount: plan.excluded.length,
        envFilesExcluded: [...plan.envFilesExcluded],
        symlinksSkipped: [...plan.symlinksSkipped],
    };
}

// Follows a deployment that prepare started until Zeabur reports it running or failed, so the
// job's result is the deployment's, not merely the upload's.
/** A deployment that failed or did not finish in time, with what the job summary shows about it. */
class DeploymentError extends GateError {
    result;
    constructor(reason, message, nextSteps, result) {
        super(reason, message, nextSteps);
        this.result = result;
        this.name = "DeploymentError";
    }
}
const DEPLOYMENTS_QUERY = `query DeploymentStatus($serviceID: ObjectID!, $environmentID: ObjectID!, $perPage: Int) {
  deployments(serviceID: $serviceID, environmentID: $environmentID, perPage: $perPage) {
    edges { node { _id status createdAt finishedAt } }
  }
}`;
const RUNTIME_LOGS_QUERY = `query RuntimeLogs($serviceID: ObjectID!, $environmentID: ObjectID!, $deploymentID: ObjectID!) {
  runtimeLogs(serviceID: $serviceID, environmentID: $environmentID, deploymentID: $deploymentID) { message timestamp }
}`;
const BUILD_LOGS_QUERY = `query BuildLogs($deploymentID: ObjectID!) {
  buildLogs(deploymentID: $deploymentID) { message timestamp }
}`;
/** Enough newer deployments of the same service that ours is still on the page. */
const DEPLOYMENTS_PER_PAGE = 20;
/** The build log lines kept for a deployment that did not succeed. */
const BUILD_LOG_LINES = 30;
/** Reading the log after the verdict gets its own time: the wait's deadline may be spent. */
const BUILD_LOG_BUDGET_MS = 15_000;
/** health-url is asked at most this often, each answer awaited at most HEALTH_REQUEST_MS. */
const HEALTH_MAX_TRIES = 10;
const HEALTH_REQUEST_MS = 10_000;
const HEALTH_BACKOFF = { initialMs: 1_000, maxMs: 5_000, factor: 2, jitter: 0.2 };
/**
 * Polls until RUNNING (returns) or a failure status (DeploymentError "deploy-failed"), or
 * until `deadline` (DeploymentError "deploy-timeout"). Statuses it does not know count as
 * in progress; errors that may pass are retried within the deadline.
 */
async function followDeployment(zeabur, deploymentId, deadline, options = {}) {
    const log = (line) => options.log?.(redact(line, zeabur.apiKey));
    const pollIntervalMs = options.pollIntervalMs ?? 3000;
    const backoff = options.backoff ?? DEFAULT_BACKOFF;
    const name = options.optionName ?? AS_INPUT;
    const where = options.deploymentUrl ? ` (${options.deploymentUrl})` : "";
    const startedAt = Date.now();
    let status = "";
    let lastProblem = "";
    let consecutiveFailures = 0;
    let previousDeployment;
    let listRead = false;
    while (!deadline.expired()) {
        let waitMs = pollIntervalMs;
        try {
            const data = await queryGraphql(zeabur, DEPLOYMENTS_QUERY, { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: DEPLOYMENTS_PER_PAGE }, deadline, log);
            consecutiveFailures = 0;
            lastProblem = "";
            const nodes = data.deployments.edges.map((edge) => edge.node);
            if (!listRead) {
                listRead = true;
                const previous = nodes.find((candidate) => candidate._id !== deploymentId && classifyDeploymentStatus(candidate.status) === "succeeded");
                if (previous)
                    previousDeployment = { id: previous._id, url: options.deploymentUrl?.replace(deploymentId, previous._id) };
            }
            const node = nodes.find((candidate) => candidate._id === deploymentId);
            if (!node) {
                lastProblem = `deployment ${deploymentId} is not among the service's ${DEPLOYMENTS_PER_PAGE} newest deployments yet`;
            }
            else if (node.status !== status) {
                status = node.status;
                log(`Zeabur deployment ${deploymentId}: ${status}`);
            }
        }
        catch (error) {
            if (!(error instanceof GraphqlFailure))
                throw error;
            if (deadline.expired()) {
                lastProblem = error.message;
                break;
            }
            if (!error.transient) {
                throw new DeploymentError("deploy-failed", `Could not read the status of Zeabur deployment ${deploymentId}${where}: ${error.message}`, [
                    `Check that ${name("zeabur-api-key")} belongs to an account that can see the service, and that ${name("zeabur-service-id")} and ${name("zeabur-environment-id")} are right.`,
                    "The deployment itself may still succeed; look at it in the Zeabur dashboard.",
                ], { status, buildLogTail: [] });
            }
            consecutiveFailures += 1;
            lastProblem = error.message;
            waitMs = Math.max(pollIntervalMs, backoffDelay(consecutiveFailures, backoff), error.retryAfterMs ?? 0);
            log(`${error.message}; asking again in ${formatDuration(waitMs)}.`);
        }
        const state = status ? classifyDeploymentStatus(status) : "in-progress";
        if (state === "in-progress") {
            options.progress?.(`Waiting for Zeabur deployment ${deploymentId} (${status || "no status yet"}) for ${formatDuration(Date.now() - startedAt)}, until ${deadline.describe()} ends`);
        }
        if (state === "succeeded") {
            if (!options.settleMs && !options.healthUrl)
                return { status, buildLogTail: [], previousDeployment };
            return await settleAfterRunning(zeabur, deploymentId, deadline, options, { status, previousDeployment, log, where });
        }
        if (state === "failed") {
            const buildLogTail = await readLogTail(zeabur, "build", deploymentId, log);
            throw new DeploymentError("deploy-failed", `Zeabur deployment ${deploymentId} ended ${status}${where}.`, [
                buildLogTail.length > 0
                    ? "Read the last build log lines in the job summary; the full log is in the Zeabur dashboard."
                    : "Read the build and runtime logs of the deployment in the Zeabur dashboard.",
                "The database migrations already ran and are not rolled back: the previous version of the service must work with the new schema until the fix is deployed.",
            ], { status, buildLogTail });
        }
        await deadline.sleep(waitMs);
    }
    const waited = formatDuration(Date.now() - startedAt);
    const buildLogTail = await readLogTail(zeabur, "build", deploymentId, log);
    const lastSeen = status ? `its last status was ${status}` : "its status could never be read";
    throw new DeploymentError("deploy-timeout", `Zeabur deployment ${deploymentId} did not finish within ${waited} (${name("wait-timeout")}); ${lastSeen}${lastProblem ? ` (last problem: ${lastProblem})` : ""}${where}.`, [
        "The deployment continues on Zeabur; look at it in the dashboard.",
        `If builds normally take longer, raise ${name("wait-timeout")}.`,
    ], { status, buildLogTail });
}
/**
 * The last lines of a deployment's build or runtime log. Best effort: a missing log must not
 * hide the verdict it would only explain.
 */
async function readLogTail(zeabur, kind, deploymentId, log) {
    try {
        const entries = kind === "build"
            ? (await queryGraphql(zeabur, BUILD_LOGS_QUERY, { deploymentID: deploymentId }, new Deadline(BUILD_LOG_BUDGET_MS, "reading the build log"), log)).buildLogs
            : (await queryGraphql(zeabur, RUNTIME_LOGS_QUERY, { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, deploymentID: deploymentId }, new Deadline(BUILD_LOG_BUDGET_MS, "reading the runtime log"), log)).runtimeLogs;
        const lines = (entries ?? []).flatMap((entry) => entry.message.split(/\r?\n/)).map(cleanLogLine);
        while (lines.length > 0 && lines[lines.length - 1] === "")
            lines.pop();
        return lines.slice(-BUILD_LOG_LINES).map((line) => redact(line, zeabur.apiKey));
    }
    catch (error) {
        log(`Could not read the ${kind} log of deployment ${deploymentId}: ${error.message}`);
        return [];
    }
}
/**
 * RUNNING is not yet healthy: a service that crashes on start-up reports RUNNING first. Keeps
 * reading the status for the settle period and asks health-url until it answers 2xx; either
 * failing is a DeploymentError "deploy-unhealthy" with the runtime logs and the deployment to
 * go back to.
 */
async function settleAfterRunning(zeabur, deploymentId, deadline, options, running) {
    const name = options.optionName ?? AS_INPUT;
    const pollIntervalMs = options.pollIntervalMs ?? 3000;
    const settleMs = options.settleMs ?? 0;
    const settledAt = Date.now() + settleMs;
    let healthy = !options.healthUrl;
    let healthTries = 0;
    let lastHealth = "";
    const unhealthy = async (what) => {
        const runtimeLogTail = await readLogTail(zeabur, "runtime", deploymentId, running.log);
        const previous = running.previousDeployment;
        return new DeploymentError("deploy-unhealthy", `Zeabur deployment ${deploymentId}${running.where} reported RUNNING, then ${what}.`, [
            runtimeLogTail.length > 0 ? "Read its last runtime log lines in the job summary." : "Read its runtime logs in the Zeabur dashboard.",
            previous
                ? `The previous deployment that was running is ${previous.id}${previous.url ? ` (${previous.url})` : ""}: redeploy it from the Zeabur dashboard to go back.`
                : "No earlier running deployment of this service was found to go back to.",
            "The database migrations already ran and are not rolled back: the previous version of the service must work with the new schema until the fix is deployed.",
        ], { status: running.status, buildLogTail: [], runtimeLogTail, previousDeployment: previous });
    };
    running.log(`Zeabur deployment ${deploymentId} is RUNNING; following it ${settleMs > 0 ? `for ${formatDuration(settleMs)} (${name("settle-period")})` : ""}${settleMs > 0 && options.healthUrl ? " and " : ""}${options.healthUrl ? `until ${name("health-url")} answers 2xx` : ""}.`);
    for (;;) {
        try {
            const data = await queryGraphql(zeabur, DEPLOYMENTS_QUERY, { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: DEPLOYMENTS_PER_PAGE }, deadline, running.log);
            const node = data.deployments.edges.map((edge) => edge.node).find((candidate) => candidate._id === deploymentId);
            if (node && node.status !== running.status) {
                running.status = node.status;
                running.log(`Zeabur deployment ${deploymentId}: ${node.status}`);
                if (classifyDeploymentStatus(node.status) === "failed")
                    throw await unhealthy(`turned ${node.status} within ${name("settle-period")}`);
            }
        }
        catch (error) {
            // A status that cannot be read for a moment says nothing about the service's health.
            if (!(error instanceof GraphqlFailure))
                throw error;
            running.log(`Could not read the status while the deployment settles: ${error.message}`);
        }
        if (!healthy && options.healthUrl) {
            healthTries += 1;
            lastHealth = await probeHealth(options.healthUrl, Math.max(1, Math.min(HEALTH_REQUEST_MS, deadline.remainingMs())));
            healthy = lastHealth === "";
            if (healthy)
                running.log(`${name("health-url")} answered 2xx (try ${healthTries}).`);
            else if (healthTries >= HEALTH_MAX_TRIES)
                throw await unhealthy(`${name("health-url")} did not answer 2xx in ${healthTries} tries: ${lastHealth}`);
            else
                running.log(`${name("health-url")}: ${lastHealth}; asking again.`);
        }
        const now = Date.now();
        if (healthy && now >= settledAt)
            return { status: running.status, buildLogTail: [], previousDeployment: running.previousDeployment };
        if (deadline.expired()) {
            if (!healthy)
                throw await unhealthy(`${name("health-url")} did not answer 2xx before ${deadline.describe()} ended: ${lastHealth}`);
            running.log(`The settle period was cut short by ${deadline.describe()}; the deployment was still ${running.status}.`);
            return { status: running.status, buildLogTail: [], previousDeployment: running.previousDeployment };
        }
        const untilSettled = Math.max(0, settledAt - now);
        const wait = healthy ? Math.min(pollIntervalMs, untilSettled) : Math.min(backoffDelay(healthTries, HEALTH_BACKOFF), Math.max(pollIntervalMs, 1));
        options.progress?.(`Zeabur deployment ${deploymentId} ${running.status}: settling, ${formatDuration(untilSettled)} left`);
        await deadline.sleep(Math.max(wait, 1));
    }
}
/**
 * Empty when the URL answered 2xx; otherwise what it answered, for the message. `timeoutMs` is cut
 * to what is left of the wait, so a silent health-url cannot hold the run past wait-timeout.
 */
async function probeHealth(url, timeoutMs) {
    try {
        const response = await fetch(url, { redirect: "follow", signal: abortAfter(timeoutMs) });
        await response.body?.cancel().catch(() => undefined);
        return response.status >= 200 && response.status < 300 ? "" : `HTTP ${response.status}`;
    }
    catch (error) {
        const cause = error.cause?.code;
        return `${error.name === "TimeoutError" ? `no answer within ${formatDuration(timeoutMs)}` : error.message}${cause ? ` (${cause})` : ""}`;
    }
}

// Hands an archive to Zeabur: create an upload, PUT the bytes to the pre-signed URL, prepare
// a deployment of the service from it. Each call is retried when the failure is the network's
// or the service's passing trouble, never when repeating it would fail the same way.
const STEP_DESCRIPTIONS = {
    create: "creating the upload (POST /v2/upload)",
    upload: "sending the archive to the pre-signed storage URL",
    prepare: "starting the deployment (POST /v2/upload/{id}/prepare)",
};
/** A rejected pre-signed URL that a fresh create will replace. */
class PresignedUrlExpired extends Error {
}
async function uploadArchive(zeabur, archive, deadline, options = {}) {
    const secretFree = (text) => redact(text, zeabur.apiKey);
    const log = (line) => options.log?.(secretFree(line));
    const backoff = options.backoff ?? DEFAULT_BACKOFF;
    const maxAttempts = options.maxAttemptsPerCall ?? 5;
    const maxNewUploads = options.maxNewUploads ?? 2;
    const auth = { authorization: `Bearer ${zeabur.apiKey}` };
    const size = statSync(archive.file).size;
    if (size !== archive.bytes) {
        throw new GateError("upload-failed", `The archive ${archive.file} has ${size} bytes, not the ${archive.bytes} it was measured at: it changed after packaging.`);
    }
    const fail = (step, detail, tries, nextSteps) => new GateError("upload-failed", secretFree(`Zeabur upload failed while ${STEP_DESCRIPTIONS[step]}: ${detail}${tries > 1 ? ` (after ${tries} attempts)` : ""}.`), nextSteps.map(secretFree));
    /** Runs one call until it answers with a success, retrying passing trouble within the deadline. */
    async function call(step, send, succeeded) {
        for (let attempt = 1;; attempt++) {
            let answer;
            let problem = "";
            let waitAtLeastMs = 0;
            try {
                answer = await send();
            }
            catch (error) {
                if (!(error instanceof NetworkFailure))
                    throw error;
                if (error.deadlineExpired) {
                    throw fail(step, error.message, attempt, [
                        `Raise ${(options.optionName ?? AS_INPUT)("upload-timeout")} if the archive (${archive.bytes} bytes) needs longer on this runner's connection.`,
                        "A proxy or storage that takes the request and never answers ends the same way: check the runner's route to Zeabur and re-run the job.",
                    ]);
                }
                problem = `no answer: ${error.message}`;
            }
            if (answer) {
                if (succeeded(answer.status))
                    return { answer, tries: attempt };
                const decision = retryDecisionForStatus(answer.status, answer.body);
                if (decision === "new-upload" && step === "upload")
                    throw new PresignedUrlExpired(describeErrorAnswer(answer.status, answer.body));
                if (decision !== "retry")
                    throw fail(step, describeErrorAnswer(answer.status, answer.body), attempt, nextStepsForStatus(answer.status, answer.body, step, options.optionName));
                problem = describeErrorAnswer(answer.status, answer.body);
                waitAtLeastMs = retryAfterMs(headerValue(answer, "retry-after")) ?? 0;
            }
            const nextSteps = answer ? nextStepsForStatus(answer.status, answer.body, step, options.optionName) : ["Check the runner's network connection to Zeabur and re-run the job."];
            if (attempt >= maxAttempts)
                throw fail(step, problem, attempt, nextSteps);
            const waitMs = Math.max(backoffDelay(attempt, backoff), waitAtLeastMs);
            if (waitMs >= deadline.remainingMs()) {
                throw fail(step, `${problem}; the next try would start after ${deadline.describe()} ends`, attempt, nextSteps);
            }
            log(`Zeabur ${step}: ${problem}; trying again in ${formatDuration(waitMs)} (attempt ${attempt + 1} of ${maxAttempts}).`);
            await deadline.sleep(waitMs);
        }
    }
    async function createUpload() {
        const { answer } = await call("create", () => exchange({
            url: `${zeabur.apiUrl}/v2/upload`,
            method: "POST",
            headers: { ...auth, "content-type": "application/json", accept: "application/json" },
            body: JSON.stringify({ content_hash: archive.sha256Base64, content_hash_algorithm: "sha256", content_length: archive.bytes }),
            timeoutMs: CREATE_TIMEOUT_MS,
            deadline,
            onWaiting: log,
        }), (status) => status === 201 || status === 200);
        const parsed = parseJsonObject(answer.body);
        const presignHeader = parsed?.presign_header;
        const { upload_id: uploadId, presign_url: url, presign_method: method } = parsed ?? {};
        if (typeof uploadId !== "string" || typeof url !== "string" || !/^https?:\/\//i.test(url)) {
            throw fail("create", `the answer (HTTP ${answer.status}) has no upload_id or presign_url: ${answer.body.slice(0, 200)}`, 1, [
                "Zeabur's upload API may have changed; report this with the log.",
            ]);
        }
        const headers = {};
        if (typeof presignHeader === "object" && presignHeader !== null) {
            for (const [name, value] of Object.entries(presignHeader)) {
                // The length is ours to state; everything else the storage signed must go as given.
                if (name.toLowerCase() !== "content-length" && typeof value === "string")
                    headers[name] = value;
            }
        }
        const serverDate = Date.parse(headerValue(answer, "date") ?? "");
        return {
            uploadId,
            url,
            method: typeof method === "string" && method ? method.toUpperCase() : "PUT",
            headers,
            createdAtMs: Number.isNaN(serverDate) ? Date.now() : serverDate,
        };
    }
    let presigned;
    let sends = 0;
    for (let newUploads = 0; !presigned; newUploads++) {
        const candidate = await createUpload();
        log(`Zeabur upload ${candidate.uploadId} created; sending ${archive.bytes} bytes.`);
        try {
            await call("upload", () => {
                sends += 1;
                return sendFile({
                    url: candidate.url,
                    method: candidate.method,
                    headers: candidate.headers,
                    file: archive.file,
                    bytes: archive.bytes,
                    timeoutMs: sendAttemptLimitMs(archive.bytes, deadline.budgetMs),
                    deadline,
                    onWaiting: log,
                });
            }, (status) => status >= 200 && status < 300);
            presigned = candidate;
        }
        catch (error) {
            if (!(error instanceof PresignedUrlExpired))
                throw error;
            if (newUploads >= maxNewUploads) {
                throw fail("upload", `${error.message}, and so did ${maxNewUploads} fresh pre-signed URLs`, sends, [
                    "The runner's clock or connection may be far off; check the runner and re-run the job.",
                ]);
            }
            log(`Zeabur upload ${candidate.uploadId}: the pre-signed URL expired (${error.message}); asking for a new one.`);
        }
    }
    const { uploadId } = presigned;
    // Whether prepare is idempotent is undocumented; a retry after a lost answer may start a
    // second deployment of the same archive, which is harmless next to not deploying at all.
    const { answer: prepared } = await call("prepare", () => exchange({
        url: `${zeabur.apiUrl}/v2/upload/${encodeURIComponent(uploadId)}/prepare`,
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ upload_type: "existing_service", service_id: zeabur.serviceId, environment_id: zeabur.environmentId }),
        timeoutMs: PREPARE_TIMEOUT_MS,
        deadline,
        onWaiting: log,
    }), (status) => status === 200 || status === 201);
    const deploymentUrl = parseJsonObject(prepared.body)?.url;
    if (typeof deploymentUrl !== "string") {
        throw fail("prepare", `the answer (HTTP ${prepared.status}) has no url: ${prepared.body.slice(0, 200)}`, 1, [
            "Zeabur's upload API may have changed; report this with the log.",
        ]);
    }
    const deploymentId = deploymentIdFromUrl(deploymentUrl) ?? (await newestDeploymentSince(zeabur, presigned.createdAtMs, deadline, log));
    if (!deploymentId) {
        throw fail("prepare", `Zeabur started a deployment (${deploymentUrl}) but neither its answer nor the service's deployment list names it`, 1, [
            `Follow the deployment in the dashboard: ${deploymentUrl}`,
        ]);
    }
    log(`Zeabur deployment ${deploymentId} started: ${deploymentUrl}`);
    return { uploadId, deploymentId, deploymentUrl, attempts: sends };
}
function parseJsonObject(text) {
    try {
        const parsed = JSON.parse(text);
        return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
const RECENT_DEPLOYMENTS_QUERY = `query RecentDeployments($serviceID: ObjectID!, $environmentID: ObjectID!, $perPage: Int) {
  deployments(serviceID: $serviceID, environmentID: $environmentID, perPage: $perPage) {
    edges { node { _id status createdAt } }
  }
}`;
/**
 * When prepare's URL names no deployment, the newest one created since the upload is ours.
 * The server's clock dates both, and its Date header has whole seconds, hence the second of slack.
 */
async function newestDeploymentSince(zeabur, sinceMs, deadline, log) {
    log("Zeabur's prepare answer names no deployment id; looking for the newest deployment of the service.");
    const lookup = deadline.sub(30_000, "finding the new deployment");
    for (let attempt = 1; !lookup.expired(); attempt++) {
        try {
            const data = await queryGraphql(zeabur, RECENT_DEPLOYMENTS_QUERY, { serviceID: zeabur.serviceId, environmentID: zeabur.environmentId, perPage: 5 }, lookup);
            const ours = data.deployments.edges
                .map((edge) => edge.node)
                .filter((node) => Date.parse(node.createdAt) >= sinceMs - 1000)
                .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
            if (ours)
                return ours._id;
        }
        catch (error) {
            log(`Looking for the new deployment: ${error.message}`);
        }
        await lookup.sleep(backoffDelay(attempt, DEFAULT_BACKOFF));
    }
    return undefined;
}

// `deploy`: package, migrate, and only if the migrations succeeded, upload to Zeabur and
// follow the deployment. `upload` is the same without the database.
//
// The archive is built before the gate on purpose: a packaging mistake (an empty folder,
// unreadable files) then stops the run before anything touched the database. So is Zeabur
// (and GitHub's token) asked read-only whether the deploy can go through (src/preflight).
async function packageForZeabur(settings, ports, report, scratch) {
    report.step = `packaging ${settings.deployPath}`;
    return await ports.reporter.step(`Packaging ${settings.deployPath}`, async () => {
        const archive = await packageFolder({
            root: settings.deployPath,
            exclude: settings.exclude,
            outputFile: path.join(scratch, "deploy.zip"),
            reporter: ports.reporter,
            optionName: ports.optionName,
        });
        report.archive = archive;
        return archive;
    });
}
async function shipToZeabur(settings, ports, report, archive) {
    const log = (line) => ports.reporter.info(line);
    let record;
    try {
        record = await ports.recordDeploy?.start(`Zeabur deploy of ${archive.files} files`);
        report.step = "uploading the archive to Zeabur";
        const uploadDeadline = new Deadline(settings.uploadTimeoutMs, `the Zeabur upload (${ports.optionName("upload-timeout")})`);
        const uploaded = await uploadArchive(settings.zeabur, archive, uploadDeadline, { log, optionName: ports.optionName });
        report.upload = uploaded;
        if (!settings.wait) {
            await record?.finish("success", uploaded.deploymentUrl, "Uploaded; not followed (wait: false)");
            return;
        }
        report.step = "following the Zeabur deployment";
        report.deployment = await followDeployment(settings.zeabur, uploaded.deploymentId, new Deadline(settings.waitTimeoutMs, `the deployment (${ports.optionName("wait-timeout")})`), {
            deploymentUrl: uploaded.deploymentUrl,
            optionName: ports.optionName,
            settleMs: settings.settleMs,
            healthUrl: settings.healthUrl,
            log,
            progress: (line) => ports.reporter.progress(line),
        });
        await record?.finish("success", uploaded.deploymentUrl);
    }
    catch (error) {
        if (error instanceof DeploymentError)
            report.deployment = error.result;
        await record?.finish(error instanceof DeploymentError ? "failure" : "error", report.upload?.deploymentUrl);
        throw error;
    }
}
/**
 * contract-migrations: after-deploy. The held migrations run only once the new deployment is
 * healthy; whatever stops the run before then leaves them unapplied, so the previous version
 * can still run on the database.
 */
async function applyAfterHealthyDeploy(contract, deploy, applyHeld) {
    try {
        await deploy();
    }
    catch (error) {
        contract.heldOutcome = "not-applied";
        throw error;
    }
    try {
        await applyHeld();
        contract.heldOutcome = "applied";
    }
    catch (error) {
        contract.heldOutcome = "stopped-after-healthy";
        throw error;
    }
}
async function withScratchFolder(ports, report, use) {
    report.step = "creating a scratch folder for the archive";
    const folder = mkdtempSync(path.join(ports.tempDir, "prisma-gated-deploy-"));
    try {
        return await use(folder);
    }
    finally {
        rmSync(folder, { recursive: true, force: true });
    }
}
async function runDeploy(settings, ports, report) {
    await withScratchFolder(ports, report, async (scratch) => {
        const archive = await packageForZeabur(settings, ports, report, scratch);
        runCancellation.throwIfRequested("while packaging, before the database was touched");
        // A wrong Zeabur key or id found at upload time would leave the migrations applied and nothing deployed.
        await verifyShipping(settings, ports, report);
        // A failed gate throws here: nothing below runs, so nothing is uploaded.
        report.step = "the migration gate";
        const migration = await runMigrate(settings, ports, report);
        const held = migration.contract?.heldForDeploy ?? [];
        runCancellation.throwIfRequested("after the migrations, before the upload started");
        if (held.length === 0) {
            await shipToZeabur(settings, ports, report, archive);
            return;
        }
        await applyAfterHealthyDeploy(migration.contract, async () => {
            await shipToZeabur(settings, ports, report, archive);
        }, async () => {
            runCancellation.throwIfRequested("after the new deployment became healthy, before the contract migrations");
            report.step = "the contract migrations, after the healthy deployment";
            await runMigrate(settings, ports, report);
        });
    });
    return report;
}
async function runUpload(settings, ports, report) {
    await withScratchFolder(ports, report, async (scratch) => {
        const archive = await packageForZeabur(settings, ports, report, scratch);
        await verifyShipping(settings, ports, report);
        runCancellation.throwIfRequested("after packaging, before the upload started");
        await shipToZeabur(settings, ports, report, archive);
    });
    return report;
}

export { runDeploy, runUpload };
