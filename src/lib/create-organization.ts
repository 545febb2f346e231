"use client";

import { authClient, authErrorMessage } from "@/lib/auth-client";
import { slugify, withSuffix } from "@/lib/slug";

/** Creates an organization for the signed-in user, retrying with a suffix when the slug is taken, and activates it. */
export async function createOrganizationWithUniqueSlug(name: string): Promise<{ slug: string } | { error: string }> {
  const trimmed = name.trim();
  if (trimmed.length < 2) return { error: "Use at least 2 characters for the organization name." };
  let slug = slugify(trimmed);
  for (let attempt = 0; attempt < 4; attempt++) {
    const { data, error } = await authClient.organization.create({ name: trimmed, slug });
    if (data) {
      await authClient.organization.setActive({ organizationId: data.id });
      return { slug: data.slug };
    }
    if (error && !/slug|exist|taken/i.test(error.message ?? "")) return { error: authErrorMessage(error) };
    slug = withSuffix(slugify(trimmed));
  }
  return { error: "That name is taken. Try another." };
}
