import { describe, expect, it } from "vitest";

import { extractEntities, redactCardNumbers, type Entity, type ExtractContext } from "./entities";
import { extractConfirmationCode } from "./entities/confirmation-code";
import { evaluateEntities } from "./evaluate-entities";

// Tuesday 2026-11-24, 09:00 in Los Angeles.
const ctx: ExtractContext = {
  now: new Date("2026-11-24T17:00:00Z"),
  timeZone: "America/Los_Angeles",
  facilities: [
    { id: "f-down", name: "Downtown Self Storage" },
    { id: "f-oak", name: "Oakland Storage Center", city: "Oakland" },
  ],
};
const of = <T extends Entity["type"]>(text: string, type: T, c: ExtractContext = ctx) =>
  extractEntities(text, c).filter((e): e is Extract<Entity, { type: T }> => e.type === type);

describe("extractConfirmationCode", () => {
  it.each([
    ["K7M4PQ", "K7M4PQ"],
    ["my code is r7k-2qx", "R7K2QX"],
    ["k 7 m 4 q p", "K7M4QP"],
    ["k seven m four q p", "K7M4QP"],
    ["r 7 k 2 q x", "R7K2QX"],
    ["R, 7, K, 2, Q, X.", "R7K2QX"],
    ["my confirmation is R as in Robert, 7, K, 2, Q, X", "R7K2QX"],
    ["yeah it's R as in Robert, 7, K, 2, Q, X", "R7K2QX"],
    ["R as in Robert, seven, K as in kilo, two, Q like queen, X", "R7K2QX"],
    ["romeo seven kilo two quebec x-ray", "R7K2QX"],
    ["are seven kay two queue ex", "R7K2QX"],
    ["my confirmation is are seven kay two queue ex", "R7K2QX"],
    ["um it's k uh 7 m 4 q p", "K7M4QP"],
    ["thank you, r 7 k 2 q x", "R7K2QX"],
    ["i have a reservation, the code is k 7 m 4 q p", "K7M4QP"],
    ["double u seven kay two queue ex", "W7K2QX"],
    ["erre siete ka dos cu equis", "R7K2QX"],
  ])("reads the code in %j", (text, code) => {
    expect(extractConfirmationCode(text)).toBe(code);
  });

  it.each([
    "are you open today",
    "five one two five five five zero one nine nine",
    "555 234",
    "i want to cancel my reservation",
    "r 7 k 2 q",
    "mary jones",
  ])("finds no code in %j", (text) => {
    expect(extractConfirmationCode(text)).toBeNull();
  });
});

