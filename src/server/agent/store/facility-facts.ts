/**
 * What the agent knows about the organization's facilities, loaded lazily once per turn: a turn that
 * only says goodbye reads nothing, a price question reads the unit types. Every read filters by
 * organization and runs in the turn's tenant transaction.
 */
import { and, asc, eq, isNull, or, sql, type Placeholder } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { OrgConfigCache } from "@/server/db/org-config-cache";
import { agentBehaviourOf, type AgentBehaviour } from "@/server/domain/facilities/agent-settings";
import { facility, facilityClosure, knowledgeBaseEntry, promotion, protectionPlan, unitType } from "@/server/db/schema";

export type FacilityRow = typeof facility.$inferSelect;
export type UnitTypeRow = typeof unitType.$inferSelect;
export type PromotionRow = typeof promotion.$inferSelect;
export type ProtectionPlanRow = typeof protectionPlan.$inferSelect;
export type KnowledgeRow = typeof knowledgeBaseEntry.$inferSelect;
export type ClosureRow = typeof facilityClosure.$inferSelect;

/**
 * Facility facts change a few times a day but are read on every turn, and each read is a database
 * round trip on the latency path of a phone call. They are shared across turns of the same
 * organization while its config version (org_config_version, bumped by triggers on every table read
 * here) is unchanged: a turn reads the version with its conversation row lock, so an operator's edit
 * reaches the very next turn, in every app process, and an unchanged organization costs no query.
 * Keys always start with the organization id, so one organization never sees another's rows.
 */
const shared = new OrgConfigCache();

/** The organization's config version, as lockConversation also reads it (no row yet: "0"). */
export function configVersionSql(organizationId: string | Placeholder) {
  // Spelled out: inside a drizzle select, column references lose their table name.
  return sql<string>`coalesce((select v.version::text from org_config_version v where v.organization_id = ${organizationId}), '0')`;
}

/** Forget cached facts for an organization (tests; edits need not call it: the version moves). */
export function invalidateFacilityFacts(organizationId: string) {
  shared.forget(organizationId);
}

export class FacilityFacts {
  private cache = new Map<string, Promise<unknown>>();
  private version: Promise<string> | null;
  /**
   * `configVersion`: the organization's version read in this transaction (lockConversation returns
   * it); without it the first fact needed reads it, one small query.
   */
  constructor(
    private readonly tx: Transaction,
    readonly organizationId: string,
    configVersion?: string | null,
  ) {
    this.version = configVersion == null ? null : Promise.resolve(configVersion);
  }

  private currentVersion(): Promise<string> {
    this.version ??= this.tx
      .execute<{ v: string }>(sql`select ${configVersionSql(this.organizationId)} as v`)
      .then((r) => r.rows[0]!.v);
    return this.version;
  }

  private memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (p) return p;
    p = this.currentVersion().then((version) => shared.get(this.organizationId, key, version, load));
    this.cache.set(key, p);
    return p;
  }

  /** Active facilities, by name. */
  facilities(): Promise<FacilityRow[]> {
    return this.memo("facilities", () =>
      this.tx
        .select()
        .from(facility)
        .where(and(eq(facility.organizationId, this.organizationId), eq(facility.active, true)))
        .orderBy(asc(facility.name)),
    );
  }

  async facility(id: string): Promise<FacilityRow | null> {
    return (await this.facilities()).find((f) => f.id === id) ?? null;
  }

  /** Settings > Agent for this facility (transfer numbers, greeting, when to transfer, promotions). */
  agentBehaviour(facilityId: string): Promise<AgentBehaviour> {
    return this.memo(`behaviour:${facilityId}`, () => agentBehaviourOf(this.tx, this.organizationId, facilityId));
  }

  closures(facilityId: string): Promise<ClosureRow[]> {
    return this.memo(`closures:${facilityId}`, () =>
      this.tx
        .select()
        .from(facilityClosure)
        .where(and(eq(facilityClosure.organizationId, this.organizationId), eq(facilityClosure.facilityId, facilityId)))
        .orderBy(asc(facilityClosure.date)),
    );
  }

  unitTypes(facilityId: string): Promise<UnitTypeRow[]> {
    return this.memo(`unitTypes:${facilityId}`, () =>
      this.tx
        .select()
        .from(unitType)
        .where(
          and(
            eq(unitType.organizationId, this.organizationId),
            eq(unitType.facilityId, facilityId),
            eq(unitType.active, true),
          ),
        )
        .orderBy(asc(unitType.widthFt), asc(unitType.lengthFt), asc(unitType.webRateCents)),
    );
  }

  promotions(facilityId: string): Promise<PromotionRow[]> {
    return this.memo(`promotions:${facilityId}`, () =>
      this.tx
        .select()
        .from(promotion)
        .where(
          and(
            eq(promotion.organizationId, this.organizationId),
            eq(promotion.active, true),
            or(isNull(promotion.facilityId), eq(promotion.facilityId, facilityId)),
          ),
        )
        .orderBy(asc(promotion.name)),
    );
  }

  protectionPlans(facilityId: string): Promise<ProtectionPlanRow[]> {
    return this.memo(`plans:${facilityId}`, () =>
      this.tx
        .select()
        .from(protectionPlan)
        .where(
          and(
            eq(protectionPlan.organizationId, this.organizationId),
            eq(protectionPlan.active, true),
            or(isNull(protectionPlan.facilityId), eq(protectionPlan.facilityId, facilityId)),
          ),
        )
        .orderBy(asc(protectionPlan.monthlyCents)),
    );
  }

  knowledge(facilityId: string | null): Promise<KnowledgeRow[]> {
    return this.memo(`kb:${facilityId ?? ""}`, () =>
      this.tx
        .select()
        .from(knowledgeBaseEntry)
        .where(
          and(
            eq(knowledgeBaseEntry.organizationId, this.organizationId),
            facilityId
              ? or(isNull(knowledgeBaseEntry.facilityId), eq(knowledgeBaseEntry.facilityId, facilityId))
              : isNull(knowledgeBaseEntry.facilityId),
          ),
        ),
    );
  }
}
