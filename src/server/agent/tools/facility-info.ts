import { z } from "zod";

import {
  describeWeek,
  hoursOn,
  isAroundTheClock,
  isOpenAt,
  localClock,
  rangesText,
} from "@/server/domain/facilities/office-hours";
import { pricingChannel, resolveFacilityId } from "./channel";
import { hoursTopicOf, searchKnowledge } from "./knowledge-search";
import { amenityIn } from "./amenity-names";
import { answerIn, closureOn, inLanguage } from "./operator-text";
import { operatorPolicies, POLICY_TOPICS, STANDING_TOPICS } from "./policy-topics";
import { defineTool, refuse } from "./types";

export const FACILITY_TOPICS = [
  "hours",
  "access",
  "address",
  "directions",
  "amenities",
  "policies",
  "promotions",
  "protection_plans",
  "sizes",
  "question",
] as const;

export const facilityInfo = defineTool({
  name: "facility_info",
  description:
    "Facts about a facility (the facility's own policies, when given, come before any general answer): office hours (with today's closures and whether it is open now), access (gate) hours, address, directions, amenities, promotions, protection plans, unit sizes with what fits, the operator's policy on insurance, payments, access or move-in requirements (topic 'policies' with policyTopic and the caller's question), or a knowledge-base answer to a policy question (topic 'question' with the caller's question; no answers means the facility has none: say so and offer a person; an hours question gets the hours, with answeredAs). Answers, closure reasons, directions, amenities and what fits a size carry the language they are written in.",
  args: z.object({
    topic: z.enum(FACILITY_TOPICS),
    facilityId: z.uuid().optional(),
    question: z.string().trim().max(500).optional(),
    /** With topic "policies": the operator's policy on insurance, payments, access or move-in requirements. */
    policyTopic: z.enum(POLICY_TOPICS).optional(),
  }),
  async run(ctx, args) {
    const facilityId = await resolveFacilityId(ctx, args.facilityId);
    if (!facilityId) {
      const all = await ctx.facts.facilities();
      return {
        ...refuse("which_facility", "Ask which facility the caller means."),
        facilities: all.map((f) => ({ id: f.id, name: f.name, city: f.city })),
      };
    }
    const f = (await ctx.facts.facility(facilityId))!;
    const lang = ctx.state.language;
    const clock = localClock(ctx.now, f.timeZone);
    const base = { ok: true as const, facilityId: f.id, facilityName: f.name };
    const hours = async (kind: "hours" | "access") => {
      const closures = await ctx.facts.closures(f.id);
      const weekly = kind === "hours" ? f.officeHours : f.accessHours;
      const today = hoursOn(weekly, closures, clock);
      // The operator's reason in the caller's language when written; closedForLanguage says which.
      const reason = closureOn(closures, today.date, lang)?.reason;
      return {
        ...base,
        timeZone: f.timeZone,
        week: describeWeek(weekly, lang),
        aroundTheClock: isAroundTheClock(weekly),
        today: {
          date: today.date,
          hours: today.ranges.length ? rangesText(today.ranges, lang) : null,
          closedFor: today.closedFor && (reason?.text ?? today.closedFor),
          closedForLanguage: reason?.language ?? "en",
        },
        openNow: isOpenAt(today, clock.time),
        upcomingClosures: closures
          .filter((c) => c.date >= clock.date)
          .slice(0, 3)
          .map((c) => {
            const r = inLanguage(c.reason, c.reasonEs, lang);
            return { date: c.date, reason: r.text, language: r.language };
          }),
      };
    };
    switch (args.topic) {
      case "hours":
      case "access":
        return hours(args.topic);
      case "address":
      case "directions":
        return {
          ...base,
          address: [f.addressLine1, f.addressLine2, `${f.city}${f.state ? `, ${f.state}` : ""} ${f.postalCode}`.trim()]
            .filter(Boolean)
            .join(", "),
          directions: f.directions ?? null,
          // The operator writes directions in English only (no Spanish version to choose from).
          directionsLanguage: "en" as const,
          phone: f.phone ?? null,
        };
      case "amenities":
        // In the conversation's language where the amenity has a Spanish name; else English, with its language.
        return {
          ...base,
          amenities: f.amenities.map((a) => {
            const t = amenityIn(a, lang);
            return { name: t.text, language: t.language };
          }),
        };
      case "promotions": {
        const promos = await ctx.facts.promotions(f.id);
        // Running today and offered on this conversation's channel: a web-only special is not the
        // caller's on the phone (the quote would not include it either).
        const channel = pricingChannel(ctx.state);
        const live = promos.filter(
          (p) =>
            (!p.startsOn || p.startsOn <= clock.date) &&
            (!p.endsOn || p.endsOn >= clock.date) &&
            (p.channels.length === 0 || p.channels.includes(channel)),
        );
        return {
          ...base,
          promotions: live.map((p) => ({
            name: p.name,
            kind: p.kind,
            value: p.value,
            months: p.months,
            limitedToUnitTypes: p.unitTypeIds.length > 0,
            endsOn: p.endsOn,
          })),
        };
      }
      case "protection_plans": {
        const plans = await ctx.facts.protectionPlans(f.id);
        const policies = operatorPolicies(await ctx.facts.knowledge(f.id), "insurance", args.question ?? null, {
          standing: true,
          language: lang,
        });
        return {
          ...base,
          note: "A protection plan is not insurance. The facility's policy, when there is one, is said first.",
          facilityPolicies: policies,
          plans: plans.map((p) => ({ name: p.name, coverageCents: p.coverageCents, monthlyCents: p.monthlyCents })),
        };
      }
      case "sizes": {
        const types = await ctx.facts.unitTypes(f.id);
        return {
          ...base,
          sizes: types.map((t) => ({
            unitTypeId: t.id,
            name: t.name,
            widthFt: t.widthFt,
            lengthFt: t.lengthFt,
            features: t.features,
            whatFits: t.whatFits,
            whatFitsLanguage: "en" as const,
          })),
        };
      }
      case "policies":
        if (args.policyTopic) {
          const kb = await ctx.facts.knowledge(f.id);
          const found = operatorPolicies(kb, args.policyTopic, args.question ?? null, {
            standing: STANDING_TOPICS.has(args.policyTopic),
            language: lang,
          });
          return { ...base, answers: found };
        }
      // falls through: every policy, or the ones answering the question
      case "question": {
        const asHours = args.topic === "question" && args.question ? hoursTopicOf(args.question) : null;
        if (asHours) return { ...(await hours(asHours)), answeredAs: asHours, answers: [] };
        const kb = await ctx.facts.knowledge(f.id);
        const hits = args.question ? searchKnowledge(kb, args.question, 2, lang) : [];
        const entries =
          args.topic === "policies" && !args.question
            ? kb.filter((k) => k.kind === "policy")
            : hits.map((h) => h.entry);
        return {
          ...base,
          answers: entries.slice(0, 3).map((k) => {
            const a = answerIn(k, lang);
            return { question: k.question, answer: a.text, language: a.language };
          }),
        };
      }
    }
  },
});
