// The application_name the Prisma CLI's connections carry, so the action can tell its
// backends from every other session. Pure.

/** PostgreSQL keeps at most NAMEDATALEN - 1 bytes of application_name. */
const APPLICATION_NAME_MAX_BYTES = 63;

/**
 * PostgreSQL keeps only printable ASCII in application_name (it rewrites other bytes), so the
 * user's part is reduced to that before it is shortened to leave room for the tag.
 */
function printableAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

/**
 * The URL for Prisma with `tag` in its application_name, and the exact name PostgreSQL will
 * show. A name the URL already carries is kept, shortened if needed, with the tag appended:
 * the tag always survives whole, so the action can always find Prisma's backends.
 */
export function tagApplicationName(url: string, tag: string): { url: string; applicationName: string } {
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
