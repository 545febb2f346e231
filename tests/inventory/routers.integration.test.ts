import { describe, expect, it } from "vitest";

import { callerFor, daysFromToday, seedMember, seedOrganization, unique } from "../factories";

describe("inventory routers", () => {
  it("lets managers build inventory and quote, staff read and work leads, and refuses staff writes", async () => {
    const org = await seedOrganization();
    const manager = await callerFor(await seedMember(org, "manager"));
    const staff = await callerFor(await seedMember(org, "staff"));

    const f = await manager.facilities.create({
      name: "Downtown Storage",
      slug: unique("dt"),
      timeZone: "America/Chicago",
      phone: "(512) 555-0100",
      officeHours: { mon: [{ open: "09:00", close: "18:00" }] },
      adminFeeCents: 2500,
      taxRateBps: 825,
    });
    expect(f.phone).toBe("+15125550100");
    // A day's ranges may not overlap (the hours picker checks the same before saving).
    await expect(
      manager.facilities.update({
        facilityId: f.id,
        patch: {
          officeHours: {
            tue: [
              { open: "09:00", close: "13:00" },
              { open: "12:00", close: "17:00" },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("overlap") });
    const ut = await manager.inventory.createUnitType({
      facilityId: f.id,
      name: "10x10 CC",
      widthFt: 10,
      lengthFt: 10,
      features: ["climate_controlled", "indoor"],
      streetRateCents: 15_000,
      webRateCents: 12_900,
    });
    expect(await manager.inventory.bulkCreateUnits({ unitTypeId: ut.id, range: "A101-A130" })).toEqual({
      created: 30,
      skipped: [],
    });
    expect((await manager.inventory.bulkCreateUnits({ unitTypeId: ut.id, range: "A129-A131" })).skipped).toEqual([
      "A129",
      "A130",
    ]);
    await manager.inventory.saveRateItem({
      kind: "promotion",
      data: { name: unique("$1 first month"), kind: "first_month_fixed", value: 100, channels: ["web"] },
    });

    const quote = await staff.inventory.quote({ unitTypeId: ut.id, channel: "web", moveInDate: "2030-04-01" });
    expect(quote.lines.map((l) => l.code)).toEqual(["rent", "promotion", "admin_fee", "tax"]);
    expect(quote.dueAtMoveInCents).toBe(100 + 2500 + 8); // 8.25 % of $1 = 8.25 cents
    expect((await staff.inventory.availability({ facilityId: f.id }))[0]).toMatchObject({ total: 31, available: 31 });

    await expect(staff.facilities.create({ name: "Nope", slug: unique("no") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      staff.reservations.create({
        unitTypeId: ut.id,
        moveInDate: daysFromToday(90),
        channel: "phone",
        customer: { phone: "5125550111" },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const lead = await staff.leads.capture({
      source: "call",
      name: "Dana",
      phone: "512 555 0199",
      desiredWidthFt: 10,
      desiredLengthFt: 10,
    });
    const again = await staff.leads.capture({
      source: "sms",
      phone: "+1 (512) 555-0199",
      email: "dana@example.test",
      notes: "texted back",
    });
    expect(again.lead.id).toBe(lead.lead.id);
    expect(again.created).toBe(false);
    await expect(staff.leads.changeStatus({ leadId: lead.lead.id, status: "lost" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      (await staff.leads.changeStatus({ leadId: lead.lead.id, status: "lost", lostReason: "too far" })).lostReason,
    ).toBe("too far");

    await expect(
      manager.reservations.create({
        unitTypeId: ut.id,
        moveInDate: "2020-01-15",
        channel: "phone",
        customerId: lead.customer.id,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("has passed") });
    await expect(
      manager.reservations.create({
        unitTypeId: ut.id,
        moveInDate: "9999-12-31",
        channel: "phone",
        customerId: lead.customer.id,
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Move-in date must be within 365 days"),
    });
    const booked = await manager.reservations.create({
      unitTypeId: ut.id,
      moveInDate: daysFromToday(90),
      channel: "phone",
      customerId: lead.customer.id,
    });
    expect(
      (await staff.reservations.get({ confirmationCode: booked.reservation.confirmationCode.toLowerCase() }))
        .unitNumber,
    ).toBe("A101");
    const c = await staff.customers.get({ customerId: lead.customer.id });
    expect(c.lead?.status).toBe("reserved");
    expect(await staff.leads.counts()).toEqual({ reserved: 1 });
    // The timeline: the reservation as its own line (with its code), the lead's creation from the audit log.
    expect(c.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "activity", action: "lead.created" }),
        expect.objectContaining({ kind: "reservation", confirmationCode: booked.reservation.confirmationCode }),
      ]),
    );

    await expect(manager.inventory.bulkCreateUnits({ unitTypeId: ut.id, range: "A9-A1" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("ends before"),
    });
    await expect(
      manager.facilities.create({ name: "Bad", slug: unique("b"), timeZone: "Mars/Olympus" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never shows or changes another organization's inventory", async () => {
    const a = await seedOrganization();
    const b = await seedOrganization();
    const ownerA = await callerFor(a.owner);
    const ownerB = await callerFor(b.owner);
    const f = await ownerA.facilities.create({ name: "A Storage", slug: unique("a") });
    const ut = await ownerA.inventory.createUnitType({
      facilityId: f.id,
      name: "5x5",
      widthFt: 5,
      lengthFt: 5,
      streetRateCents: 5000,
      webRateCents: 4500,
    });
    await ownerA.inventory.bulkCreateUnits({ unitTypeId: ut.id, range: "1-3" });

    expect(await ownerB.facilities.list()).toEqual([]);
    await expect(ownerB.facilities.get({ facilityId: f.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerB.inventory.quote({ unitTypeId: ut.id, channel: "web" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      ownerB.inventory.createUnitType({
        facilityId: f.id,
        name: "x",
        widthFt: 5,
        lengthFt: 5,
        streetRateCents: 1,
        webRateCents: 1,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      ownerB.reservations.create({
        unitTypeId: ut.id,
        moveInDate: daysFromToday(30),
        channel: "web",
        customer: { phone: "5125550123" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ownerB.inventory.search({})).results).toEqual([]);
    expect(await ownerB.inventory.units({ facilityId: f.id })).toEqual([]);
  });
});

describe("Spanish versions of operator text", () => {
  it("keeps a knowledge-base entry's Spanish question and answer and a closure's Spanish reason, optional, and refuses bad ones", async () => {
    const org = await seedOrganization();
    const manager = await callerFor(await seedMember(org, "manager"));
    const staff = await callerFor(await seedMember(org, "staff"));
    const f = await manager.facilities.create({ name: "Eastside Storage", slug: unique("es") });
    const entry = {
      facilityId: f.id,
      kind: "policy" as const,
      question: "What can't I store?",
      answer: "No food or flammables.",
    };

    const translated = await manager.facilities.saveKnowledgeBaseEntry({
      entry: { ...entry, questionEs: " ¿Qué no puedo guardar? ", answerEs: "Nada de comida ni inflamables." },
    });
    expect(translated).toMatchObject({
      questionEs: "¿Qué no puedo guardar?",
      answerEs: "Nada de comida ni inflamables.",
    });
    // Without one, or blank (a cleared form field): none, and the English answer is said with a lead-in.
    const englishOnly = await manager.facilities.saveKnowledgeBaseEntry({
      entry: { ...entry, question: "How do I move out?", answerEs: "   " },
    });
    expect(englishOnly).toMatchObject({ questionEs: null, answerEs: null });
    const cleared = await manager.facilities.saveKnowledgeBaseEntry({
      entryId: translated.id,
      entry: { ...entry, questionEs: "", answerEs: "" },
    });
    expect(cleared).toMatchObject({ id: translated.id, questionEs: null, answerEs: null });

    await expect(
      manager.facilities.saveKnowledgeBaseEntry({ entry: { ...entry, answerEs: "x".repeat(8001) } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The Spanish answer must be at most 8,000 characters."),
    });
    await expect(
      manager.facilities.saveKnowledgeBaseEntry({ entry: { ...entry, questionEs: "¿" } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The Spanish question must be at least 2 characters."),
    });
    await expect(
      manager.facilities.saveKnowledgeBaseEntry({ entry: { ...entry, answerEs: 42 as unknown as string } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The Spanish answer must be text."),
    });
    await expect(
      staff.facilities.saveKnowledgeBaseEntry({ entry: { ...entry, answerEs: "Sí." } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    await manager.facilities.setClosures({
      facilityId: f.id,
      closures: [
        { date: "2030-12-25", reason: "Christmas Day", reasonEs: "Navidad" },
        { date: "2030-11-28", reason: "Staff training" },
      ],
    });
    const got = await staff.facilities.get({ facilityId: f.id });
    expect(got.closures.map((c) => [c.date, c.reason, c.reasonEs])).toEqual([
      ["2030-11-28", "Staff training", null],
      ["2030-12-25", "Christmas Day", "Navidad"],
    ]);
    expect(got.knowledgeBase.map((k) => k.answerEs)).toEqual([null, null]);
    await expect(
      manager.facilities.setClosures({
        facilityId: f.id,
        closures: [{ date: "2030-12-25", reason: "Christmas Day", reasonEs: "N".repeat(201) }],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The Spanish reason must be at most 200 characters."),
    });
  });

  it("imports and exports the Spanish versions; a bad one is refused, naming its field", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const slug = unique("es");
    const file = {
      version: 1,
      facilities: [
        {
          name: "Eastside Storage",
          slug,
          closures: [
            { date: "2030-12-25", reason: "Christmas Day", reasonEs: "Navidad" },
            { date: "2030-11-28", reason: "Staff training" },
          ],
          knowledgeBase: [
            {
              kind: "faq",
              question: "Do you sell boxes?",
              answer: "Yes, at the office.",
              questionEs: "¿Venden cajas?",
              answerEs: "Sí, en la oficina.",
            },
          ],
        },
      ],
      knowledgeBase: [{ kind: "policy", question: "How do I move out?", answer: "Give 10 days' notice." }],
    };
    await owner.inventory.import({ format: "json", text: JSON.stringify(file) });
    const exported = await owner.inventory.export({ format: "json" });
    if (exported.format !== "json") throw new Error("json expected");
    const fac = exported.file.facilities.find((x) => x.slug === slug)!;
    expect(fac.closures).toEqual([
      { date: "2030-11-28", reason: "Staff training", reasonEs: null },
      { date: "2030-12-25", reason: "Christmas Day", reasonEs: "Navidad" },
    ]);
    expect(fac.knowledgeBase[0]).toMatchObject({ questionEs: "¿Venden cajas?", answerEs: "Sí, en la oficina." });
    expect(exported.file.knowledgeBase[0]).toMatchObject({ questionEs: null, answerEs: null });
    // The export imports back unchanged.
    const again = await owner.inventory.importPreview({ format: "json", text: JSON.stringify(exported.file) });
    expect([again.closures.updated, again.knowledgeBase.updated]).toEqual([0, 0]);
    // A Spanish reason changes on its own.
    file.facilities[0]!.closures[0]!.reasonEs = "Día de Navidad";
    expect((await owner.inventory.importPreview({ format: "json", text: JSON.stringify(file) })).closures.updated).toBe(
      1,
    );

    const bad = { ...file, knowledgeBase: [{ ...file.knowledgeBase[0], answerEs: ["not", "text"] }] };
    await expect(owner.inventory.importPreview({ format: "json", text: JSON.stringify(bad) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/knowledgeBase\.0\.answerEs/),
    });
  });
});

describe("import procedures", () => {
  it("previews without changing anything, imports, and reports validation errors with lines", async () => {
    const { readFileSync } = await import("node:fs");
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const staff = await callerFor(await seedMember(org, "staff"));
    const text = readFileSync("docs/examples/facility-import.json", "utf8");
    const preview = await owner.inventory.importPreview({ format: "json", text });
    expect(preview.units.created).toBe(17);
    expect(await owner.facilities.list()).toEqual([]);
    await expect(staff.inventory.import({ format: "json", text })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await owner.inventory.import({ format: "json", text });
    expect((await owner.facilities.list()).map((f) => f.slug)).toEqual(["lakeside"]);
    const bad = await owner.inventory
      .import({ format: "json", text: text.replace('"timeZone": "America/Chicago"', '"timeZone": "Nowhere"') })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/line 14, facilities\.0\.timeZone/),
    });
    const exported = await staff.inventory.export({ format: "json" });
    expect(exported.format === "json" && exported.file.facilities[0]!.slug).toBe("lakeside");
  });
});
