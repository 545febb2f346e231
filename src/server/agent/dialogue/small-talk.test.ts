import { describe, expect, it } from "vitest";

import { smallTalkOf } from "./small-talk";

describe("smallTalkOf", () => {
  it.each([
    "how are you today",
    "How are you?",
    "hi how are you doing today",
    "hey, how's it going",
    "good morning how are ya",
    "how you doin",
    "hola, ¿cómo está?",
    "qué tal",
    "um how's your day going",
  ])("%s is how-are-you", (text) => {
    expect(smallTalkOf(text)).toBe("how_are_you");
  });

  it.each([
    "are you a robot",
    "wait am i talking to a real person?",
    "is this a recording",
    "r u a bot",
    "are you AI?",
    "are you real",
    "¿eres un robot?",
    "hablo con una persona real?",
  ])("%s asks whether it is a bot", (text) => {
    expect(smallTalkOf(text)).toBe("are_you_a_bot");
  });

  it.each([
    "how are your prices",
    "how are you open today",
    "how much is a ten by ten today",
    "are you a robot can i talk to a human",
    "i don't want to talk to a robot",
    "are you a robot? get me a real person",
    "is this a person or a bot, i want the manager",
    "what are your hours today",
    "are you open today",
  ])("%s is no small talk", (text) => {
    expect(smallTalkOf(text)).toBeNull();
  });
});
