import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { saveRateItem } from "@/server/domain/rates/save-rate-item";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

/**
 * "Any specials?" lists what this conversation's channel can have: a web-only special is not the
 * caller's on the phone, and the phone quote would not include it either.
 */
describe("specials by channel", () => {
  it("a web-only special is offered in chat and not on the phone; one for every channel is offered on both", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id, { withPromotion: false });
    await withOrg(org.id, async (tx) => {
      await saveRateItem(tx, org.id, { label: "test" }, "promotion", {
        facilityId: facility.id,
        name: "Online dollar deal",
        kind: "first_month_fixed",
        value: 100,
        channels: ["chat"],
      });
      await saveRateItem(tx, org.id, { label: "test" }, "promotion", {
        facilityId: facility.id,
        name: "Half off two months",
        kind: "percent_off",
        value: 5000,
        months: 2,
      });
    });
    const ask = async (channel: "voice" | "chat") => {
      const c = await startConversation({
        organizationId: org.id,
        channel,
        facilityId: facility.id,
        fromAddress: channel === "voice" ? "+15125550142" : undefined,
        now: OPEN_NOW,
      });
      const turn = await respond({
        organizationId: org.id,
        conversationId: c.conversationId,
        text: "do you have any specials",
        now: OPEN_NOW,
        brain: "default",
      });
      return turn.reply;
    };
    const phone = await ask("voice");
    expect(phone).toMatch(/half off/i);
    expect(phone).not.toMatch(/online dollar deal/i);
    const chat = await ask("chat");
    expect(chat).toMatch(/online dollar deal/i);
    expect(chat).toMatch(/half off/i);
  });
});
