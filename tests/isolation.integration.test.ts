import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { appRouter } from "@/server/api/root";
import { schema as graphqlSchema } from "@/server/graphql/schema";
import { db, TENANT_ROLE, withOrg } from "@/server/db/client";
import {
  customer,
  customerNote,
  facility,
  facilityClosure,
  knowledgeBaseEntry,
  lead,
  payment,
  phoneNumber,
  promotion,
  rental,
  reservation,
  task,
  unit,
  unitType,
  webhookDelivery,
} from "@/server/db/schema";
import { alertSettings, operatorAlert, reportSchedule } from "@/server/db/schema";
import { chatWidget, pmsConnection, pmsFacilityMap } from "@/server/db/schema";
import { collectionCase } from "@/server/db/schema";
import { INTERVALS, PAID_PLAN_IDS } from "@/server/billing/plans";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { setFacilityClosures } from "@/server/domain/facilities/set-closures";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits } from "@/server/domain/inventory/units";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { saveRateItem } from "@/server/domain/rates/save-rate-item";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { emitEvent } from "@/server/webhooks/emit-event";

import { callerFor, seedMember, seedOrganization, type TestOrg, unique } from "./factories";
import { gql } from "./graphql/helpers";
import { ACTOR, seedFacility } from "./inventory/helpers";
import { newKey } from "./public-api/helpers";
import { randomUsNumber } from "./twilio-webhooks";

/**
 * Tenant isolation, table-driven. Organization B is seeded with members, an invitation, mail and
 * audit rows; a member of organization A then calls EVERY tRPC procedure with B's ids. Each call
 * must be refused or return nothing of B's. A procedure without a case here fails the suite, so
 * new procedures cannot skip this check.
 */
type Caller = Awaited<ReturnType<typeof callerFor>>;
interface B {
  org: TestOrg;
  memberId: string;
  staffEmail: string;
  invitationId: string;
  facilityId: string;
  facilitySlug: string;
  facilityName: string;
  kbEntryId: string;
  unitTypeId: string;
  unitTypeName: string;
  /** Held by `reservationId` (reserved), moved in by `rentalId` (occupied), and a free one. */
  reservedUnitId: string;
  occupiedUnitId: string;
  freeUnitId: string;
  freeUnitNumber: string;
  promotionId: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  customerPhone: string;
  leadId: string;
  reservationId: string;
  confirmationCode: string;
  rentalId: string;
  /** A cash payment on the rental (refundable by B's admins, never by A's). */
  paymentId: string;
  phoneNumberId: string;
  phoneNumber: string;
  /** A collections case of B's tenant (payments.holdCollection). */
  collectionCaseId: string;
}
/** A's own facility and unit type, for cases that mix A's ids with B's. */
interface A {
  facilityId: string;
  unitTypeId: string;
  leadId: string;
}
type Case = (a: Caller, b: B) => Promise<unknown>;

/** Around today, where B's seeded rows are. */
const analyticsRange = () => ({ from: isoDate(-30), to: isoDate(1) });
const isoDate = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

