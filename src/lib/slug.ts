/** Organization slugs live at the root of the URL space, so they must not shadow app routes. */
export const RESERVED_SLUGS = new Set([
  "api",
  "app",
  "sign-in",
  "sign-up",
  "sign-out",
  "forgot-password",
  "reset-password",
  "two-factor",
  "accept-invitation",
  "onboarding",
  "outbox",
  "docs",
  "status",
  "metrics",
  "settings",
  "admin",
  "_next",
  "favicon.ico",
  "robots.txt",
  "widget",
  "pay",
]);

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  const slug = base.length >= 2 ? base : `org-${base}`;
  return RESERVED_SLUGS.has(slug) ? `${slug}-org` : slug;
}

export function withSuffix(slug: string): string {
  return `${slug}-${Math.random().toString(36).slice(2, 6)}`;
}
