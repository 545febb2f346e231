import type { Lang } from "./twiml";

/** What the voice channel itself says (the agent's own replies come from the engine). */
const LINES = {
  notInService: {
    en: "Sorry, this number is not in service. Goodbye.",
    es: "Lo sentimos, este número no está en servicio. Adiós.",
  },
  /** Silence after a question: this, then the question again. */
  didntCatch: { en: "Sorry, I didn't catch that.", es: "Perdón, no le escuché." },
  noAnswer: {
    en: "Sorry, nobody could pick up right now. I can take a message and have someone call you back.",
    es: "Lo siento, nadie pudo contestar ahora. Puedo tomar un mensaje para que le devuelvan la llamada.",
  },
  reprompt: {
    en: "Sorry, I didn't catch that. How can I help you?",
    es: "Perdón, no le escuché. ¿En qué le puedo ayudar?",
  },
  offerPerson: {
    en: "I still can't hear you. You can tell me what you need, or say 'a person' or press zero to reach our team.",
    es: "Todavía no le escucho. Puede decirme qué necesita, o decir 'una persona' o marcar cero para hablar con el equipo.",
  },
  giveUp: {
    en: "Sorry, I couldn't hear you. Please call back or text this number any time. Goodbye.",
    es: "Lo siento, no pude escucharle. Llame de nuevo o envíe un mensaje de texto a este número. Adiós.",
  },
  errorTransfer: {
    en: "Sorry, something went wrong on my side. Let me connect you with our team.",
    es: "Lo siento, tuve un problema. Le comunico con nuestro equipo.",
  },
  errorRetry: {
    en: "Sorry, something went wrong on my side. Could you say that again? You can also text this number and we'll get right back to you.",
    es: "Lo siento, tuve un problema. ¿Me lo puede repetir? También puede enviar un mensaje de texto a este número.",
  },
  /** A gather result we cannot use (control characters): nothing is stored, the same turn is asked again. */
  sayAgain: {
    en: "Sorry, I didn't catch that. Could you say it again?",
    es: "Perdón, no le entendí. ¿Me lo puede repetir?",
  },
  /** A call webhook we cannot use: never Twilio's "application error". */
  cannotContinue: {
    en: "Sorry, something went wrong on my side. Please call us back, or send us a text at this number. Goodbye.",
    es: "Lo siento, tuve un problema. Llámenos de nuevo o envíenos un mensaje de texto a este número. Adiós.",
  },
  lostCall: {
    en: "Sorry, I lost track of this call. Please call us back. Goodbye.",
    es: "Lo siento, perdí esta llamada. Por favor llame de nuevo. Adiós.",
  },
  person: { en: "I'd like to speak to a person", es: "Quiero hablar con una persona" },
  noAnswerMessage: {
    en: "Nobody could pick up right now. I'd like to leave a message",
    es: "No contestaron. Quiero dejar un mensaje",
  },
  filler: { en: "One moment while I check that. ", es: "Un momento, lo reviso. " },
} as const;

export const line = (key: keyof typeof LINES, lang: Lang) => LINES[key][lang];
