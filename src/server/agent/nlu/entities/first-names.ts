/**
 * Common given names (US and Hispanic, men's and women's), lower case: a lone capitalised word said
 * where a date, number or e-mail was asked ("Jenna" to "What day would you like to move in?") is a
 * name only when it is one of these. Not a complete list, and need not be: it only decides whether a
 * single word is safe to take as a name; anything else is asked for.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  (
    "aaron abby abigail adam adrian adriana aiden alan albert alberto alex alexa alexander alexandra alexis alfredo " +
    "alice alicia alison allison alma alyssa amanda amber amy ana andre andrea andres andrew andy angel angela " +
    "angelica angie anita ann anna anne annie anthony antonio ariana arthur ashley audrey austin ava barbara beatriz " +
    "becky ben benjamin beth betty beverly bianca billy blake bob bobby bonnie brad bradley brandon brenda " +
    "brent brett brian briana brittany brooke bruce bryan caleb cameron camila carina carl carla carlos carmen " +
    "carol carolina caroline carrie casey cassandra catherine cecilia cesar chad charles charlie charlotte chelsea " +
    "cheryl chloe chris christian christina christine christopher cindy claire clara claudia cody colin connor " +
    "courtney craig crystal cynthia daisy dale dan dana daniel daniela danielle danny darius darren dave david " +
    "dawn dean deanna debbie deborah debra denise dennis derek destiny diana diane diego dolores dominic donald " +
    "donna doris dorothy douglas dustin dylan eddie edgar eduardo edward elena eli elijah elizabeth ella ellen " +
    "emily emma enrique eric erica erik erin ernesto esteban esther ethan eugene eva evan evelyn fatima felipe " +
    "fernando frances francisco frank gabriel gabriela gabrielle gary gavin george gerald gina gloria grace " +
    "graham grant greg gregory guadalupe guillermo hailey haley hannah harold harry hayden heather hector helen " +
    "henry hugo ian isaac isabel isabella isaiah ivan jack jackie jackson jacob jacqueline jaime jake james jamie " +
    "jan jane janet janice jared jasmine jason javier jay jean jeff jeffrey jenna jennifer jenny jeremy jerry " +
    "jesse jessica jill jim jimmy joan joanna joe joel john johnny jon jonathan jordan jorge jose joseph " +
    "josh joshua joy juan juanita judith judy julia julian julie justin kaitlyn karen karina kate katelyn " +
    "katherine kathleen kathryn kathy katie kayla keith kelly kelsey ken kendra kenneth kevin kim kimberly kristen " +
    "kristin kyle laura lauren leah lee leo leslie liam lily linda lisa logan lori lorena lucas lucia luis luz " +
    "lydia madison maggie manuel marco marcus margaret maria mariana marie marilyn mario marisol mark marlene " +
    "martha martin marvin mary mason matt matthew maya megan melanie melissa mia michael michelle miguel mike " +
    "miranda molly monica morgan nancy naomi natalie nathan nicholas nick nicole noah nora olivia omar oscar " +
    "pablo pam pamela patricia patrick paul paula pedro peggy peter phillip rachel rafael ramon randy raquel " +
    "raul ray raymond rebecca regina renee ricardo richard rick ricky riley rita rob robert roberto robin rocio " +
    "rodrigo roger ronald rosa rosario rose ruben ruby russell ruth ryan sabrina sally samantha samuel sandra " +
    "sara sarah scott sean sergio seth shannon sharon shawn sheila shelby shirley sierra silvia sofia sophia " +
    "stacy stephanie stephen steve steven susan sydney tamara tammy tanya tara taylor teresa terry theresa " +
    "thomas tiffany tim timothy tina todd tom tommy tony tracy travis trevor tyler valerie vanessa veronica " +
    "vicki victor victoria vincent virginia walter wanda wayne wendy william willie xavier yesenia yolanda " +
    "yvonne zachary zoe"
  ).split(" "),
);
