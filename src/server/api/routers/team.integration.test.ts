import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { auth } from "@/server/auth";
import { db } from "@/server/db/client";
import { invitation } from "@/server/db/schema";
import { callerFor, seedMember, seedOrganization, seedUser, signIn, unique } from "../../../../tests/factories";
import { fakeSmtpForSuite } from "../../../../tests/fakes/smtp-server";

describe("team", () => {
  it("lists the owner of a new organization", async () => {
    const org = await seedOrganization();
    const team = await (await callerFor(org.owner)).team.list();
    expect(team.members).toHaveLength(1);
    expect(team.members[0]).toMatchObject({ email: org.owner.email, role: "owner" });
    expect(team.myRole).toBe("owner");
  });

  it("invites by e-mail, writes the invitation to the outbox and lets a new user accept it", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const invitee = await seedUser("Manny Manager");
    const { id } = await owner.team.invite({ email: invitee.email, role: "manager" });

    const mail = await owner.organization.outbox();
    expect(mail.find((m) => m.to === invitee.email)?.text).toContain(`/accept-invitation/${id}`);

    await auth.api.acceptInvitation({ headers: invitee.headers, body: { invitationId: id } });
    const again = await signIn(invitee.email);
    const team = await owner.team.list();
    expect(team.members.find((m) => m.email === invitee.email)?.role).toBe("manager");
    expect(team.invitations).toHaveLength(0);
    const me = await (await callerFor(again)).organization.mine();
    expect(me.organizations.map((o) => o.id)).toContain(org.id);
  });

  it("re-inviting a pending address with another role changes the invitation and e-mails it again", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const invitee = await seedUser("Ada Admin");
    const first = await owner.team.invite({ email: invitee.email, role: "staff" });
    const again = await owner.team.invite({ email: invitee.email.toUpperCase(), role: "admin" });
    expect(again).toEqual({ id: first.id, resent: true, previousRole: "staff" });

    const pending = (await owner.team.list()).invitations.filter((i) => i.email === invitee.email);
    expect(pending).toEqual([expect.objectContaining({ id: first.id, role: "admin" })]);
    const mail = (await owner.organization.outbox()).filter((m) => m.to === invitee.email);
    expect(mail).toHaveLength(2);
    expect(mail[0]!.text).toContain("as admin");
    expect(mail[0]!.text).toContain(`/accept-invitation/${first.id}`);

    await auth.api.acceptInvitation({ headers: invitee.headers, body: { invitationId: first.id } });
    expect((await owner.team.list()).members.find((m) => m.email === invitee.email)?.role).toBe("admin");
    const log = (await owner.organization.auditLog()).items.filter((e) => e.action === "invitation.resent");
    expect(log[0]?.data).toMatchObject({ email: invitee.email, role: "admin", previousRole: "staff" });
  });

  it("re-inviting with the same role sends the invitation again; a member or an owner's invitation is refused", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const email = `${unique("again")}@example.test`;
    const first = await owner.team.invite({ email, role: "manager" });
    expect(await owner.team.invite({ email, role: "manager" })).toEqual({
      id: first.id,
      resent: true,
      previousRole: null,
    });
    expect((await owner.organization.outbox()).filter((m) => m.to === email)).toHaveLength(2);
    expect((await owner.team.list()).invitations.filter((i) => i.email === email)).toHaveLength(1);

    const staff = await seedMember(org, "staff");
    await expect(owner.team.invite({ email: staff.email, role: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${staff.email} is already a member of this organization.`,
    });
    expect((await owner.team.list()).members.find((m) => m.email === staff.email)?.role).toBe("staff");

    // An admin may not turn an owner's invitation into another role (only an owner grants or changes owner).
    const ownerInvite = `${unique("owner")}@example.test`;
    await owner.team.invite({ email: ownerInvite, role: "owner" });
    const admin = await callerFor(await seedMember(org, "admin"));
    await expect(admin.team.invite({ email: ownerInvite, role: "staff" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await owner.team.list()).invitations.find((i) => i.email === ownerInvite)?.role).toBe("owner");
  });

  it("refuses team changes to managers and staff on the server", async () => {
    const org = await seedOrganization();
    for (const role of ["manager", "staff"] as const) {
      const m = await seedMember(org, role);
      const caller = await callerFor(m);
      await expect(caller.team.invite({ email: "x@example.test", role: "staff" })).rejects.toThrowError(TRPCError);
      await expect(caller.team.remove({ memberId: m.memberId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("changes roles, keeps at least one owner and lets members leave", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const staff = await seedMember(org, "staff");
    await owner.team.changeRole({ memberId: staff.memberId, role: "admin" });
    expect((await owner.team.list()).members.find((m) => m.id === staff.memberId)?.role).toBe("admin");

    const ownerMemberId = (await owner.team.list()).myMemberId;
    await expect(owner.team.changeRole({ memberId: ownerMemberId, role: "staff" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(owner.team.leave()).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const admin = await callerFor(staff);
    await expect(admin.team.changeRole({ memberId: ownerMemberId, role: "staff" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await admin.team.leave();
    expect((await owner.team.list()).members).toHaveLength(1);
    const log = (await owner.organization.auditLog()).items;
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(["member.role_changed", "member.left"]));
  });
});

/** Invitations sent through SMTP (the local fake server), which can refuse a message as a real one does. */
describe("team invitations when the e-mail cannot be sent", () => {
  const smtp = fakeSmtpForSuite();

  const invitationsTo = (organizationId: string, email: string) =>
    db
      .select({ id: invitation.id, role: invitation.role, status: invitation.status, expiresAt: invitation.expiresAt })
      .from(invitation)
      .where(and(eq(invitation.organizationId, organizationId), eq(invitation.email, email)));

  it("re-inviting with another role changes nothing when the e-mail is refused, and says so", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const email = `${unique("refused")}@example.test`;
    const first = await owner.team.invite({ email, role: "staff" });
    expect(smtp.mailsTo(email)).toHaveLength(1);
    const [before] = await invitationsTo(org.id, email);

    smtp.onData(() => "451 4.3.0 mailbox busy, try again later");
    await expect(owner.team.invite({ email, role: "admin" })).rejects.toMatchObject({
      code: "BAD_GATEWAY",
      message: expect.stringMatching(
        new RegExp(
          `invitation e-mail to ${email} could not be sent .*451.*Nothing was changed: the invitation is still for the staff role`,
        ),
      ),
    });
    // The role and the expiry are as they were; no e-mail went out; the same role sent again fails alike.
    expect(await invitationsTo(org.id, email)).toEqual([before]);
    expect(before).toMatchObject({ id: first.id, role: "staff", status: "pending" });
    await expect(owner.team.invite({ email, role: "staff" })).rejects.toMatchObject({ code: "BAD_GATEWAY" });
    expect(await invitationsTo(org.id, email)).toEqual([before]);
    expect(smtp.mailsTo(email)).toHaveLength(1);
    const audit = (await owner.organization.auditLog()).items.filter((e) => e.action === "invitation.resent");
    expect(audit).toHaveLength(0);

    // Once the server takes mail again, the same request does both.
    smtp.onData(null);
    expect(await owner.team.invite({ email, role: "admin" })).toEqual({
      id: first.id,
      resent: true,
      previousRole: "staff",
    });
    expect((await invitationsTo(org.id, email))[0]).toMatchObject({ role: "admin", status: "pending" });
    expect(smtp.mailsTo(email)).toHaveLength(2);
    expect(smtp.mailsTo(email)[1]!.raw).toContain("as admin");
  });

  it("a new invitation whose e-mail is refused is withdrawn and holds no seat", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const email = `${unique("new-refused")}@example.test`;
    smtp.onData(() => "550 5.1.1 no such user");
    await expect(owner.team.invite({ email, role: "manager" })).rejects.toMatchObject({
      code: "BAD_GATEWAY",
      message: expect.stringContaining("so no invitation was made"),
    });
    expect((await owner.team.list()).invitations).toHaveLength(0);
    expect(await invitationsTo(org.id, email)).toEqual([expect.objectContaining({ status: "canceled" })]);
    expect((await owner.organization.auditLog()).items.filter((e) => e.action === "member.invited")).toHaveLength(0);

    smtp.onData(null);
    const { id } = await owner.team.invite({ email, role: "manager" });
    expect((await owner.team.list()).invitations).toEqual([expect.objectContaining({ id, role: "manager" })]);
    expect(smtp.mailsTo(email)).toHaveLength(1);
  });
});
