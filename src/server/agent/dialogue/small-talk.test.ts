import { describe, expect, it } from "vitest";

import { repeatOrWaitOf, smallTalkOf } from "./small-talk";

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

describe("repeatOrWaitOf", () => {
  it.each([
    "sorry can you say that again",
    "what?",
    "Sorry, what was that?",
    "can you repeat that please",
    "come again?",
    "i didn't catch that",
    "huh",
    "pardon me?",
    "could you say that one more time",
    "¿Cómo?",
    "perdón, ¿me lo puede repetir?",
    "no le escuché bien",
    "repítalo por favor",
    "¿cómo? no le escuché bien",
    "what? sorry, can you repeat that",
  ])("%s asks for the last reply again", (text) => {
    expect(repeatOrWaitOf(text)).toBe("repeat");
  });

  it.each([
    "hold on one sec",
    "ok hang on",
    "one moment please",
    "give me a second",
    "hold on let me grab a pen",
    "let me check my calendar",
    "un momento por favor",
    "espéreme un segundo",
  ])("%s asks for time", (text) => {
    expect(repeatOrWaitOf(text)).toBe("wait");
  });

  it.each([
    "what are your hours",
    "what size do i need",
    "can you repeat the address and the gate hours for the northgate location please and thanks",
    "hold on, how much is the 10x10",
    "wait is that per month",
    "sorry i meant a 10x10",
    "¿cómo llego?",
    "¿qué tamaños tienen?",
    "one more question about the price",
    "ok let me think about it",
  ])("%s is neither", (text) => {
    expect(repeatOrWaitOf(text)).toBeNull();
  });
});
