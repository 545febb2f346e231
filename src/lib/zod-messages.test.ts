import { describe, expect, it } from "vitest";
import { z } from "zod";

import { fieldLabel, readableZodMessage } from "./zod-messages";

const message = (schema: z.ZodType, input: unknown) => readableZodMessage(schema.safeParse(input).error!);

describe("zod issues as sentences", () => {
  it("names the field and says the limit in words, not zod's 'Too big: expected string to have <=254 characters'", () => {
    const S = z.object({ email: z.string().trim().max(254), name: z.string().trim().min(1) });
    expect(message(S, { email: "x".repeat(300), name: "Ann" })).toBe("Email must be at most 254 characters.");
    expect(message(S, { email: "a@b.c", name: " " })).toBe("Name is required.");
    expect(message(S, { email: "a@b.c" })).toBe("Name is required.");
    expect(message(z.object({ notes: z.string().min(3) }), { notes: "a" })).toBe(
      "Notes must be at least 3 characters.",
    );
  });

  it("reads choices, formats, numbers, lists and unknown fields", () => {
    expect(message(z.object({ role: z.enum(["admin", "staff"]) }), { role: "boss" })).toBe(
      "Role must be one of: admin, staff.",
    );
    expect(message(z.object({ facilityId: z.uuid() }), { facilityId: "x" })).toBe("Facility ID must be a valid ID.");
    expect(message(z.object({ email: z.email() }), { email: "x" })).toBe("Email must be a valid e-mail address.");
    expect(message(z.object({ moveInDate: z.iso.date() }), { moveInDate: "soon" })).toBe(
      "Move in date must be a date (YYYY-MM-DD).",
    );
    expect(message(z.object({ amount_cents: z.number().int().positive() }), { amount_cents: 0 })).toBe(
      "Amount cents must be more than 0.",
    );
    expect(message(z.object({ limit: z.number().int().max(500) }), { limit: 1.5 })).toBe(
      "Limit must be a whole number.",
    );
    expect(message(z.object({ limit: z.number() }), { limit: "ten" })).toBe("Limit must be a number.");
    expect(message(z.object({ smsRecipients: z.array(z.string()).max(2) }), { smsRecipients: ["a", "b", "c"] })).toBe(
      "SMS recipients can have at most 2 items.",
    );
    expect(message(z.object({ tags: z.array(z.string().max(3)) }), { tags: ["ok", "long"] })).toBe(
      "Tags (item 2) must be at most 3 characters.",
    );
    expect(message(z.object({ a: z.string() }).strict(), { a: "x", b: 1 })).toBe("Unknown field: b.");
    expect(message(z.string(), 5)).toBe("The request must be text.");
  });

  it("keeps a schema's own sentence and puts the field before a fragment of its own", () => {
    expect(message(z.object({ email: z.email("Enter a valid e-mail address.") }), { email: "x" })).toBe(
      "Enter a valid e-mail address.",
    );
    expect(
      message(z.object({ baseUrl: z.string().refine(() => false, "must be an http(s) URL") }), { baseUrl: "f" }),
    ).toBe("Base URL must be an http(s) URL.");
  });

  it("says each distinct problem once", () => {
    const S = z.object({ a: z.string().max(1), b: z.string().max(1) });
    expect(message(S, { a: "xx", b: "yy" })).toBe("A must be at most 1 character. B must be at most 1 character.");
    expect(message(z.array(z.email("Enter a valid e-mail address.")), ["x", "y"])).toBe(
      "Enter a valid e-mail address.",
    );
  });

  it("labels paths in the request's own names", () => {
    expect(fieldLabel(["customer", "phone"])).toBe("Customer phone");
    expect(fieldLabel(["move_in_date"])).toBe("Move in date");
    expect(fieldLabel(["webhookUrl"])).toBe("Webhook URL");
    expect(fieldLabel([])).toBeNull();
  });
});