describe("extractEntities", () => {
  it.each([
    ["ten by fifteen", 10, 15],
    ["10 x 15", 10, 15],
    ["10x15", 10, 15],
    ["10'x15'", 10, 15],
    ["a 10’x15’?", 10, 15],
    ["ten-by-fifteen", 10, 15],
    ["a ten foot by fifteen", 10, 15],
    ["10 by 10", 10, 10],
    ["five by five", 5, 5],
    ["ten by ten foot", 10, 10],
    ["a 10 by 20", 10, 20],
    ["um like a twenty by ten", 10, 20],
    ["diez por quince", 10, 15],
    ["Do you have any 10x10s available?", 10, 10],
    ["two 5x10's", 5, 10],
  ])("reads the size %s", (text, width, length) => {
    const [size] = of(text, "unit_size");
    expect(size).toMatchObject({ width, length });
  });

  it("gives size spans in the original text and ignores implausible sizes", () => {
    const text = "Um, how much is a TEN by fifteen?";
    const [size] = of(text, "unit_size");
    expect(text.slice(size!.start, size!.end)).toBe("a TEN by fifteen");
    expect(of("i have 2 by 100 boards", "unit_size")).toEqual([]);
  });

  it.each([
    ["small", "small"],
    ["medium", "medium"],
    ["large", "large"],
    ["a closet", "closet"],
    ["one bedroom", "one_bedroom"],
    ["a two-bedroom apartment", "two_bedroom"],
    ["a car", "car"],
    ["a jet ski", "jet_ski"],
    ["a couple wave runners on a trailer", "jet_ski"],
  ])("maps the size word %s", (text, hint) => {
    expect(of(text, "size_hint").map((e) => e.hint)).toContain(hint);
  });

  it.each([
    ["today", "2026-11-24"],
    ["tomorrow", "2026-11-25"],
    ["this saturday", "2026-11-28"],
    ["next friday", "2026-12-04"],
    ["friday", "2026-11-27"],
    ["december 3rd", "2026-12-03"],
    ["the 15th", "2026-12-15"],
    ["in two weeks", "2026-12-08"],
    ["march fifth", "2027-03-05"],
    ["pasado manana", "2026-11-26"],
    ["the twenty first", "2026-12-21"],
    ["cinco de diciembre", "2026-12-05"],
    // A weekday with the day of the month: the day of the month (a caller's "tuesday the fifteenth").
    ["tuesday the fifteenth", "2026-12-15"],
    ["tuesday december 15th", "2026-12-15"],
    ["on friday the 4th", "2026-12-04"],
    // Counted from a day other than today.
    ["a week from saturday", "2026-12-05"],
    ["a week from today", "2026-12-01"],
    ["a week from tomorrow", "2026-12-02"],
    ["two weeks from today", "2026-12-08"],
    ["ten days from now", "2026-12-04"],
    ["saturday after next", "2026-12-05"],
  ])("resolves %s in the facility time zone", (text, date) => {
    expect(of(text, "date").map((e) => e.date)).toEqual([date]);
  });

  it.each([
    ["last monday", "2026-11-23"],
    ["last tuesday", "2026-11-17"],
    ["this past friday", "2026-11-20"],
    ["yesterday", "2026-11-23"],
    ["the day before yesterday", "2026-11-22"],
    ["el lunes pasado", "2026-11-23"],
    ["ayer", "2026-11-23"],
    ["last week", "2026-11-17"],
  ])("reads the past date %s as the day that has gone, not the next one", (text, date) => {
    expect(of(text, "date").map((e) => e.date)).toEqual([date]);
  });

  it.each([
    // A year said after the day: that year's day, not the coming one ("june 10 2027" was 2027's June
    // 10th's namesake in the coming months).
    ["june 10 2027", "2027-06-10", undefined],
    ["december 5th, 2028", "2028-12-05", undefined],
    ["december 31 9999", "9999-12-31", undefined],
    ["the 3rd of december next year", "2027-12-03", undefined],
    ["el 5 de diciembre de 2028", "2028-12-05", undefined],
    // A month of a named year, no day: its first day, marked monthOnly (no day to book).
    ["december 2028", "2028-12-01", true],
    ["next year in december", "2027-12-01", true],
    ["december of next year", "2027-12-01", true],
    ["diciembre del próximo año", "2027-12-01", true],
    ["el año que viene en diciembre", "2027-12-01", true],
    ["en diciembre de 2028", "2028-12-01", true],
    // Typed with its year, as chat and SMS callers write it.
    ["1/15/2027", "2027-01-15", undefined],
    ["can i move in 1/15/27", "2027-01-15", undefined],
    ["12-20-2026", "2026-12-20", undefined],
    ["2027-03-05", "2027-03-05", undefined],
  ])("reads %s with its year", (text, date, monthOnly) => {
    expect(of(text, "date").map((e) => ({ date: e.date, monthOnly: e.monthOnly }))).toEqual([{ date, monthOnly }]);
  });

  it.each([
    // A month alone where a move-in is said: the coming one, no day to book (the caller is asked for it).
    ["reserve a 5x10 for january", "2027-01-01", true],
    ["sometime in december", "2026-12-01", true],
    ["next november", "2027-11-01", true],
    // With its day in the same breath, one date.
    ["in december, on the 5th", "2026-12-05", undefined],
    ["for january the 3rd", "2027-01-03", undefined],
    // "next" and the month we are in: next year's.
    ["next november, the 20th", "2027-11-20", undefined],
    ["next december 3rd", "2026-12-03", undefined],
  ])("reads the month in %s", (text, date, monthOnly) => {
    expect(of(text, "date").map((e) => ({ date: e.date, monthOnly: e.monthOnly }))).toEqual([{ date, monthOnly }]);
  });

  it("reads a day said after a month named alone as that month's", () => {
    expect(of("the 5th", "date", { ...ctx, month: "2027-02" }).map((e) => e.date)).toEqual(["2027-02-05"]);
    expect(of("the 5th", "date", { ...ctx, expecting: "date" }).map((e) => e.date)).toEqual(["2026-12-05"]);
    // Spanish days are cardinal: "el 5", "el cinco" to the date question.
    expect(of("el 5", "date", { ...ctx, expecting: "date", month: "2027-02" }).map((e) => e.date)).toEqual([
      "2027-02-05",
    ]);
    expect(of("el cinco", "date", { ...ctx, expecting: "date" }).map((e) => e.date)).toEqual(["2026-12-05"]);
    expect(of("el 5", "date")).toEqual([]);
    // A month already past the day falls back to the next such day.
    expect(of("on the 20th", "date", { ...ctx, month: "2026-11" }).map((e) => e.date)).toEqual(["2026-12-20"]);
  });

  it("does not read a name or an abbreviation as a month", () => {
    expect(of("my name is june carter", "date")).toEqual([]);
    expect(of("it's april", "date")).toEqual([]);
    expect(of("in jan", "date")).toEqual([]);
    expect(of("you may in march", "date")).toEqual([]);
  });

  it("does not read an ordinal describing a noun as a date", () => {
    expect(of("is the first month free", "date")).toEqual([]);
    expect(of("a unit on the second floor", "date")).toEqual([]);
  });

  it.each([
    ["call me back at 3 pm", "15:00"],
    ["can i come at three thirty", "15:30"],
    ["around 9", "09:00"],
    ["10:30 am", "10:30"],
    ["at noon", "12:00"],
    ["six a m", "06:00"],
    ["at 7 in the evening", "19:00"],
    ["we close at 17:30", "17:30"],
    ["a las cuatro de la tarde", "16:00"],
    ["by 5 o'clock", "17:00"],
  ])("reads the time in %s", (text, time) => {
    expect(of(text, "time").map((e) => e.time)).toEqual([time]);
  });

  it("does not read counts or sizes as times", () => {
    expect(of("i have 3 boxes", "time")).toEqual([]);
    expect(of("a ten by ten", "time")).toEqual([]);
  });

  it("uses the facility's date, not UTC's, near midnight", () => {
    // 07:30 UTC on the 25th is still the 24th in Los Angeles.
    const late = { ...ctx, now: new Date("2026-11-25T07:30:00Z") };
    expect(of("tomorrow", "date", late)[0]!.date).toBe("2026-11-25");
    expect(of("tomorrow", "date", { ...late, timeZone: "Europe/Madrid" })[0]!.date).toBe("2026-11-26");
  });

  it.each([
    ["my name is john smith", "John Smith"],
    ["it's maria garcia", "Maria Garcia"],
    ["this is bob", "Bob"],
    ["me llamo jose hernandez", "Jose Hernandez"],
    ["last name is s m i t h", "Smith"],
  ])("finds the name in %s", (text, name) => {
    expect(of(text, "name").map((e) => e.name)).toEqual([name]);
  });

  it.each([
    ["This is Maria Lopez, looking for a 10x10", "Maria Lopez"],
    ["Hi, I'm Maria Lopez. Do you have a 10x10?", "Maria Lopez"],
    ["I'm Maria Lopez, we need a ten by ten", "Maria Lopez"],
    ["Hey this is Maria Lopez, how much is a 10x10", "Maria Lopez"],
    ["I'm Maria Lopez looking for a unit", "Maria Lopez"],
    ["This is Maria Lopez next Friday", "Maria Lopez"],
    ["This is Maria. What's the price of a 10x10?", "Maria"],
  ])("finds the capitalised name introduced in %s, whatever follows it", (text, name) => {
    expect(of(text, "name").map((e) => e.name)).toEqual([name]);
  });

  it("takes no capitalised word for a name where the cue is weak or the capitals run on", () => {
    expect(of("I'm Looking for a 10x10", "name")).toEqual([]);
    expect(of("I'm Moving to Austin next week", "name")).toEqual([]);
    expect(of("I'm Not sure what size", "name")).toEqual([]);
    expect(of("This is Oak Street Storage right?", "name")).toEqual([]);
    expect(of("It's Cold in there?", "name")).toEqual([]);
    expect(of("I'm Currently Renting Elsewhere", "name")).toEqual([]);
  });

  it("does not take ordinary words for names", () => {
    expect(of("i'm looking for a unit", "name")).toEqual([]);
    expect(of("it's too expensive", "name")).toEqual([]);
    expect(of("i'm hurt", "name")).toEqual([]);
    expect(of("i'm suing", "name")).toEqual([]);
    expect(of("i'm a veteran", "name")).toEqual([]);
    expect(of("john smith", "name")).toEqual([]);
    expect(of("john smith", "name", { ...ctx, expecting: "name" }).map((e) => e.name)).toEqual(["John Smith"]);
  });

  it('reads names as speech recognition writes them when a name was asked for: "its" for "it\'s", surname particles', () => {
    const asked: ExtractContext = { ...ctx, expecting: "name" };
    const names = (text: string, c: ExtractContext = asked) => of(text, "name", c).map((e) => e.name);
    expect(names("its mike o'brien")).toEqual(["Mike O'Brien"]);
    expect(names("jose de la cruz")).toEqual(["Jose de la Cruz"]);
    expect(names("anna van der berg")).toEqual(["Anna van der Berg"]);
    expect(names("my name is anna van der berg and i need a unit", ctx)).toEqual(["Anna van der Berg"]);
    // Unasked, "its" starts too many sentences, and "de" after a weakly introduced name is "from".
    expect(names("its mike obrien", ctx)).toEqual([]);
    expect(names("its a ten by ten")).toEqual([]);
    expect(names("soy juan de austin", ctx)).toEqual(["Juan"]);
    // After "soy", "de la", "de los" and "del" start a surname when the name ends there: "Soy María de
    // la Cruz" had been "Maria" (from "la Cruz"); "soy juan de la ciudad de méxico" is from Mexico City.
    expect(names("Soy María de la Cruz", ctx)).toEqual(["Maria de la Cruz"]);
    expect(names("soy maria de la cruz y quiero una bodega", ctx)).toEqual(["Maria de la Cruz"]);
    expect(names("soy pedro de los santos, quiero rentar", ctx)).toEqual(["Pedro de los Santos"]);
    expect(names("soy Ana del Río", ctx)).toEqual(["Ana del Rio"]);
    expect(names("me llamo José de León", ctx)).toEqual(["Jose de Leon"]);
    expect(names("soy juan de la ciudad de mexico", ctx)).toEqual(["Juan"]);
    // A particle with no name after it is not part of the name.
    expect(names("ann de")).toEqual([]);
    // A surname said and then spelled is one surname; "thats" (speech recognition's "that's") is no name.
    expect(names("it's maria lopez, l o p e z")).toEqual(["Maria Lopez"]);
    expect(names("maria lopez l o p e z")).toEqual(["Maria Lopez"]);
    expect(names("my name is ann lee thats l e e", ctx)).toEqual(["Ann Lee"]);
  });

  it("takes April, May and June as first names before a surname where a name was asked for or introduced, and Spanish introductions", () => {
    const asked: ExtractContext = { ...ctx, expecting: "name" };
    const names = (text: string, c: ExtractContext = asked) => of(text, "name", c).map((e) => e.name);
    expect(names("april jones")).toEqual(["April Jones"]);
    expect(names("May Lee")).toEqual(["May Lee"]);
    expect(names("june carter")).toEqual(["June Carter"]);
    expect(names("my name is April Jones", ctx)).toEqual(["April Jones"]);
    // A month alone, before a day, or a question is no name.
    expect(names("june")).toEqual([]);
    expect(names("june twentieth")).toEqual([]);
    expect(names("may fourteenth")).toEqual([]);
    expect(names("may i ask why")).toEqual([]);
    // "soy" introduces a written name like "I'm"; a lone letter after a name ends it ("y" is "and").
    expect(names("Hola, soy Ana Garcia, quiero rentar", ctx)).toEqual(["Ana Garcia"]);
    expect(names("soy pedro garcia y quiero rentar", ctx)).toEqual(["Pedro Garcia"]);
    expect(names("soy de austin", ctx)).toEqual([]);
  });

  it.each([
    ["this is maria lopez looking for a 10x10", "Maria Lopez"],
    ["hi this is maria lopez, looking for a ten by ten", "Maria Lopez"],
    ["hey this is maria looking for a 5x5", "Maria"],
    ["this is maria lopez need a unit asap", "Maria Lopez"],
    ["hi my name is john smith and i need storage", "John Smith"],
    ["i'm john smith looking for a unit", "John Smith"],
    ["so i'm ana ruiz, do you have a 10x10", "Ana Ruiz"],
    ["i'm sean o'neil interested in a unit", "Sean O'Neil"],
    ["this is juan del valle looking for storage", "Juan del Valle"],
  ])("finds the lower-case name introduced in passing in %j", (text, name) => {
    expect(of(text, "name").map((e) => e.name)).toEqual([name]);
  });

  it("takes no everyday words for a lower-case name said in passing", () => {
    const names = (text: string) => of(text, "name").map((e) => e.name);
    expect(names("this is urgent")).toEqual([]);
    expect(names("this is urgent i'm locked out")).toEqual([]);
    expect(names("this is crazy expensive")).toEqual([]);
    expect(names("this is oak street storage right?")).toEqual([]);
    expect(names("this is downtown self storage?")).toEqual([]);
    expect(names("do you know if this is maria lopez looking")).toEqual([]);
    expect(names("i'm looking for a unit")).toEqual([]);
    expect(names("i'm currently renting elsewhere")).toEqual([]);
    expect(names("i'm honestly confused about sizes")).toEqual([]);
    expect(names("i'm super excited to move")).toEqual([]);
    expect(names("i'm new here and need a unit")).toEqual([]);
    expect(names("i'm maria and need a unit")).toEqual(["Maria"]);
    expect(names("i'm maria looking for a unit")).toEqual([]);
  });

  it.each([
    ["This is Maria de la Cruz, looking for a 10x10", "Maria de la Cruz"],
    ["I'm Juan del Valle looking for storage", "Juan del Valle"],
    ["Hi, I'm Anna van der Berg. Do you have a 5x5?", "Anna van der Berg"],
    ["This is Sean O'Neil, need a unit", "Sean O'Neil"],
    ["This is Mary-Kate Smith, need a unit", "Mary-Kate Smith"],
    ["i'm mary-kate smith looking for a unit", "Mary-Kate Smith"],
    ["my name is ana garcia-lopez and i need storage", "Ana Garcia-Lopez"],
  ])("keeps surname particles, apostrophes and hyphens in %j", (text, name) => {
    expect(of(text, "name").map((e) => e.name)).toEqual([name]);
  });

  it("keeps a surname that is an everyday word where a name was asked for or introduced", () => {
    const asked: ExtractContext = { ...ctx, expecting: "name" };
    const names = (text: string, c: ExtractContext = asked) => of(text, "name", c).map((e) => e.name);
    expect(names("it's dana owner")).toEqual(["Dana Owner"]);
    expect(names("dana owner")).toEqual(["Dana Owner"]);
    expect(names("will price")).toEqual(["Will Price"]);
    expect(names("it's tom price please")).toEqual(["Tom Price"]);
    expect(names("ann street")).toEqual(["Ann Street"]);
    expect(names("it's mary baker")).toEqual(["Mary Baker"]);
    expect(names("tom hunter")).toEqual(["Tom Hunter"]);
    expect(names("bill gates")).toEqual(["Bill Gates"]);
    expect(names("adam rich")).toEqual(["Adam Rich"]);
    expect(names("my name is dana owner and i need a unit", ctx)).toEqual(["Dana Owner"]);
    // Not alone, not when more follows it, and "will" only before a surname.
    expect(names("owner")).toEqual([]);
    expect(names("the owner")).toEqual([]);
    expect(names("my name is dana owner of the business", ctx)).toEqual(["Dana"]);
    expect(names("will do")).toEqual([]);
    expect(names("will you hold it")).toEqual([]);
  });

  it("takes no request for a person for a name", () => {
    const asked: ExtractContext = { ...ctx, expecting: "name" };
    for (const words of ["operator", "agent", "representative", "human", "a person", "operator please", "agente"])
      expect(of(words, "name", asked)).toEqual([]);
  });

  it("puts a name given in labelled parts in order, given name first", () => {
    const asked: ExtractContext = { ...ctx, expecting: "name" };
    const names = (text: string, c: ExtractContext = asked) => of(text, "name", c).map((e) => e.name);
    expect(names("last name Jones, first name Mary")).toEqual(["Mary Jones"]);
    expect(names("last name is jones first name is mary")).toEqual(["Mary Jones"]);
    expect(names("my first name is mary and my last name is jones", ctx)).toEqual(["Mary Jones"]);
    expect(names("first name Mary, surname de la Cruz")).toEqual(["Mary de la Cruz"]);
    expect(names("last name s m i t h")).toEqual(["Smith"]);
  });

  it("takes a capitalised first and last name said alone where a date, number or e-mail was asked", () => {
    const at = (expecting: ExtractContext["expecting"]) => ({ ...ctx, expecting });
    const names = (text: string, c: ExtractContext) => of(text, "name", c).map((e) => e.name);
    expect(names("Dana Whitfield", at("date"))).toEqual(["Dana Whitfield"]);
    expect(names("Dana Whitfield", at("phone"))).toEqual(["Dana Whitfield"]);
    // Lower case, a day, or where a size or facility was asked: no name.
    expect(names("dana whitfield", at("date"))).toEqual([]);
    expect(names("Next Friday", at("date"))).toEqual([]);
    expect(names("Oak Street", at("facility"))).toEqual([]);
    expect(names("Dana Whitfield", ctx)).toEqual([]);
    expect(names("it's june twentieth", { ...ctx, expecting: "date" })).toEqual([]);
    expect(of("june twentieth", "date", { ...ctx, expecting: "date" })).toHaveLength(1);
  });

  it("takes a lone capitalised first name there only when it is a common given name", () => {
    const at = (expecting: ExtractContext["expecting"]) => ({ ...ctx, expecting });
    const names = (text: string, c: ExtractContext) => of(text, "name", c).map((e) => e.name);
    expect(names("Jenna", at("date"))).toEqual(["Jenna"]);
    expect(names("Dana", at("phone"))).toEqual(["Dana"]);
    // A day typed short, a word that is no given name, lower case, or no question asked: no name.
    for (const text of ["Sat", "Thurs", "Tmrw", "Fri", "Storage", "Sure"])
      expect(names(text, at("date")), text).toEqual([]);
    expect(names("jenna", at("date"))).toEqual([]);
    expect(names("Jenna", ctx)).toEqual([]);
  });

  it("reads a day typed short where a day was asked, after this/next/on, or alone", () => {
    const at = { ...ctx, expecting: "date" as const };
    const dates = (text: string, c: ExtractContext = ctx) => of(text, "date", c).map((e) => e.date);
    // Tuesday 2026-11-24.
    expect(dates("sat", at)).toEqual(["2026-11-28"]);
    expect(dates("thurs", at)).toEqual(["2026-11-26"]);
    expect(dates("fri pls", at)).toEqual(["2026-11-27"]);
    expect(dates("sat")).toEqual(["2026-11-28"]);
    expect(dates("this fri")).toEqual(["2026-11-27"]);
    expect(dates("can i move in on wed")).toEqual(["2026-11-25"]);
    for (const t of ["tmrw", "tmr", "tomorow", "tommorow"]) expect(dates(t), t).toEqual(["2026-11-25"]);
    // Elsewhere the short forms are words: "i sat down with my wife".
    expect(dates("i sat down with my wife")).toEqual([]);
  });

  it.each([
    "five one oh five five five oh one two three",
    "510-555-0123",
    "five one oh 555 0123",
    "(510) 555-0123",
    "my number is 1 510 555 0123",
    "five one oh five fifty five oh one twenty three",
  ])("reads the phone number %s as E.164", (text) => {
    expect(of(text, "phone").map((e) => e.e164)).toEqual(["+15105550123"]);
  });

  it.each([
    "five five five, one two three, four five six seven",
    "555 123 45 67",
    "my number is 555-123 ... 4567",
    "five five five, one two three, and four five six seven",
    "my number is 555-123 and then 4567",
    "555 123, the rest is 4567",
    "five five five dash one two three dash four five six seven",
    "the area code is 555 and then 123 4567",
    "1 555 and 123 4567",
    "five hundred fifty five, one two three, four five six seven",
  ])("joins the chunks of %s into one phone number", (text) => {
    expect(of(text, "phone").map((e) => e.e164)).toEqual(["+15551234567"]);
  });

  it("joins chunks only when they make a phone number, across words said between them", () => {
    expect(of("i need 2 units and then 1 more", "phone")).toEqual([]);
    expect(of("555 123 and my name is pat 4567", "phone")).toEqual([]);
    expect(of("555 123 4567 and 10 more", "phone").map((e) => e.text)).toEqual(["555 123 4567"]);
    const [joined] = of("my number is 555-123 and then 4567 thanks", "phone");
    expect(joined!.text).toBe("555-123 and then 4567");
  });

  it.each([
    ["j o h n dot smith at gmail dot com", "john.smith@gmail.com"],
    ["john underscore s at yahoo dot com", "john_s@yahoo.com"],
    ["my email is maria at hotmail dot com", "maria@hotmail.com"],
    ["it's Bob.Lee@Example.com thanks", "bob.lee@example.com"],
  ])("spells out the e-mail %s", (text, email) => {
    expect(of(text, "email").map((e) => e.email)).toEqual([email]);
  });

  it("reads yes and no, but not 'no problem'", () => {
    expect(of("yeah that's right", "yes_no")[0]!.value).toBe(true);
    expect(of("si", "yes_no")[0]!.value).toBe(true);
    expect(of("nope", "yes_no")[0]!.value).toBe(false);
    expect(of("no problem", "yes_no")).toEqual([]);
  });

  it.each([
    ["unit a one oh one", "A101"],
    ["A101", "A101"],
    ["my unit is b twelve", "B12"],
    ["unit number 204", "204"],
    ["i'm in unit 5", "5"],
  ])("reads the unit number %s", (text, unit) => {
    expect(of(text, "unit_number").map((e) => e.unit)).toEqual([unit]);
  });

  it("reads how many units are wanted before a size or a word for units, and nothing else as a count", () => {
    for (const [text, count] of [
      ["i need two 5x10s", 2],
      ["i need two ten by tens", 2],
      ["can i get a couple of 5x5s", 2],
      ["a couple 10x10s please", 2],
      ["we want to rent 2 units", 2],
      ["three of your ten by twenties", 3],
      ["two storage units", 2],
      ["necesito dos unidades de 5x10", 2],
      ["un par de bodegas", 2],
    ] as const) {
      expect(
        of(text, "quantity").map((e) => e.count),
        text,
      ).toEqual([count]);
    }
    expect(of("i need two ten by tens", "unit_size").map((e) => `${e.width}x${e.length}`)).toEqual(["10x10"]);
    for (const text of [
      "something for a two bedroom apartment",
      "a 10x10 for 2 months",
      "i have two cars",
      "couple of boxes",
      "a ten by ten",
      "a two car garage",
      "for two people",
    ])
      expect(of(text, "quantity"), text).toEqual([]);
  });

  it("does not read a size as a unit number", () => {
    expect(of("a unit a ten by ten", "unit_number")).toEqual([]);
  });

  it("finds features and their negation", () => {
    const f = of("climate controlled on the ground floor, not drive up, with power and rv parking", "feature");
    expect(f.map((e) => `${e.negated ? "!" : ""}${e.feature}`).sort()).toEqual([
      "!drive_up",
      "climate_controlled",
      "ground_floor",
      "power",
      "rv_parking",
    ]);
    expect(
      of("an indoor unit with an elevator", "feature")
        .map((e) => e.feature)
        .sort(),
    ).toEqual(["elevator", "indoor"]);
    expect(
      of("outdoor vehicle parking", "feature")
        .map((e) => e.feature)
        .sort(),
    ).toEqual(["outdoor", "vehicle_parking"]);
  });

  it("matches facility names fuzzily and refuses ties", () => {
    expect(of("the downtown one", "facility")[0]!.facilityId).toBe("f-down");
    expect(of("oakland location", "facility")[0]!.facilityId).toBe("f-oak");
    expect(of("the oaklund one", "facility")[0]!.facilityId).toBe("f-oak");
    expect(of("the storage one", "facility")).toEqual([]);
    const twins = {
      ...ctx,
      facilities: [
        { id: "a", name: "Main Street Storage" },
        { id: "b", name: "Main Avenue Storage" },
      ],
    };
    expect(of("the main one", "facility", twins)).toEqual([]);
  });

  it("flags Spanish", () => {
    expect(of("hola cuanto cuesta una bodega", "language")[0]!.language).toBe("es");
    expect(of("hi how much is a unit", "language")).toEqual([]);
  });

  it("detects card numbers and redacts them, spoken or typed, leaving phones alone", () => {
    expect(of("4111 1111 1111 1111", "card_number")[0]).toMatchObject({ last4: "1111", luhnValid: true });
    expect(redactCardNumbers("card 4111-1111-1111-1111 exp 12/29")).toBe("card [card number] exp 12/29");
    expect(redactCardNumbers("it's four one one one one one one one one one one one one one one one ok")).toBe(
      "it's [card number] ok",
    );
    expect(redactCardNumbers("call 510-555-0123")).toBe("call 510-555-0123");
  });

  it("extracts several entities with spans from one utterance", () => {
    const text = "yeah my name is joe, I need a 10x15 climate controlled for next friday at the downtown one";
    const types = extractEntities(text, ctx).map((e) => e.type);
    expect(types).toEqual(["yes_no", "name", "unit_size", "feature", "date", "facility"]);
    for (const e of extractEntities(text, ctx)) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it("reaches entity F1 of at least 0.9 on the held-out set", () => {
    const r = evaluateEntities();
    expect(r.gold).toBeGreaterThanOrEqual(80);
    expect(r.f1).toBeGreaterThanOrEqual(0.9);
  });
});
