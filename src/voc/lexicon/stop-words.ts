/**
 * English stop words: left out of theme n-grams, and the first test of whether a text is English
 * at all (see ../language.ts). Negators are not stop words here: "not helpful" is a theme.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by
   can could did do does doing down during each few for from further had has have having he her here hers herself him himself
   his how i i'm i've i'd i'll if in into is it it's its itself just let's me more most my myself of off on once only or
   other ought our ours ourselves out over own same she should so some such than that that's the their theirs them themselves then
   there there's these they they're this those through to too under until up very was we we're were what when where which while
   who whom why will with would you you're your yours yourself yourselves im ive id ill its thats theres theyre youre
   get got getting go going gone went come came one two three really much still even ever every thing things lot bit way make made
   us oh yeah well ve s t d ll re m`.split(/\s+/).filter(Boolean),
);

/** Everyday words of customer feedback that are not in VADER's lexicon, to tell English text. */
export const COMMON_FEEDBACK_WORDS: ReadonlySet<string> = new Set(
  `order ordered orders parcel package delivery delivered arrived arrive came courier shipping tracking box size store shop
   staff till refund return returns returned label app website site page checkout payment card price prices stars star customer
   service support agent ticket email phone call hold wait minutes hours days week weeks month year time product products item
   items jacket boots tent plan account billing subscription dashboard data export menu report reports update updated son today
   second first last new address date points newsletter mailing list day days`.split(/\s+/).filter(Boolean),
);
