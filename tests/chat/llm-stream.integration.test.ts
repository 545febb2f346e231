import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "@/env";

import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { chat, chatJson, seedChatOrg, startChat } from "./helpers";

/**
 * With a model configured, the chat endpoint streams the reply as the model writes it: many `token`
 * events, read as separate chunks before `done`, adding up to the stored reply. The model is the
 * local fake OpenAI-compatible server.
 */
let fake: FakeOpenAI;
const REPLY =
  "Happy to help you find the right space! What are you planning to store, a few boxes or a whole apartment?";
/** A price the model made up without calling a tool: the guard refuses it after it has streamed. */
const INVENTED = "Our 10x10 units are only $49 a month this week, the best deal in town!";
let reply = REPLY;

beforeAll(async () => {
  fake = await startFakeOpenAI(() => ({ kind: "text", text: reply, chunkSize: 8, delayMs: 15 }));
  Object.assign(env, {
    OPENAI_API_KEY: "sk-test-fake",
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: "fake-model",
    AGENT_LLM_TIMEOUT_MS: 5000,
  });
});
afterAll(async () => {
  Object.assign(env, { OPENAI_API_KEY: undefined });
  await fake.close();
});

/** Sends a message and returns the response body as the chunks it arrived in. */
async function send(key: string, c: { conversationId: string; token: string }, text: string) {
  const res = await chat("POST", `/${key}/conversations/${c.conversationId}/messages`, {
    token: c.token,
    body: { text },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(decoder.decode(value));
  }
  return chunks;
}

const eventsOf = (text: string) =>
  [...text.matchAll(/^event: (\w+)\ndata: (.+)$/gm)].map((m) => ({
    event: m[1]!,
    data: JSON.parse(m[2]!) as { text?: string; message?: { text: string } },
  }));

describe("streamed reply from the LLM brain", () => {
  it("arrives token by token over SSE and is stored whole", async () => {
    reply = REPLY;
    const w = await seedChatOrg([]);
    const c = await startChat(w.key);
    const chunks = await send(w.key, c, "hi, I need some storage");
    const text = chunks.join("");
    const tokens = [...text.matchAll(/^event: token\ndata: (.+)$/gm)].map(
      (m) => (JSON.parse(m[1]!) as { text: string }).text,
    );
    const done = JSON.parse(/^event: done\ndata: (.+)$/m.exec(text)![1]!) as { message: { text: string } };
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join("")).toBe(REPLY);
    expect(done.message.text).toBe(REPLY);
    // Tokens were delivered as they came, not buffered into one write at the end.
    expect(chunks.filter((ch) => ch.includes("event: token")).length).toBeGreaterThan(5);
    // The visitor's text reached the model as data, and the stored history matches what streamed.
    expect(fake.requests.at(-1)!.messages.at(-1)!.content).toContain("hi, I need some storage");
    const history = await chatJson("GET", `/${w.key}/conversations/${c.conversationId}`, { token: c.token });
    expect((history.body.messages as { text: string }[]).at(-1)!.text).toBe(REPLY);
  });

  it("a refused model answer that already streamed is withdrawn with `reset`, then the default brain's answer follows", async () => {
    reply = INVENTED;
    const w = await seedChatOrg([]);
    const c = await startChat(w.key);
    const events = eventsOf((await send(w.key, c, "how much is a 10x10?")).join(""));
    const reset = events.findIndex((e) => e.event === "reset");
    expect(reset).toBeGreaterThan(0);
    // Only the words before the invented figure went out: the figure itself never reaches the widget.
    const before = events
      .slice(0, reset)
      .map((e) => e.data.text)
      .join("");
    expect(INVENTED.startsWith(before)).toBe(true);
    expect(before).not.toContain("$49");
    // What the widget shows after the reset is the stored answer, with the real web rate.
    const after = events.slice(reset + 1);
    const done = after.at(-1)!;
    expect(done.event).toBe("done");
    expect(
      after
        .filter((e) => e.event === "token")
        .map((e) => e.data.text)
        .join(""),
    ).toBe(done.data.message!.text);
    expect(done.data.message!.text).toContain("$110");
    expect(done.data.message!.text).not.toContain("$49");
  });
});
