import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { auth } from "@/server/auth";
import { callerFor, seedMember, seedOrganization, seedUser, signIn, unique } from "../../../../tests/factories";

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
