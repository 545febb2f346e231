import type { Actor } from "@/server/domain/actor";
import { recordAudit } from "@/server/audit";
import { assertCanAdd } from "@/server/billing/entitlements";
import type { Executor } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import { DomainError, isUniqueViolation } from "@/server/domain/errors";

import { ZFacilityInput, type FacilityInput } from "./facility-input";

export async function createFacility(tx: Executor, organizationId: string, actor: Actor, input: FacilityInput) {
  const data = ZFacilityInput.parse(input);
  // The plan limits active facilities (issue 7); an inactive one can be added and counts once activated.
  if (data.active) await assertCanAdd(tx, organizationId, "facilities");
  try {
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(facility)
        .values({ ...data, organizationId })
        .returning(),
    );
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "facility.created",
      targetType: "facility",
      targetId: row!.id,
      data: { name: data.name, slug: data.slug },
    });
    return row!;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `A facility with the slug "${data.slug}" already exists.`);
    throw err;
  }
}
