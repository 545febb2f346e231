import "server-only";

import { rangeOf } from "@/components/analytics/date-range";
import {
  boardColumnInput,
  DEFAULT_LEAD_FILTERS,
  DEFAULT_LEAD_SORT,
  LEAD_STATUSES,
  LEAD_URL_DEFAULTS,
} from "@/components/crm/lead-board-queries";
import { roleAtLeast } from "@/lib/permissions";
import { todayIn } from "@/lib/org-time";
import type { PrefetchFill } from "@/server/api/prefetch";

/**
 * What each prefetched dashboard page asks for on first render, with the inputs its components
 * use (src/server/api/prefetch.ts): a query prefetched under other inputs is a wasted query, and
 * the page then still asks the browser's way. Queries that need another's answer (Analytics'
 * sections need "today", the facility's quote its first unit type) are chained here, on the
 * server, instead of one browser round trip after another.
 */

/** Overview: the setup checklist, today's figures and the inbox summary. */
export const overviewPageData: PrefetchFill = (api) =>
  Promise.all([
    api.organization.setupProgress.prefetch(),
    api.analytics.overview.prefetch(),
    api.tasks.counts.prefetch(),
    api.tasks.list.prefetch({ status: "open", limit: 5 }),
  ]);

/** The Leads board of the plain address; an address with a search, filter, sort or view is left to the browser. */
export const leadsPageData =
  (search: Record<string, string | string[] | undefined>): PrefetchFill =>
  async (api) => {
    if (Object.keys(search).some((k) => k in LEAD_URL_DEFAULTS)) return;
    await Promise.all([
      api.leads.counts.prefetch(DEFAULT_LEAD_FILTERS),
      ...LEAD_STATUSES.map((status) =>
        api.leads.list.prefetchInfinite(boardColumnInput(DEFAULT_LEAD_FILTERS, status, DEFAULT_LEAD_SORT)),
      ),
      api.team.list.prefetch(),
      api.facilities.list.prefetch(),
    ]);
  };

/** Analytics with its default range (the last 30 days of the organization's "today"), every facility and channel. */
export const analyticsPageData: PrefetchFill = async (api) => {
  const [today] = await Promise.all([api.analytics.today.fetch(), api.facilities.list.prefetch()]);
  const filter = { ...rangeOf("30d", today.today), facilityId: null, channel: null };
  const placed = { from: filter.from, to: filter.to, facilityId: null };
  await Promise.all([
    api.analytics.volume.prefetch(filter),
    api.analytics.leads.prefetch(filter),
    api.analytics.outcomes.prefetch(filter),
    api.analytics.funnel.prefetch(filter),
    api.analytics.bookings.prefetch(filter),
    api.analytics.followUps.prefetch(filter),
    api.analytics.occupancy.prefetch(placed),
    api.analytics.payments.prefetch(placed),
    api.analytics.outstanding.prefetch({ facilityId: null }),
    api.analytics.agentQuality.prefetch(filter),
  ]);
};

/** A facility: its record, unit types, rates, units and the rates editor's first quote (its first unit type, by phone, today). */
export const facilityPageData =
  (facilityId: string): PrefetchFill =>
  async (api, org) => {
    const quote = async () => {
      const types = await api.inventory.availability.fetch({ facilityId });
      const unitTypeId = types[0]?.unitTypeId;
      if (!unitTypeId) return;
      await api.inventory.quote.prefetch({
        unitTypeId,
        channel: "phone",
        moveInDate: todayIn(org.timeZone),
        promotionId: undefined,
        protectionPlanId: null,
      });
    };
    await Promise.all([
      api.facilities.get.prefetch({ facilityId }),
      quote().catch(() => undefined),
      roleAtLeast(org.role, "manager") ? api.inventory.unitTypes.prefetch({ facilityId }) : null,
      api.inventory.rates.prefetch(),
      api.inventory.units.prefetch({ facilityId }),
    ]);
  };
