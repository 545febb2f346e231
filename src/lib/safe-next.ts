/**
 * Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere.
 * Browsers read a backslash as a slash ("/\evil.example" is "//evil.example", another host) and drop
 * tabs and newlines inside URLs, so the path is resolved the way the browser will and kept only when
 * it stays on this site.
 *
 * Resolving once is not enough: dot segments collapse during resolution, so "/..//evil.example/x",
 * "/.//x", "/./\x" and "/%2e%2e//x" all resolve on this site to the path "//evil.example/x", which the
 * browser, handed that path, reads as another host (a protocol-relative URL). The result is therefore
 * what gets resolved a second time: only a path that is its own resolution on this site is returned.
 */
export function safeNext(next: string | null | undefined, fallback = "/app"): string {
  if (!next || !next.startsWith("/")) return fallback;
  const base = "http://same-site.invalid";
  try {
    const resolved = new URL(next, base);
    if (resolved.origin !== base) return fallback;
    const path = resolved.pathname + resolved.search + resolved.hash;
    const followed = new URL(path, base);
    if (followed.origin !== base || followed.href !== resolved.href) return fallback;
    // The returned string must start with exactly one slash: a second one would make it protocol-relative.
    if (!path.startsWith("/") || path.startsWith("//")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}
