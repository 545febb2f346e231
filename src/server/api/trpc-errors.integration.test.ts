import { describe, expect, it } from "vitest";

import { POST } from "@/app/api/trpc/[trpc]/route";

import { seedOrganization } from "../../../tests/factories";

/** Calls a mutation the way the dashboard's batch link does and returns the error the browser reads. */
async function postError(path: string, input: unknown, headers: Headers) {
  const res = await POST(
    new Request(`http://localhost:3000/api/trpc/${path}?batch=1`, {
      method: "POST",
      headers: { cookie: headers.get("cookie") ?? "", "content-type": "application/json" },
      body: JSON.stringify({ 0: { json: input } }),
    }),
  );
  const [body] = (await res.json()) as [
    { error: { json: { message: string; data: { code: string; zodError: unknown } } } },
  ];
  return { status: res.status, error: body.error.json };
}

describe("tRPC errors over HTTP", () => {
  it("reports invalid input in the schema's words, not as the issues' JSON", async () => {
    const org = await seedOrganization();
    const { status, error } = await postError("team.invite", { email: "a@b", role: "staff" }, org.owner.headers);
    expect(status).toBe(400);
    expect(error.message).toBe("Enter a valid e-mail address.");
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.zodError).toMatchObject({ fieldErrors: { email: ["Enter a valid e-mail address."] } });
  });

  it("says zod's own messages as a sentence naming the field", async () => {
    const org = await seedOrganization();
    const { error } = await postError("team.invite", { email: "ok@example.test", role: "boss" }, org.owner.headers);
    expect(error.message).toBe("Role must be one of: owner, admin, manager, staff.");

    // customers.upsert's e-mail has no sentence of its own: zod said "Too big: expected string to have <=254 characters".
    const long = await postError(
      "customers.upsert",
      { name: "Ann", email: `${"x".repeat(300)}@example.test` },
      org.owner.headers,
    );
    expect(long.status).toBe(400);
    expect(long.error.message).toBe("Email must be at most 254 characters.");
    expect(long.error.data.zodError).toMatchObject({
      fieldErrors: { email: ["Email must be at most 254 characters."] },
    });
  });

  it("shows a refinement's own message without the field's path", async () => {
    const org = await seedOrganization();
    const { error } = await postError("alerts.updateSettings", { smsRecipients: ["12"] }, org.owner.headers);
    expect(error.message).toBe('"12" is not a valid phone number.');
  });

  it("converts a DomainError from below the routers once, by the one error map", async () => {
    // Telephony throws DomainError("PRECONDITION_FAILED") when Twilio is not configured (it threw a
    // TRPCError of its own before); the base procedure turns it into tRPC's code for that row.
    const org = await seedOrganization();
    const { status, error } = await postError("phoneNumbers.buy", { phoneNumber: "+15105550123" }, org.owner.headers);
    expect(status).toBe(412);
    expect(error.data.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/Twilio/);
  });
});
