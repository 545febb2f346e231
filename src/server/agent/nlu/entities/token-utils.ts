/** Helpers shared by the entity extractors, which all work on filler-free word tokens with offsets. */
import type { Token } from "@/server/agent/voice/normalize";

export type { Token };

export type Joined = { text: string; starts: number[]; ends: number[] };

/** Join tokens with single spaces, remembering where each token sits, so regexes can run on phrases. */
export function joinTokens(tokens: readonly Token[]): Joined {
  const starts: number[] = [];
  const ends: number[] = [];
  let text = "";
  for (const t of tokens) {
    if (text) text += " ";
    starts.push(text.length);
    text += t.text;
    ends.push(text.length);
  }
  return { text, starts, ends };
}

/** Token index range [first, last] covered by a character range of the joined text. */
export function tokenRange(joined: Joined, from: number, to: number): [number, number] {
  let first = joined.ends.findIndex((e) => e > from);
  if (first < 0) first = joined.ends.length - 1;
  let last = first;
  for (let i = first; i < joined.starts.length && joined.starts[i]! < to; i++) last = i;
  return [first, last];
}

/** Span in the original text for tokens[first..last]. */
export function spanOf(text: string, tokens: readonly Token[], first: number, last: number) {
  const start = tokens[first]!.start;
  const end = tokens[last]!.end;
  return { start, end, text: text.slice(start, end) };
}

/** Common words that are never part of a person's name, a spelled e-mail or a facility keyword. */
export const COMMON_WORDS = new Set(
  (
    "a an the and or but if so to of in on at by for with from about as into like through after over between out up down " +
    "i me my mine we us our you your he him his she her it its it's they them their this that these those there here " +
    "is am are was were be been being do does did have has had will would can could should may might must shall " +
    "i'm i'd i'll i've you're we're they're that's there's what's let's don't doesn't didn't can't won't isn't " +
    "thats whats theres im ive dont doesnt didnt cant wont isnt " +
    "what when where why how who which whom not no yes yeah yep sure okay ok right well just really very also too " +
    "calling call calls looking need needs want wanted wants trying going gonna wanna interested wondering checking " +
    "here there now today tomorrow tonight later soon again still please thanks thank hello hi hey bye " +
    "unit units storage space spaces size sizes price prices rate rates reserve reservation book rent renting " +
    "about regarding available open closed hours gate code account balance payment pay card number phone email " +
    "name last first spelled spell mister mr mrs ms miss doctor dr sir ma'am " +
    "good great fine perfect sorry afraid ready done back new old small medium large big one two three four five " +
    "six seven eight nine ten with without only some any all every each other another more most less " +
    "mon tue tues wed thu thur thurs fri sat sun tmrw tmr tmrow tomorow tommorow tommorrow " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august " +
    "september october november december downtown location facility place street climate controlled drive indoor " +
    "outside inside move moving moved customer tenant manager person human somebody someone agent representative " +
    "operator operators operador operadora agente representante persona humano surname " +
    "si no es el la los las un una de del que para por con mi su soy llamo nombre hola gracias bueno " +
    "um uh hmm er ah oh " +
    "curious sure sorry fine expensive cheap correct wrong urgent important locked broken late early closed " +
    "interested confused lost stuck outside inside busy happy calling hoping thinking asking wondering not " +
    "too quite pretty about around almost actually probably maybe definitely absolutely exactly already " +
    "for available due past behind over under done finished moving coming leaving working " +
    "hurt sick scared worried upset angry mad frustrated tenant customer renter member veteran student senior " +
    "teacher nurse military owner current existing retired disabled pregnant alone home away outta ill bleeding"
  ).split(" "),
);
