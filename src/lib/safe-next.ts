/**
 * Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere.
 * Browsers read a backslash as a slash ("/\evil.example" is "//evil.example", another host) and drop
 * tabs and newlines inside URLs, so the path is resolved the way the browser will and kept only when
 * it stays on this site.
 */
export function safeNext(next: string | null | undefined, fallback = "/app"): string {
  if (!next || !next.startsWith("/")) return fallback;
  const base = "http://same-site.invalid";
  let resolved: URL;
  try {
    resolved = new URL(next, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