const cases: Record<string, Case> = {
  "organization.mine": (a) => a.organization.mine(),
  "organization.current": (a) => a.organization.current(),
  "organization.update": (a) => a.organization.update({ name: "Renamed by A" }),
  // Flags computed from A's own rows only (B is fully set up; A's answer must not say so).
  "organization.setupProgress": async (a) => {
    const p = await a.organization.setupProgress();
    expect(p.steps.find((s) => s.key === "phone_number")?.done).toBe(false);
    return p;
  },
  "organization.retention": (a) => a.organization.retention(),
  "organization.updateRetention": (a) => a.organization.updateRetention({ transcriptDays: 1 }),
  "organization.outbox": (a) => a.organization.outbox(),
  "organization.auditLog": (a) => a.organization.auditLog(),
  "organization.auditFacets": (a) => a.organization.auditFacets(),
  // Public by design: the invitation id is the secret. A must not learn anything without it.
  "organization.invitationPreview": (a) =>
    a.organization.invitationPreview({ invitationId: "not-a-real-invitation-id" }),
  "team.list": (a) => a.team.list(),
  "team.invite": (a) => a.team.invite({ email: `a-invites-${Date.now()}@example.test`, role: "staff" }),
  "team.cancelInvitation": (a, b) => a.team.cancelInvitation({ invitationId: b.invitationId }),
  "team.changeRole": (a, b) => a.team.changeRole({ memberId: b.memberId, role: "admin" }),
  "team.remove": (a, b) => a.team.remove({ memberId: b.memberId }),
  "team.leave": async () => "skipped: acts only on the caller's own membership in A",
  // Integrations: B's key, endpoint and delivery are seeded below (integrationsOfB).
  "apiKeys.list": (a) => a.apiKeys.list(),
  "apiKeys.create": (a) => a.apiKeys.create({ name: "A's own key", scopes: ["read"] }),
  "apiKeys.revoke": (a) => a.apiKeys.revoke({ id: integrationsOfB.apiKeyId }),
  // PMS: B has a storEDGE connection linked to its facility (pmsOfB); A sees none and touches none.
  "integrations.list": async (a, b) => {
    await pmsOfB(b);
    return a.integrations.list();
  },
  // Calls the PMS with the caller's own credentials (no fake here: it fails to reach it); nothing of B's.
  "integrations.test": (a) => a.integrations.test({ provider: "stora", accessToken: "a-token-for-nowhere" }),
  "integrations.connect": async (a, b) => {
    const { facilityId } = await pmsOfB(b);
    return a.integrations.connect({
      credentials: { provider: "stora", accessToken: "a-token" },
      facilityLinks: { "b-site": facilityId },
    });
  },
  "integrations.updateCredentials": async (a, b) =>
    a.integrations.updateCredentials({
      connectionId: (await pmsOfB(b)).connectionId,
      credentials: { provider: "storedge", consumerKey: "a", consumerSecret: "a", facilityIds: ["a"] },
    }),
  "integrations.linkFacility": async (a, b) => {
    const { connectionId } = await pmsOfB(b);
    return a.integrations.linkFacility({ connectionId, externalId: "b-facility-2", facilityId: own.facilityId });
  },
  "integrations.updateSettings": async (a, b) =>
    a.integrations.updateSettings({ connectionId: (await pmsOfB(b)).connectionId, shareGateCodes: true }),
  "integrations.syncNow": async (a, b) => a.integrations.syncNow({ connectionId: (await pmsOfB(b)).connectionId }),
  "integrations.disconnect": async (a, b) =>
    a.integrations.disconnect({ connectionId: (await pmsOfB(b)).connectionId }),
  // Web chat widget: B's facility has a widget (chatWidgetOfB); A can neither see, change nor rotate it.
  "chatWidget.list": async (a, b) => {
    await chatWidgetOfB(b);
    return a.chatWidget.list();
  },
  "chatWidget.save": async (a, b) => {
    await chatWidgetOfB(b);
    await expect(
      a.chatWidget.save({ facilityId: b.facilityId, allowedOrigins: ["https://a.example"], greeting: "A's greeting" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db
      .select({ origins: chatWidget.allowedOrigins, greeting: chatWidget.greeting })
      .from(chatWidget)
      .where(eq(chatWidget.facilityId, b.facilityId));
    expect(row).toEqual({ origins: ["https://b.example"], greeting: null });
    return a.chatWidget.save({ facilityId: own.facilityId, allowedOrigins: [] });
  },
  "chatWidget.rotateKey": async (a, b) => {
    const { publicKey } = await chatWidgetOfB(b);
    await expect(a.chatWidget.rotateKey({ facilityId: b.facilityId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db
      .select({ key: chatWidget.publicKey })
      .from(chatWidget)
      .where(eq(chatWidget.facilityId, b.facilityId));
    expect(row?.key).toBe(publicKey);
    return null;
  },
  "webhooks.eventTypes": (a) => a.webhooks.eventTypes(),
  "webhooks.list": (a) => a.webhooks.list(),
  "webhooks.create": (a) => a.webhooks.create({ url: "http://127.0.0.1:9/a-own", eventTypes: ["lead.created"] }),
  "webhooks.update": (a) => a.webhooks.update({ id: integrationsOfB.endpointId, enabled: false }),
  "webhooks.delete": (a) => a.webhooks.delete({ id: integrationsOfB.endpointId }),
  "webhooks.deliveries": (a) => a.webhooks.deliveries({ endpointId: integrationsOfB.endpointId }),
  "webhooks.resend": (a) => a.webhooks.resend({ deliveryId: integrationsOfB.deliveryId }),
  // Billing: A's own state only; Stripe is not configured in tests, so checkout/portal are refused.
  "billing.status": (a) => a.billing.status(),
  "billing.usage": (a) => a.billing.usage(),
  "billing.checkout": (a) => a.billing.checkout({ plan: PAID_PLAN_IDS[0], interval: INTERVALS[0] }),
  "billing.portal": (a) => a.billing.portal(),
  "billing.notice": (a) => a.billing.notice(),
  // Payments: A's own state and account; B's customer, reservation and ledger stay B's.
  "payments.status": (a) => a.payments.status(),
  "payments.connect": (a) => a.payments.connect(),
  "payments.refresh": (a) => a.payments.refresh(),
  "payments.disconnect": (a) => a.payments.disconnect(),
  "payments.sendLink": (a, b) => a.payments.sendLink({ purpose: "move_in", reservationId: b.reservationId }),
  "payments.customer": (a, b) => a.payments.customer({ customerId: b.customerId }),
  "payments.collectionSettings": (a) => a.payments.collectionSettings(),
  "payments.updateCollectionSettings": (a) => a.payments.updateCollectionSettings({ enabled: false, days: [2, 4, 6] }),
  "payments.collections": (a, b) => a.payments.collections({ status: "all", customerId: b.customerId }),
  "payments.holdCollection": (a, b) => a.payments.holdCollection({ caseId: b.collectionCaseId, hold: true }),
  "payments.phonePaySettings": (a) => a.payments.phonePaySettings(),
  "payments.updatePhonePaySettings": (a) =>
    a.payments.updatePhonePaySettings({ enabled: true, connector: "A_Connector" }),
  "payments.refund": async (a, b) => {
    await expect(
      a.payments.refund({ paymentId: b.paymentId, amountCents: 100, reason: "A refunds B's payment" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  },
  // Customers: B's customer by id, by name, and A upserting B's contact details (must not merge into B's row).
  "customers.list": (a, b) => a.customers.list({ query: b.customerName }),
  "customers.get": (a, b) => a.customers.get({ customerId: b.customerId }),
  "customers.erase": (a, b) => a.customers.erase({ customerId: b.customerId, confirm: "ERASE" }),
  // The Customers page: B's customer by name, by phone, and B's member as the lead owner: none of it.
  "customers.browse": async (a, b) => {
    await noteOfB(b);
    const pages = await Promise.all([
      a.customers.browse({ query: b.customerName }),
      a.customers.browse({ query: b.customerPhone }),
      a.customers.browse({ owner: b.memberId }),
      a.customers.browse({ facilityId: b.facilityId }),
    ]);
    for (const p of pages) expect(p.total).toBe(0);
    return pages;
  },
  "customers.addNote": (a, b) => a.customers.addNote({ customerId: b.customerId, body: "A writes on B's customer" }),
  "customers.editNote": async (a, b) => {
    const { noteId } = await noteOfB(b);
    const result = await a.customers.editNote({ noteId, body: "A rewrote B's note" }).catch((e: unknown) => e);
    const [n] = await db.select({ body: customerNote.body }).from(customerNote).where(eq(customerNote.id, noteId));
    expect(n?.body).toBe("B's private note");
    if (result instanceof Error) throw result;
    return result;
  },
  // The header's search with everything of B's that one could type: A finds none of it.
  "search.anyone": async (a, b) =>
    Promise.all(
      [
        b.customerName,
        b.customerEmail,
        b.customerPhone,
        b.customerPhone.slice(-7),
        b.confirmationCode,
        b.freeUnitNumber,
      ]
        .filter((q) => q.length >= 2)
        .map((query) => a.search.anyone({ query })),
    ),
  // The inbox: B's task (taskOfB) is neither listed, counted, assigned, closed nor moved for A.
  "tasks.list": async (a, b) => {
    await taskOfB(b);
    return Promise.all([a.tasks.list({}), a.tasks.list({ status: "done" }), a.tasks.list({ assignee: b.memberId })]);
  },
  "tasks.counts": async (a, b) => {
    await taskOfB(b);
    const counts = await a.tasks.counts();
    expect(counts.open).toBe(0);
    return counts;
  },
  "tasks.create": (a, b) => a.tasks.create({ kind: "callback", title: "A's callback", customerId: b.customerId }),
  "tasks.assign": async (a, b) => a.tasks.assign({ taskId: (await taskOfB(b)).taskId, memberId: null }),
  "tasks.setDone": async (a, b) => a.tasks.setDone({ taskId: (await taskOfB(b)).taskId, done: true }),
  "tasks.reschedule": async (a, b) =>
    a.tasks.reschedule({ taskId: (await taskOfB(b)).taskId, dueAt: new Date(Date.now() + 86_400_000) }),
  // Replying: A can neither text B's customer or caller nor take B's conversation from the agent.
  "replies.textStatus": (a, b) => a.replies.textStatus({ customerId: b.customerId }),
  "replies.sendText": (a, b) => a.replies.sendText({ customerId: b.customerId, body: "Hello from A" }),
  "replies.sendChat": async (a, b) =>
    a.replies.sendChat({ conversationId: (await agentOfB(b)).conversationId, body: "Hello from A" }),
  "replies.setHandler": async (a, b) =>
    a.replies.setHandler({ conversationId: (await agentOfB(b)).conversationId, handler: "staff" }),
  "customers.upsert": (a, b) =>
    a.customers.upsert({ name: "A's own customer", email: b.customerEmail, phone: b.customerPhone }),
  // Facilities.
  "facilities.list": (a) => a.facilities.list(),
  "facilities.get": (a, b) => a.facilities.get({ facilityId: b.facilityId }),
  // Same slug as B's: slugs are per organization, so this creates A's own facility.
  "facilities.create": (a, b) => a.facilities.create({ name: "A's own site", slug: b.facilitySlug }),
  "facilities.update": (a, b) => a.facilities.update({ facilityId: b.facilityId, patch: { name: "Renamed by A" } }),
  "facilities.delete": (a, b) => a.facilities.delete({ facilityId: b.facilityId }),
  "facilities.setClosures": (a, b) => a.facilities.setClosures({ facilityId: b.facilityId, closures: [] }),
  "facilities.saveKnowledgeBaseEntry": async (a, b) => {
    // A new entry of A's pinned to B's facility is not found (it failed the foreign key: a 500).
    await expect(
      a.facilities.saveKnowledgeBaseEntry({
        entry: { facilityId: b.facilityId, kind: "faq", question: "A's entry on B's facility?", answer: "No" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    return a.facilities.saveKnowledgeBaseEntry({
      entryId: b.kbEntryId,
      entry: { facilityId: b.facilityId, kind: "faq", question: "Overwritten by A?", answer: "Yes" },
    });
  },
  "facilities.deleteKnowledgeBaseEntry": (a, b) => a.facilities.deleteKnowledgeBaseEntry({ entryId: b.kbEntryId }),
  // Inventory.
  "inventory.unitTypes": (a, b) => a.inventory.unitTypes({ facilityId: b.facilityId }),
  "inventory.createUnitType": (a, b) =>
    a.inventory.createUnitType({
      facilityId: b.facilityId,
      name: "A's type",
      widthFt: 5,
      lengthFt: 5,
      streetRateCents: 100,
      webRateCents: 100,
    }),
  "inventory.updateUnitType": (a, b) =>
    a.inventory.updateUnitType({ unitTypeId: b.unitTypeId, patch: { name: "Renamed by A", webRateCents: 1 } }),
  "inventory.deleteUnitType": (a, b) => a.inventory.deleteUnitType({ unitTypeId: b.unitTypeId }),
  "inventory.units": (a, b) => a.inventory.units({ facilityId: b.facilityId }),
  "inventory.unitHistory": (a, b) => a.inventory.unitHistory({ unitId: b.reservedUnitId }),
  "inventory.bulkCreateUnits": (a, b) => a.inventory.bulkCreateUnits({ unitTypeId: b.unitTypeId, range: "Z1-Z2" }),
  "inventory.changeUnitStatus": (a, b) =>
    a.inventory.changeUnitStatus({
      unitIds: [b.freeUnitId, b.reservedUnitId],
      status: "unavailable",
      reason: "A was here",
    }),
  "inventory.deleteUnit": (a, b) => a.inventory.deleteUnit({ unitId: b.freeUnitId }),
  "inventory.availability": (a, b) => a.inventory.availability({ facilityId: b.facilityId, unitTypeId: b.unitTypeId }),
  "inventory.search": (a, b) => a.inventory.search({ facilityIds: [b.facilityId] }),
  "inventory.quote": (a, b) => a.inventory.quote({ unitTypeId: b.unitTypeId, channel: "web" }),
  "inventory.rates": (a) => a.inventory.rates(),
  "inventory.saveRateItem": (a, b) =>
    a.inventory.saveRateItem({
      kind: "promotion",
      id: b.promotionId,
      data: { name: "Taken over by A", kind: "percent_off", value: 10_000 },
    }),
  "inventory.deleteRateItem": (a, b) => a.inventory.deleteRateItem({ kind: "promotion", id: b.promotionId }),
  // The importer resolves facilities, unit types, units and phone numbers by natural key: B's keys must land in A.
  "inventory.importPreview": (a, b) =>
    a.inventory.importPreview({
      format: "units_csv",
      text: `facility,unit_type,number,floor,status\n${b.facilitySlug},${b.unitTypeName},${b.freeUnitNumber},1,unavailable\n`,
    }),
  "inventory.import": (a, b) =>
    a.inventory
      .import({ format: "json", text: importFileAimedAtB(b) })
      .then((summary) => withoutEcho(summary, b.phoneNumber)),
  "inventory.export": (a) => a.inventory.export({ format: "json" }),
  // Leads.
  "leads.list": (a, b) => a.leads.list({ owner: b.memberId, facilityId: b.facilityId }),
  "leads.counts": (a) => a.leads.counts(),
  "leads.capture": (a, b) =>
    a.leads.capture({
      source: "web",
      name: "A's lead",
      email: `${unique("a-lead")}@example.test`,
      facilityId: b.facilityId,
      desiredUnitTypeId: b.unitTypeId,
    }),
  "leads.changeStatus": (a, b) => a.leads.changeStatus({ leadId: b.leadId, status: "lost", lostReason: "A was here" }),
  // B's lead is refused; A's own lead must not accept references to B's facility, unit type or member.
  "leads.update": async (a, b) => {
    await expect(a.leads.update({ leadId: b.leadId, patch: { notes: "A was here" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    return a.leads.update({
      leadId: own.leadId,
      patch: { facilityId: b.facilityId, desiredUnitTypeId: b.unitTypeId, ownerMemberId: b.memberId },
    });
  },
  // Reservations and rentals.
  "reservations.list": (a, b) => a.reservations.list({ facilityId: b.facilityId }),
  "reservations.get": (a, b) => a.reservations.get({ confirmationCode: b.confirmationCode }),
  // A's own unit type for B's customer: the customer must not be found.
  "reservations.create": (a, b) =>
    a.reservations.create({
      unitTypeId: own.unitTypeId,
      customerId: b.customerId,
      moveInDate: isoDate(2),
      channel: "phone",
    }),
  "reservations.cancel": (a, b) => a.reservations.cancel({ reservationId: b.reservationId, reason: "A was here" }),
  "reservations.extendHold": (a, b) => a.reservations.extendHold({ reservationId: b.reservationId, days: 30 }),
  "reservations.expireDue": (a) => a.reservations.expireDue(),
  "reservations.moveIn": (a, b) => a.reservations.moveIn({ reservationId: b.reservationId }),
  "reservations.moveOut": (a, b) => a.reservations.moveOut({ rentalId: b.rentalId }),
  "reservations.rentals": (a, b) => a.reservations.rentals({ customerId: b.customerId, facilityId: b.facilityId }),
  "reservations.revealGateCode": (a, b) => a.reservations.revealGateCode({ rentalId: b.rentalId }),
  "reservations.recordPayment": (a, b) =>
    a.reservations.recordPayment({ rentalId: b.rentalId, amountCents: 100, method: "cash" }),
  // Phone numbers: B's number is attached to B's facility.
  "phoneNumbers.list": (a) => a.phoneNumbers.list(),
  "phoneNumbers.settings": (a) => a.phoneNumbers.settings(),
  "phoneNumbers.updateSettings": (a) =>
    a.phoneNumbers.updateSettings({ voiceMode: "gather", supportContact: "A's desk" }),
  "phoneNumbers.searchAvailable": (a) => a.phoneNumbers.searchAvailable({ areaCode: 415 }),
  "phoneNumbers.buy": (a, b) => a.phoneNumbers.buy({ phoneNumber: b.phoneNumber }),
  "phoneNumbers.attach": (a, b) => a.phoneNumbers.attach({ phoneNumber: b.phoneNumber, facilityId: own.facilityId }),
  "phoneNumbers.assign": (a, b) =>
    a.phoneNumbers.assign({ phoneNumberId: b.phoneNumberId, facilityId: own.facilityId }),
  "phoneNumbers.refreshWebhooks": (a, b) => a.phoneNumbers.refreshWebhooks({ phoneNumberId: b.phoneNumberId }),
  "phoneNumbers.release": (a, b) => a.phoneNumbers.release({ phoneNumberId: b.phoneNumberId }),
  "phoneNumbers.smsOutbox": (a) => a.phoneNumbers.smsOutbox(),
  // Follow-ups and workflows (src/server/jobs) on B's lead.
  "followUps.forLead": (a, b) => a.followUps.forLead({ leadId: b.leadId }),
  "followUps.pause": (a, b) => a.followUps.pause({ leadId: b.leadId }),
  "followUps.resume": (a, b) => a.followUps.resume({ leadId: b.leadId }),
  "followUps.cancel": (a, b) => a.followUps.cancel({ leadId: b.leadId }),
  "followUps.start": (a, b) => a.followUps.start({ leadId: b.leadId }),
  "workflows.failed": (a) => a.workflows.failed(),
  "workflows.retry": (a, b) => a.workflows.retry({ workflowId: `follow-up:${b.leadId}:manual` }),
  "workflows.settings": (a) => a.workflows.settings(),
  "workflows.updateSettings": (a) => a.workflows.updateSettings({ missedCallTextBack: false }),
  // Reports and alerts (src/server/reports, src/server/alerts): B's schedule, settings and alert are seeded on first use (reportsOfB).
  "reports.preview": async (a, b) => {
    await expect(
      a.reports.preview({ report: "rent_roll", from: isoDate(-30), to: isoDate(0), facilityId: b.facilityId }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await reportsOfB(b);
    return a.reports.preview({ report: "reservations", from: isoDate(-1), to: isoDate(1) });
  },
  "reports.schedules": async (a, b) => (await reportsOfB(b), a.reports.schedules()),
  "reports.createSchedule": (a, b) =>
    a.reports.createSchedule({
      report: "rent_roll",
      frequency: "weekly",
      facilityId: b.facilityId,
      recipients: ["a-ops@example.test"],
    }),
  "reports.updateSchedule": async (a, b) =>
    a.reports.updateSchedule({
      scheduleId: (await reportsOfB(b)).scheduleId,
      patch: { recipients: ["a-ops@example.test"] },
    }),
  "reports.deleteSchedule": async (a, b) => {
    const { scheduleId } = await reportsOfB(b);
    await expect(a.reports.deleteSchedule({ scheduleId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [still] = await db
      .select({ recipients: reportSchedule.recipients })
      .from(reportSchedule)
      .where(eq(reportSchedule.id, scheduleId));
    expect(still?.recipients).toEqual([(await reportsOfB(b)).recipient]);
    return null;
  },
  "alerts.settings": async (a, b) => (await reportsOfB(b), a.alerts.settings()),
  "alerts.updateSettings": async (a, b) => {
    await reportsOfB(b);
    const saved = await a.alerts.updateSettings({
      emailRecipients: ["a-ops@example.test"],
      rules: { reservation_created: { enabled: true } },
    });
    const [theirs] = await db
      .select({ emails: alertSettings.emailRecipients })
      .from(alertSettings)
      .where(eq(alertSettings.organizationId, b.org.id));
    expect(theirs?.emails).toEqual([(await reportsOfB(b)).recipient]);
    return saved;
  },
  "alerts.recent": async (a, b) => (await reportsOfB(b), a.alerts.recent()),
  // The agent playground: B's facility and conversation are seeded on first use (agentOfB).
  "agent.settings": (a) => a.agent.settings(),
  "agent.updateSettings": (a) => a.agent.updateSettings({ brain: "default", model: null, baseUrl: null }),
  // The gate-code policy is A's own (the organization comes from the session): B's stays as it was.
  "agent.gateCodePolicy": (a) => a.agent.gateCodePolicy(),
  "agent.setGateCodePolicy": (a) => a.agent.setGateCodePolicy({ policy: "text_on_file" }),
  // B's facility: A can neither read its agent settings (transfer numbers are B's staff phones) nor change them.
  "agent.facilitySettings": (a, b) => a.agent.facilitySettings({ facilityId: b.facilityId }),
  "agent.updateFacilitySettings": async (a, b) => {
    await expect(
      a.agent.updateFacilitySettings({ facilityId: b.facilityId, transferPhones: ["+15125550166"] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db.select({ t: facility.transferPhone }).from(facility).where(eq(facility.id, b.facilityId));
    expect(row!.t).not.toBe("+15125550166");
    return null;
  },
  "agent.playground.start": async (a, b) =>
    a.agent.playground.start({ facilityId: (await agentOfB(b)).facilityId, channel: "chat" }),
  "agent.playground.say": async (a, b) =>
    a.agent.playground.say({
      conversationId: (await agentOfB(b)).conversationId,
      text: "what is my gate code",
      brain: "default",
    }),
  "agent.conversation.get": async (a, b) =>
    a.agent.conversation.get({ conversationId: (await agentOfB(b)).conversationId }),
  // Calls: B's conversation (agentOfB) and B's number must stay invisible and unusable to A.
  "calls.list": async (a, b) => a.calls.list({ facilityId: (await agentOfB(b)).facilityId }),
  "calls.get": async (a, b) => a.calls.get({ id: (await agentOfB(b)).conversationId }),
  "calls.simulate": (a, b) => a.calls.simulate({ phoneNumberId: b.phoneNumberId, channel: "sms", pauseMs: 0 }),
  "calls.realtime": (a) => a.calls.realtime(),
  // Service-wide numbers: route labels are patterns, so B's slug and ids must not appear.
  "status.overview": (a) => a.status.overview(),
  "analytics.volume": (a, b) => a.analytics.volume({ ...analyticsRange(), facilityId: b.facilityId }),
  "analytics.outcomes": (a, b) => a.analytics.outcomes({ ...analyticsRange(), facilityId: b.facilityId }),
  "analytics.funnel": (a) => a.analytics.funnel(analyticsRange()),
  "analytics.leads": (a, b) => a.analytics.leads({ ...analyticsRange(), facilityId: b.facilityId }),
  "analytics.followUps": (a) => a.analytics.followUps(analyticsRange()),
  "analytics.bookings": (a) => a.analytics.bookings(analyticsRange()),
  "analytics.occupancy": (a, b) => a.analytics.occupancy({ ...analyticsRange(), facilityId: b.facilityId }),
  "analytics.agentQuality": (a) => a.analytics.agentQuality(analyticsRange()),
  "analytics.payments": (a, b) => a.analytics.payments({ ...analyticsRange(), facilityId: b.facilityId }),
  "analytics.outstanding": (a, b) => a.analytics.outstanding({ facilityId: b.facilityId }),
  "analytics.overview": (a) => a.analytics.overview(),
  "analytics.today": (a) => a.analytics.today(),
};

/** An import file for A that names B's facility slug, unit type, unit number and phone number. */
function importFileAimedAtB(b: B): string {
  return JSON.stringify({
    version: 1,
    facilities: [
      {
        name: "Imported by A",
        slug: b.facilitySlug,
        phoneNumbers: [b.phoneNumber],
        unitTypes: [
          {
            name: b.unitTypeName,
            widthFt: 5,
            lengthFt: 10,
            streetRateCents: 1,
            webRateCents: 1,
            units: [{ number: b.freeUnitNumber, status: "unavailable" }],
          },
        ],
      },
    ],
  });
}

/** The import summary warns about numbers that are not A's by quoting A's own input back; that echo is not a leak. */
function withoutEcho(summary: unknown, input: string): unknown {
  return JSON.parse(JSON.stringify(summary).replaceAll(input, "<A's input>"));
}

let reportsB: Promise<{ scheduleId: string; recipient: string }> | null = null;
/** B's report schedule, alert settings and one raised alert, created once through B's owner. */
function reportsOfB(b: B) {
  reportsB ??= (async () => {
    const ownerB = await callerFor(b.org.owner);
    const recipient = `${unique("b-ops")}@example.test`;
    const schedule = await ownerB.reports.createSchedule({
      report: "call_log",
      frequency: "weekly",
      facilityId: b.facilityId,
      recipients: [recipient],
    });
    await ownerB.alerts.updateSettings({
      emailRecipients: [recipient],
      rules: { reservation_created: { enabled: true } },
    });
    const subject = `B's alert ${unique("alert")}`;
    await db.insert(operatorAlert).values({
      organizationId: b.org.id,
      kind: "reservation_created",
      dedupeKey: unique("key"),
      subject,
      body: subject,
    });
    secretsOfB.push(schedule.id, recipient, subject);
    return { scheduleId: schedule.id, recipient };
  })();
  return reportsB;
}

let chatWidgetB: Promise<{ publicKey: string }> | null = null;
/** B's web chat widget on B's facility, created once through B's owner. */
function chatWidgetOfB(b: B) {
  chatWidgetB ??= (async () => {
    const widget = await (
      await callerFor(b.org.owner)
    ).chatWidget.save({ facilityId: b.facilityId, allowedOrigins: ["https://b.example"] });
    secretsOfB.push(widget.publicKey, widget.id);
    return { publicKey: widget.publicKey };
  })();
  return chatWidgetB;
}

let noteB: Promise<{ noteId: string }> | null = null;
/** A note on B's customer, written once by B's owner. */
function noteOfB(b: B) {
  noteB ??= (async () => {
    const note = await (
      await callerFor(b.org.owner)
    ).customers.addNote({ customerId: b.customerId, body: "B's private note" });
    secretsOfB.push(note.id, "B's private note");
    return { noteId: note.id };
  })();
  return noteB;
}

let taskB: Promise<{ taskId: string }> | null = null;
/** A message task in B, assigned to B's staff member, created once. */
function taskOfB(b: B) {
  taskB ??= (async () => {
    const { createTask } = await import("@/server/domain/tasks/create-task");
    const { task: t } = await withOrg(b.org.id, (tx) =>
      createTask(tx, b.org.id, ACTOR, {
        kind: "message",
        title: "B's message",
        body: "B's caller words",
        customerId: b.customerId,
        contactPhone: b.customerPhone,
        assigneeMemberId: b.memberId,
      }),
    );
    secretsOfB.push(t.id, "B's caller words");
    return { taskId: t.id };
  })();
  return taskB;
}

let pmsB: Promise<{ connectionId: string; facilityId: string }> | null = null;
/** A storEDGE connection in B with B's facility linked, created once (never synced: no PMS here). */
function pmsOfB(b: B) {
  pmsB ??= (async () => {
    const { connectPms } = await import("@/server/pms/connections");
    const view = await withOrg(b.org.id, (tx) =>
      connectPms(tx, b.org.id, ACTOR, {
        credentials: {
          provider: "storedge",
          consumerKey: "b-key",
          consumerSecret: "b-pms-secret",
          facilityIds: ["b-facility"],
        },
        facilityLinks: { "b-facility": b.facilityId },
      }),
    );
    secretsOfB.push(view.id, "b-pms-secret", "b-facility");
    return { connectionId: view.id, facilityId: b.facilityId };
  })();
  return pmsB;
}

let agentB: Promise<{ facilityId: string; conversationId: string }> | null = null;
/** A facility and a playground conversation in B, created once. */
function agentOfB(b: B) {
  agentB ??= (async () => {
    const { seedAgentFacility } = await import("./agent/seed");
    const { startConversation } = await import("@/server/agent/engine");
    const { facility } = await seedAgentFacility(b.org.id);
    const start = await startConversation({
      organizationId: b.org.id,
      channel: "playground",
      simulate: "chat",
      facilityId: facility.id,
    });
    secretsOfB.push(facility.id, start.conversationId);
    return { facilityId: facility.id, conversationId: start.conversationId };
  })();
  return agentB;
}

let a: TestOrg;
let b: B;
let own: A;
let callerA: Caller;
let secretsOfB: string[];
const integrationsOfB = { apiKeyId: "", endpointId: "", deliveryId: "" };
/** B's rows as seeded, compared after A's attempts. */
let beforeOfB: Awaited<ReturnType<typeof snapshotOfB>>;

beforeAll(async () => {
  a = await seedOrganization();
  const orgB = await seedOrganization();
  const staff = await seedMember(orgB, "staff");
  const ownerB = await callerFor(orgB.owner);
  const invite = await ownerB.team.invite({ email: `invitee-${Date.now()}@example.test`, role: "manager" });
  callerA = await callerFor(a.owner);
  secretsOfB = [orgB.id, orgB.slug, orgB.owner.email, staff.email, staff.memberId, invite.id];
  const key = await ownerB.apiKeys.create({ name: "B's key", scopes: ["read", "write"] });
  const endpoint = await ownerB.webhooks.create({ url: "http://127.0.0.1:9/b-receiver", eventTypes: ["lead.created"] });
  const delivery = await withOrg(orgB.id, (tx) => emitEvent(tx, orgB.id, "lead.created", { id: "b-event" }));
  const [row] = await db
    .select({ id: webhookDelivery.id })
    .from(webhookDelivery)
    .where(eq(webhookDelivery.eventId, delivery.eventId!));
  Object.assign(integrationsOfB, { apiKeyId: key.id, endpointId: endpoint.id, deliveryId: row!.id });
  secretsOfB.push(key.id, key.prefix, endpoint.id, endpoint.secret, row!.id);

  b = {
    org: orgB,
    memberId: staff.memberId,
    staffEmail: staff.email,
    invitationId: invite.id,
    ...(await seedOperationsOfB(orgB)),
  };
  secretsOfB.push(
    b.facilityId,
    b.facilityName,
    b.kbEntryId,
    b.unitTypeId,
    b.reservedUnitId,
    b.occupiedUnitId,
    b.freeUnitId,
    b.promotionId,
    b.customerId,
    b.customerName,
    b.leadId,
    b.reservationId,
    b.confirmationCode,
    b.rentalId,
    b.paymentId,
    b.phoneNumberId,
    b.phoneNumber,
  );
  const mine = await seedFacility(a.id);
  const ownLead = await withOrg(a.id, (tx) =>
    captureLead(tx, a.id, ACTOR, { source: "web", name: "A's lead", email: `${unique("a")}@example.test` }),
  );
  own = { facilityId: mine.facility.id, unitTypeId: mine.unitType.id, leadId: ownLead.lead.id };
  beforeOfB = await snapshotOfB(b);
});

/**
 * B's day-to-day data, through the domain services as the dashboard would: a facility with a
 * knowledge base entry, closures, a unit type with three units and a promotion; a customer with a
 * lead; one held reservation and one moved in (a rental with a gate code); a phone number.
 */
async function seedOperationsOfB(orgB: TestOrg) {
  const tag = unique("b");
  const customerName = `B's customer ${tag}`;
  const customerEmail = `${tag}@customer.example.test`;
  const customerPhone = randomUsNumber(312);
  const seeded = await withOrg(orgB.id, async (tx) => {
    const f = await createFacility(tx, orgB.id, ACTOR, {
      name: `B Storage ${tag}`,
      slug: tag,
      timeZone: "America/Chicago",
      holdPeriodDays: 7,
    });
    const kb = await saveKnowledgeBaseEntry(tx, orgB.id, ACTOR, {
      facilityId: f.id,
      kind: "policy",
      question: `B's policy ${tag}?`,
      answer: "Only B knows.",
    });
    await setFacilityClosures(tx, orgB.id, ACTOR, f.id, [{ date: isoDate(100), reason: "B's holiday" }]);
    const ut = await createUnitType(tx, orgB.id, ACTOR, {
      facilityId: f.id,
      name: "5x10",
      widthFt: 5,
      lengthFt: 10,
      streetRateCents: 7000,
      webRateCents: 6000,
    });
    await bulkCreateUnits(tx, orgB.id, ACTOR, { unitTypeId: ut.id, range: "B1-B3" });
    const promo = await saveRateItem(tx, orgB.id, ACTOR, "promotion", {
      facilityId: f.id,
      name: `B's promo ${tag}`,
      kind: "amount_off",
      value: 500,
      unitTypeIds: [ut.id],
    });
    const captured = await captureLead(tx, orgB.id, ACTOR, {
      source: "call",
      name: customerName,
      email: customerEmail,
      phone: customerPhone,
      facilityId: f.id,
    });
    const held = await createReservation(tx, orgB.id, ACTOR, {
      unitTypeId: ut.id,
      customerId: captured.customer.id,
      moveInDate: isoDate(3),
      channel: "phone",
    });
    const toMoveIn = await createReservation(tx, orgB.id, ACTOR, {
      unitTypeId: ut.id,
      customerId: captured.customer.id,
      moveInDate: isoDate(1),
      channel: "phone",
    });
    const moved = await convertToMoveIn(tx, orgB.id, ACTOR, { reservationId: toMoveIn.reservation.id });
    const paid = await recordPaymentReceived(tx, orgB.id, ACTOR, {
      customerId: captured.customer.id,
      rentalId: moved.rental.id,
      amountCents: 1_000,
      method: "cash",
    });
    const units = await tx.select().from(unit).where(eq(unit.unitTypeId, ut.id));
    const free = units.find((u) => u.id !== held.reservation.unitId && u.id !== toMoveIn.reservation.unitId)!;
    const [owed] = await tx
      .insert(collectionCase)
      .values({
        organizationId: orgB.id,
        customerId: captured.customer.id,
        facilityId: f.id,
        dueDate: isoDate(-3),
        pastDueCents: 12_900,
        days: [1, 5, 10],
      })
      .returning();
    return { f, kb, ut, promo, captured, held, moved, free, owed: owed!, paid };
  });
  const number = await (
    await callerFor(orgB.owner)
  ).phoneNumbers.attach({ phoneNumber: randomUsNumber(415), facilityId: seeded.f.id });
  secretsOfB.push(JSON.stringify(seeded.moved.gateCode));
  return {
    facilityId: seeded.f.id,
    facilitySlug: seeded.f.slug,
    facilityName: seeded.f.name,
    kbEntryId: seeded.kb.id,
    unitTypeId: seeded.ut.id,
    unitTypeName: seeded.ut.name,
    reservedUnitId: seeded.held.reservation.unitId,
    occupiedUnitId: seeded.moved.rental.unitId,
    freeUnitId: seeded.free.id,
    freeUnitNumber: seeded.free.number,
    promotionId: seeded.promo.id,
    customerId: seeded.captured.customer.id,
    customerName,
    customerEmail,
    customerPhone,
    leadId: seeded.captured.lead.id,
    reservationId: seeded.held.reservation.id,
    confirmationCode: seeded.held.reservation.confirmationCode,
    rentalId: seeded.moved.rental.id,
    paymentId: seeded.paid.payment.id,
    phoneNumberId: number.id,
    phoneNumber: number.e164,
    collectionCaseId: seeded.owed.id,
  };
}

/** What A's attempts must not change, read with the system connection. */
async function snapshotOfB(b: B) {
  const [f] = await db
    .select({ name: facility.name, slug: facility.slug })
    .from(facility)
    .where(eq(facility.id, b.facilityId));
  const closures = await db
    .select({ date: facilityClosure.date })
    .from(facilityClosure)
    .where(eq(facilityClosure.facilityId, b.facilityId));
  const [kb] = await db
    .select({ question: knowledgeBaseEntry.question })
    .from(knowledgeBaseEntry)
    .where(eq(knowledgeBaseEntry.id, b.kbEntryId));
  const [ut] = await db
    .select({ name: unitType.name, webRateCents: unitType.webRateCents })
    .from(unitType)
    .where(eq(unitType.id, b.unitTypeId));
  const units = await db
    .select({ id: unit.id, number: unit.number, status: unit.status })
    .from(unit)
    .where(eq(unit.unitTypeId, b.unitTypeId))
    .orderBy(unit.number);
  const [promo] = await db
    .select({ name: promotion.name, value: promotion.value, active: promotion.active })
    .from(promotion)
    .where(eq(promotion.id, b.promotionId));
  const [c] = await db
    .select({ name: customer.name, email: customer.email, notes: customer.notes })
    .from(customer)
    .where(eq(customer.id, b.customerId));
  const [l] = await db
    .select({ status: lead.status, notes: lead.notes, facilityId: lead.facilityId })
    .from(lead)
    .where(eq(lead.id, b.leadId));
  const [r] = await db
    .select({ status: reservation.status, holdExpiresAt: reservation.holdExpiresAt })
    .from(reservation)
    .where(eq(reservation.id, b.reservationId));
  const [rent] = await db
    .select({ movedOutAt: rental.movedOutAt, balanceCents: rental.balanceCents })
    .from(rental)
    .where(eq(rental.id, b.rentalId));
  const [pay] = await db
    .select({ refundedCents: payment.refundedCents, status: payment.status })
    .from(payment)
    .where(eq(payment.id, b.paymentId));
  const [n] = await db
    .select({
      status: phoneNumber.status,
      facilityId: phoneNumber.facilityId,
      organizationId: phoneNumber.organizationId,
    })
    .from(phoneNumber)
    .where(eq(phoneNumber.id, b.phoneNumberId));
  const [aNumbers] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(phoneNumber)
    .where(and(eq(phoneNumber.organizationId, a.id), eq(phoneNumber.e164, b.phoneNumber)));
  const [owed] = await db
    .select({ status: collectionCase.status, heldBy: collectionCase.heldBy })
    .from(collectionCase)
    .where(eq(collectionCase.id, b.collectionCaseId));
  return { f, closures, kb, ut, units, promo, c, l, r, rent, pay, n, numberInA: aNumbers!.n, owed };
}

describe("tenant isolation through every tRPC procedure", () => {
  it("has a case for every procedure", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.filter((p) => !(p in cases))).toEqual([]);
  });

  for (const [name, run] of Object.entries(cases)) {
    it(`${name}: a member of A gets nothing of B's`, async () => {
      let result: unknown;
      try {
        result = await run(callerA, b);
      } catch (err) {
        const code = (err as { code?: string }).code;
        // PRECONDITION_FAILED: Stripe/Twilio are not configured in tests, which says nothing about B.
        expect(
          ["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST", "UNAUTHORIZED", "CONFLICT", "PRECONDITION_FAILED"],
          `${name}: ${String(err)}`,
        ).toContain(code);
        return;
      }
      const text = JSON.stringify(result ?? null);
      for (const secret of secretsOfB) expect(text).not.toContain(secret);
    });
  }

  it("B's data is unchanged after A's attempts", async () => {
    const team = await (await callerFor(b.org.owner)).team.list();
    expect(team.members.find((m) => m.id === b.memberId)?.role).toBe("staff");
    expect(team.invitations.map((i) => i.id)).toContain(b.invitationId);
    const current = await (await callerFor(b.org.owner)).organization.current();
    expect(current.name).not.toBe("Renamed by A");
    const ownerB = await callerFor(b.org.owner);
    expect((await ownerB.apiKeys.list()).find((k) => k.id === integrationsOfB.apiKeyId)?.revokedAt).toBeNull();
    expect((await ownerB.webhooks.list()).find((e) => e.id === integrationsOfB.endpointId)?.enabled).toBe(true);
    const after = await snapshotOfB(b);
    expect(after).toEqual(beforeOfB);
    // Spelled out, so a seed that went wrong cannot make the comparison vacuous.
    expect(after.r?.status).toBe("active");
    expect(after.rent?.movedOutAt).toBeNull();
    expect(after.pay).toEqual({ refundedCents: 0, status: "succeeded" });
    expect(after.f?.name).toBe(b.facilityName);
    expect(after.units.map((u) => u.status).sort()).toEqual(["available", "occupied", "reserved"]);
    expect(after.l?.status).toBe("moved_in");
    expect(after.n).toEqual({ status: "active", facilityId: b.facilityId, organizationId: b.org.id });
    expect(after.closures).toHaveLength(1);
    expect(after.kb).toBeDefined();
    expect(after.promo?.active).toBe(true);
    expect(after.numberInA).toBe(0);
    const [taskRow] = await db
      .select({ doneAt: task.doneAt, assignee: task.assigneeMemberId, title: task.title })
      .from(task)
      .where(eq(task.id, (await taskOfB(b)).taskId));
    expect(taskRow).toEqual({ doneAt: null, assignee: b.memberId, title: "B's message" });
    const [pms] = await db
      .select({ status: pmsConnection.status, organizationId: pmsConnection.organizationId })
      .from(pmsConnection)
      .where(eq(pmsConnection.id, (await pmsOfB(b)).connectionId));
    expect(pms).toEqual({ status: "active", organizationId: b.org.id });
    const links = await db
      .select({ facilityId: pmsFacilityMap.facilityId })
      .from(pmsFacilityMap)
      .where(eq(pmsFacilityMap.connectionId, (await pmsOfB(b)).connectionId));
    expect(links).toEqual([{ facilityId: b.facilityId }]);
  });
});

/**
 * The same for GraphQL: with an API key of A, every root field with B's ids. A query by id answers
 * null, a list nothing of B's, a mutation NotFound (or a validation error), never B's data. A root
 * field without a case fails the suite.
 */
type GraphQLCase = (keyOfA: string, b: B) => Promise<{ data?: unknown; errors?: unknown }>;
const ask = async (keyOfA: string, query: string, variables?: Record<string, unknown>) =>
  (await gql(keyOfA, query, variables)).body;
const byId =
  (field: string, id: (b: B) => string | Promise<string>): GraphQLCase =>
  async (k, b) => {
    const body = await ask(k, `query($id: ID!) { ${field}(id: $id) { id } }`, { id: await id(b) });
    expect(body.data, field).toEqual({ [field]: null });
    return body;
  };
const emptyList =
  (field: string, args: (b: B) => Promise<string> | string): GraphQLCase =>
  async (k, b) => {
    const body = await ask(k, `{ ${field}(${await args(b)}) { nodes { id } } }`);
    expect((body.data as Record<string, { nodes: unknown[] }> | null)?.[field]?.nodes ?? [], field).toEqual([]);
    return body;
  };
/** A list A may legitimately fill with its own rows (A's own customer with B's phone, made by the
 * customers.upsert case): none of them is B's. */
const noneOfB =
  (field: string, args: (b: B) => string, bId: (b: B) => string): GraphQLCase =>
  async (k, b) => {
    const body = await ask(k, `{ ${field}(${args(b)}) { nodes { id } } }`);
    const nodes = (body.data as Record<string, { nodes: { id: string }[] }> | null)?.[field]?.nodes ?? [];
    expect(body.errors, field).toBeUndefined();
    expect(
      nodes.map((n) => n.id),
      field,
    ).not.toContain(bId(b));
    return body;
  };
const refusedMutation =
  (field: string, query: string, variables: (b: B) => Record<string, unknown>): GraphQLCase =>
  async (k, b) => {
    const body = await ask(k, query, variables(b));
    const result = (body.data as Record<string, { __typename: string }> | null)?.[field];
    expect(["NotFound", "ValidationError"], `${field}: ${JSON.stringify(body)}`).toContain(result?.__typename);
    return body;
  };

/** B's one closure (seeded by seedOperationsOfB). */
const closureIdOfB = async (b: B) =>
  (
    await db
      .select({ id: facilityClosure.id })
      .from(facilityClosure)
      .where(eq(facilityClosure.facilityId, b.facilityId))
  )[0]!.id;

const graphqlCases: Record<string, GraphQLCase> = {
  "Query.facility": byId("facility", (b) => b.facilityId),
  "Query.unitType": byId("unitType", (b) => b.unitTypeId),
  "Query.unit": byId("unit", (b) => b.freeUnitId),
  "Query.customer": byId("customer", (b) => b.customerId),
  "Query.lead": byId("lead", (b) => b.leadId),
  "Query.reservation": byId("reservation", (b) => b.reservationId),
  "Query.conversation": byId("conversation", async (b) => (await agentOfB(b)).conversationId),
  // Lists read only A's rows; filtered by B's ids or B's customer's phone they are empty.
  "Query.facilities": (k) => ask(k, "{ facilities { nodes { id name } } }"),
  "Query.unitTypes": emptyList("unitTypes", (b) => `facilityId: "${b.facilityId}"`),
  "Query.units": emptyList("units", (b) => `facilityId: "${b.facilityId}"`),
  "Query.customers": noneOfB(
    "customers",
    (b) => `phone: "${b.customerPhone}"`,
    (b) => b.customerId,
  ),
  "Query.leads": emptyList("leads", (b) => `phone: "${b.customerPhone}"`),
  "Query.reservations": emptyList("reservations", (b) => `phone: "${b.customerPhone}"`),
  "Query.conversations": emptyList("conversations", async (b) => `facilityId: "${(await agentOfB(b)).facilityId}"`),
  "Query.calls": emptyList("calls", (b) => `facilityId: "${b.facilityId}"`),
  "Query.payments": async (k, b) => {
    // Filtered by B's customer: nothing; unfiltered: only A's own (none of B's payment).
    await emptyList("payments", (x) => `customerId: "${x.customerId}"`)(k, b);
    const body = await ask(k, "{ payments(first: 100) { nodes { id customer { id } reservation { id } } } }");
    expect(body.errors).toBeUndefined();
    // B's customer and reservation by id: null, so their nested payments are out of reach too.
    const nested = await ask(
      k,
      `query($c: ID!, $r: ID!) { customer(id: $c) { payments { nodes { id } } } reservation(id: $r) { payments { nodes { id } } } }`,
      { c: b.customerId, r: b.reservationId },
    );
    expect(nested.data).toEqual({ customer: null, reservation: null });
    return { data: [body.data, nested.data] };
  },
  "Query.messages": emptyList("messages", async (b) => `conversationId: "${(await agentOfB(b)).conversationId}"`),
  "Mutation.createLead": refusedMutation(
    "createLead",
    `mutation($f: ID) { createLead(input: { source: WEB, name: "A's lead", phone: "+15125550142", facilityId: $f }) { __typename } }`,
    (b) => ({ f: b.facilityId }),
  ),
  "Mutation.updateLead": refusedMutation(
    "updateLead",
    `mutation($id: ID!) { updateLead(id: $id, input: { notes: "changed by A" }) { __typename } }`,
    (b) => ({ id: b.leadId }),
  ),
  "Mutation.createReservation": refusedMutation(
    "createReservation",
    `mutation($t: ID!) { createReservation(input: { unitTypeId: $t, moveInDate: "${isoDate(60)}", customer: { phone: "+15125550143" } }) { __typename } }`,
    (b) => ({ t: b.unitTypeId }),
  ),
  "Mutation.cancelReservation": refusedMutation(
    "cancelReservation",
    `mutation($id: ID!) { cancelReservation(id: $id, reason: "A") { __typename } }`,
    (b) => ({ id: b.reservationId }),
  ),
  "Query.knowledgeBaseEntry": byId("knowledgeBaseEntry", (b) => b.kbEntryId),
  "Query.knowledgeBaseEntries": emptyList("knowledgeBaseEntries", (b) => `facilityId: "${b.facilityId}"`),
  "Query.closure": byId("closure", closureIdOfB),
  "Query.closures": emptyList("closures", (b) => `facilityId: "${b.facilityId}"`),
  "Mutation.createKnowledgeBaseEntry": refusedMutation(
    "createKnowledgeBaseEntry",
    `mutation($f: ID) { createKnowledgeBaseEntry(input: { facilityId: $f, kind: FAQ, question: "A's?", answer: "A's" }) { __typename } }`,
    (b) => ({ f: b.facilityId }),
  ),
  "Mutation.updateKnowledgeBaseEntry": refusedMutation(
    "updateKnowledgeBaseEntry",
    `mutation($id: ID!) { updateKnowledgeBaseEntry(id: $id, input: { answer: "changed by A" }) { __typename } }`,
    (b) => ({ id: b.kbEntryId }),
  ),
  "Mutation.deleteKnowledgeBaseEntry": refusedMutation(
    "deleteKnowledgeBaseEntry",
    `mutation($id: ID!) { deleteKnowledgeBaseEntry(id: $id) { __typename } }`,
    (b) => ({ id: b.kbEntryId }),
  ),
  "Mutation.createClosure": refusedMutation(
    "createClosure",
    `mutation($f: ID!) { createClosure(input: { facilityId: $f, date: "${isoDate(101)}", reason: "A's" }) { __typename } }`,
    (b) => ({ f: b.facilityId }),
  ),
  "Mutation.updateClosure": async (k, b) => {
    const body = await ask(
      k,
      `mutation($id: ID!) { updateClosure(id: $id, input: { reason: "changed by A" }) { __typename } }`,
      {
        id: await closureIdOfB(b),
      },
    );
    expect(body.data).toEqual({ updateClosure: { __typename: "NotFound" } });
    return body;
  },
  "Mutation.deleteClosure": async (k, b) => {
    const body = await ask(k, `mutation($id: ID!) { deleteClosure(id: $id) { __typename } }`, {
      id: await closureIdOfB(b),
    });
    expect(body.data).toEqual({ deleteClosure: { __typename: "NotFound" } });
    return body;
  },
  // Subscriptions filter every event by the subscriber's organization before reading it:
  // tests/graphql/subscriptions.integration.test.ts has another organization's subscriber hear nothing.
  "Subscription.callStarted": async () => ({ data: "covered by subscriptions.integration.test.ts" }),
  "Subscription.turnAdded": async () => ({ data: "covered by subscriptions.integration.test.ts" }),
  "Subscription.callEnded": async () => ({ data: "covered by subscriptions.integration.test.ts" }),
  "Subscription.leadChanged": async () => ({ data: "covered by subscriptions.integration.test.ts" }),
  "Subscription.reservationChanged": async () => ({ data: "covered by subscriptions.integration.test.ts" }),
};

describe("tenant isolation through every GraphQL root field", () => {
  let keyOfA: string;
  beforeAll(async () => {
    keyOfA = await newKey(a, ["read", "write"]);
  });

  it("has a case for every query, mutation and subscription", () => {
    const fields = [graphqlSchema.getQueryType(), graphqlSchema.getMutationType(), graphqlSchema.getSubscriptionType()]
      .flatMap((type) => (type ? Object.keys(type.getFields()).map((f) => `${type.name}.${f}`) : []))
      .sort();
    expect(fields.filter((f) => !(f in graphqlCases))).toEqual([]);
  });

  for (const [name, run] of Object.entries(graphqlCases)) {
    it(`${name}: A's key gets nothing of B's`, async () => {
      const body = await run(keyOfA, b);
      const text = JSON.stringify(body);
      for (const secret of secretsOfB) expect(text).not.toContain(secret);
    });
  }

  it("B's data is unchanged after A's attempts", async () => {
    expect(await snapshotOfB(b)).toEqual(beforeOfB);
  });
});

// B's PMS connection must not outlive the file: a later server on this database would try to sync it.
afterAll(async () => {
  if (!pmsB) return;
  const { connectionId } = await pmsB;
  await db.update(pmsConnection).set({ status: "disconnected" }).where(eq(pmsConnection.id, connectionId));
});

describe("row-level security", () => {
  async function tenantTables(): Promise<string[]> {
    const res = await db.execute<{ table_name: string }>(sql`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE'`);
    return res.rows.map((r) => r.table_name);
  }

  it("a raw query without the organization set returns no tenant rows", async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(["member", "invitation", "audit_log", "email_outbox"]));
    for (const table of tables) {
      const count = await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL ROLE ${TENANT_ROLE}`));
        const r = await tx.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`));
        return r.rows[0]!.n;
      });
      expect(count, table).toBe(0);
    }
    const all = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM member`);
    expect(all.rows[0]!.n).toBeGreaterThan(0);
  });

  it("with organization A set, only A's rows are visible and B's cannot be written", async () => {
    const rows = await withOrg(a.id, (tx) =>
      tx.execute<{ organization_id: string }>(sql`SELECT organization_id FROM member`),
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(new Set(rows.rows.map((r) => r.organization_id))).toEqual(new Set([a.id]));
    const insert = await withOrg(a.id, (tx) =>
      tx.execute(
        sql`INSERT INTO audit_log (organization_id, actor_label, action, target_type) VALUES (${b.org.id}, 'x', 'x', 'x')`,
      ),
    ).catch((err: Error) => err);
    expect(insert).toBeInstanceOf(Error);
    expect(String((insert as Error & { cause?: Error }).cause?.message)).toMatch(/row-level security/);
    const updated = await withOrg(a.id, (tx) =>
      tx.execute(sql`UPDATE member SET role = 'owner' WHERE organization_id = ${b.org.id}`),
    );
    expect(updated.rowCount).toBe(0);
  });
});
