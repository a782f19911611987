"""The spaCy pass: patterns from rules/patterns/ over hand-written utterances."""

import json

import pytest

from pipeline.analysis.nlp import SpacyPass, load_patterns
from pipeline.analysis.rules import RuleError
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def spacy_pass(analyzer) -> SpacyPass:
    return analyzer.spacy


def features(spacy_pass, speaker, text):
    return spacy_pass.run([(speaker, text)])[0]


@pytest.mark.parametrize(
    "text, date",
    [
        ("I'll send it Thursday.", "specific"),
        ("let's do tuesday the twenty second at ten", "specific"),
        ("Angela will confirm by the 19th.", "specific"),
        ("I'll send the invite to the three of you today.", "specific"),
        ("Can we do tomorrow at 10 a.m.?", "specific"),
        ("Let's catch up sometime next week.", "vague"),
        ("I'll ping you in a couple of weeks.", "vague"),
        ("Let's reconnect after the holidays.", "vague"),
        ("We should talk soon.", "vague"),
        ("Thanks for today.", None),
        ("Let's hold off on Thursday.", None),  # called off
        ("Friday's no good, counsel is out.", None),
        # a day said to be hard for the speaker is called off; one said to suit is kept
        ("Thursday's tricky, I'll ring you once the show's done.", "vague"),
        ("friday is a bit awkward for me", None),
        ("Monday's looking difficult, sorry.", None),
        ("tuesdays mad for us", None),
        ("thursdays gonna be a nightmare", None),
        ("Thursday's good.", "specific"),
        ("Friday's fine, a bit early but fine.", "specific"),
        ("Monday's easy for me.", "specific"),
        # nothing booked for now, whatever day was proposed before it
        ("Thursday? hmm lets not schedule anything yet", None),
        ("Friday? Can we not fix anything in just now?", None),
        ("Monday, hmm. Don't pencil anything in yet, I'll ring you.", None),
        ("Why not book something for Thursday?", "specific"),
        ("I'm not putting anything in writing till Friday.", "specific"),
        # a day the speakers decide not to book, and the call's own day in thanks or an apology
        ("OK, let's not book Wednesday. I'll ring you.", None),
        # nor a day they decide not to promise or hold each other to
        ("Hmm, let's not promise Monday, the printer's unreliable.", None),
        ("lets not commit to friday yet", None),
        ("We won't count on Thursday then.", None),
        ("Let's not plan on Tuesday, I'll call you.", None),
        ("I promise you Friday.", "specific"),
        ("Let's commit to Thursday at ten.", "specific"),
        ("Don't worry, we can count on Monday.", "specific"),
        ("Sorry again about the audio trouble today.", "vague"),
        ("Thanks for your patience today, I'll send it Thursday.", "specific"),
        ("Thanks, I'll send it today.", "specific"),
        # a day the speaker can do or make is taken, one they can't is called off
        ("yep we can do tuesday", "specific"),
        ("We can make Thursday, yes.", "specific"),
        ("I can't do Thursday.", None),
        ("i cant make friday", None),
        # an event of the speaker's own said with its day dates no step; a meeting of the step keeps it
        ("I have the audit on Friday.", "vague"),
        ("We've got the harvest fair on the twelfth, so let's talk after that.", "vague"),
        ("we've got the call on Thursday, yes.", "specific"),
        ("I've got the afternoon free on Monday.", "specific"),
        # any day refused for now, and a day given up for something less certain
        ("Oh, no dates yet. I'll ring you.", None),
        ("No dates yet from the council, but Thursday suits us.", "specific"),
        # a day said after the proposal turned down keeps it
        ("nah, I'll ring you Friday", "specific"),
        ("yeah no, I'll give you a ring when we've looked at it", "vague"),
        ("I'll ring you once the parts are in, rather than promise you Friday.", "vague"),
        ("I'll send it Thursday rather than wait till Friday.", "specific"),
        # a day of the month proposed without a preposition
        ("ok lets say the twelfth then", "specific"),
        ("How about the fourteenth?", "specific"),
        ("I'd say the first one is better.", None),
        # a day something already happened on dates no step
        ("You should have the quote, the one I sent on Monday.", "vague"),
        ("the kiln broke again on tuesday", "vague"),
        ("So we agreed on Thursday at ten.", "specific"),
        # a weekday of the buyer's own calendar dates no step
        ("the shearing gangs start monday so not before then", "vague"),
        ("Shall we start Monday at nine?", "specific"),
        # a day of the month said bare, proposed or taken up
        ("shall we pencil in the fourteenth, then?", "specific"),
        ("The twentieth, yes. Afternoons are best.", "specific"),
        ("That was the ninth van we've lost.", None),
        ("We're the fourth one on the list.", None),
        # a day said after the one declined still dates the step
        ("Let's not fix a day yet. Actually, no, I'll send it Friday.", "specific"),
        ("Let's not worry about it, I'll ring you Tuesday.", "specific"),
        ("Let's meet Tuesday when he's back.", "specific"),
        # a price or term held for an opening period is no day
        ("we can do sixty for the first quarter then seventy", "vague"),
        ("It's free for the first three months.", "vague"),
        ("I'll have it with you for the first of June.", "specific"),
        # a time after something, said with a word before it, is no day
        ("right let's pick it up after new year", "vague"),
        ("ring me once the first lambing is done", "vague"),
        ("I'll send it after lunch on Friday.", "specific"),
        # days offered for the listener to pick from agree none of them
        ("I'll email over two slots, Tuesday at nine or Wednesday at four, and you pick one.", "vague"),
        ("so Monday, Wednesday or Friday afternoon, whichever suits", "vague"),
        ("ill send a couple of times monday or tuesday choose whichever works", "vague"),
        ("Thursday at two or Friday at ten, your pick.", "vague"),
        # one day with a choice of something else, or two days and no choice left to the listener
        ("Pick a room and we'll meet Thursday at two.", "specific"),
        ("I'll send it Thursday, or Friday at the latest.", "specific"),
        ("Thursday, which is the day after the fair, or Friday.", "specific"),
        ("I'll post the options on Wednesday and you pick one by Friday.", "specific"),
    ],
)
def test_dates(spacy_pass, text, date):
    assert features(spacy_pass, "rep", text).date == date


@pytest.mark.parametrize(
    "text, date",
    [
        # a day of the buyer's own wished well dates no step
        ("Brilliant. Thanks Jo, and good luck with Saturday.", "vague"),
        ("enjoy sunday then", "vague"),
        ("Have a lovely Friday.", "vague"),
        ("Good luck, and speak Saturday.", "specific"),
        ("Have a lovely weekend, I'll call you Monday.", "specific"),
    ],
)
def test_a_day_wished_well_dates_no_step(spacy_pass, text, date):
    assert features(spacy_pass, "rep", text).date == date


@pytest.mark.parametrize(
    "text, cancelled",
    [
        ("let's not put a date in just yet, I'll ring you when the quotes are back", True),
        ("Honestly we won't fix a day for it until the board meets.", True),
        ("can we hold off on setting a time", True),
        ("Why not set a date now while we're both here?", False),
        ("I'll put the date in the calendar invite.", False),
        # someone the step needs is away that day
        ("Oh no, she's away on Friday, can we do the week after?", True),
        ("he's at the cattle show on Thursday, sorry", True),
        ("I'm in the office on Thursday, come by then.", False),
        # the day is taken by something else on the speaker's calendar
        ("oh no hang on friday's the cheese market i'll ring you after the bank holiday", True),
        ("Thursday's our stocktake, sorry.", True),
        ("Great, so Thursday's the day then.", False),
        ("Send it over, Friday's the deadline for the board.", False),
        # the speaker is away on the day proposed, said first
        ("Oh. The twelfth I'm away at the county show, I'm gone all week.", True),
        ("thursday im out on the boats all day", True),
        ("Tuesday we're down in Cornwall, sorry.", True),
        ("Thursday I'm in the office all day, so that works.", False),
        ("Friday I'm free after two.", False),
        ("Thursday I'm down for the demo already", False),
        ("Friday I'm down at yours at ten then", False),
        # the day proposed said back and turned down at once
        ("Monday. No, wait, that's the bank holiday.", True),
        ("friday no hang on the kids are off", True),
        ("Wednesday, hang on, I've got the auditor in.", True),
        ("Friday, no problem.", False),
        ("Thursday? No worries, see you then.", False),
        # the speaker has something else on that day, said first
        ("oh no monday ive got the wool show all day", True),
        ("Thursday we've got a wedding on, sorry.", True),
        ("Friday I've got the afternoon free.", False),
        ("Thursday I've got time after lunch.", False),
        ("Monday I've got the demo with you in the diary.", False),
        # the day taken by a named event
        ("Tuesday's the Christmas party, sorry.", True),
        ("Friday's the Acme demo, so Friday works.", False),
        # the step asked off for the day proposed
        ("Actually, don't send it Monday, we're moving.", True),
        ("dont ring me tomorrow, I'm at the show", True),
        ("I don't need it Monday, Friday is fine.", False),
        ("Why don't we send it Monday?", False),
        ("I didn't send it Monday.", False),
        # the step put off until something else has happened
        ("he wants to wait for the bank's answer before he signs", True),
        ("let's wait till the board has met", True),
        ("happy to wait for your invite, Thursday it is", False),
        ("I'll wait for the quote then, talk Thursday.", False),
        # the step put off to a later time
        ("let's leave it till after Christmas", True),
        ("can we park it until the spring", True),
        ("I'll leave it with you then", False),
        ("leave it to me, I'll sort it", False),
        # the one the step waits on is on something else all that day
        ("Monday I'm on a job out at the quarry.", True),
        ("friday were on holiday till the sixth", True),
        ("Wednesday she's on site all day.", True),
        ("Thursday I'm on the demo with you, yes.", False),
        ("Friday I'm on it, don't worry.", False),
        # the day just proposed declined outright, and the step put off until someone is back
        ("Let's not. I'll phone you after the harvest.", True),
        ("I'd rather not, I'll email when we're ready.", True),
        ("lets just pick it up when shes back", True),
        ("Let's talk again once they're back from the show.", True),
        ("Let's not worry about the invoice.", False),
        ("I'd rather not say, to be honest.", False),
        ("Let's meet Tuesday when he's back.", False),
        # the proposal left untaken, the buyer unsure
        ("um i dont know really ill see", True),
        ("Dunno, Sam. We'll see.", True),
        ("I don't know what it's called, I'll send it Friday.", False),
        ("I'll see what I can do on the price.", False),
        # the step held off until something has happened, or taken back as too hasty
        ("actually, hold off till I've spoken to my brother, I'll come back to you after Easter", True),
        ("hold off until the audit's done please", True),
        ("Let's not rush it. The committee meets in March.", True),
        ("lets not rush into anything well call you in the spring", True),
        ("hold on till I find the invoice", False),
        ("You don't need to rush the form back.", False),
        ("No rush on the invoice, the end of the month is fine.", False),
        # the proposal taken away to think over, no day put on it
        ("We'll think about it, it's a lot of money.", True),
        ("i need to sleep on it to be honest", True),
        ("Let me think it over with Raj.", True),
        ("ill have a think and get back to you", True),
        ("I thought about it and Thursday works.", False),
        ("I think about it every time the van breaks down.", False),
        ("I had a think, and Friday's fine.", False),
        ("I won't think about it till you send it.", False),
        # the step left open
        ("can we leave it open for now, I'll call you", True),
        ("lets just keep things open and see", True),
        ("leave it open in another tab while we go", False),
        ("Keep that open on your phone.", False),
        # the call ended where it stands
        ("Let's leave it there for now, thanks.", True),
        ("ok well leave it at that for today", True),
        ("lets leave things there then", True),
        ("Leave it there for the courier.", False),
        ("Just leave it at the door, Sam.", False),
        # the step taken back to check something first
        ("Actually, let me check with my partner first.", True),
        ("actually um let me just ask the bank first ill ring you", True),
        ("Let me check with Dee first, Thursday's fine though.", False),
        ("Actually, let me show you the report first.", False),
        # the step put off to a time with no day
        ("lets maybe talk again after the lambing", True),
        ("Let's speak once things calm down a bit.", True),
        ("Let's talk again Thursday.", False),
        ("Let's talk about the price.", False),
        # a check-in put off to an event with no day
        ("Let's touch base after the board meets.", True),
        ("look lets touch base after ive had a word with him", True),
        ("Let's regroup once the permit's through.", True),
        ("Let's touch base Thursday.", False),
        # any day refused for now
        ("Oh, no dates yet. I'll ring you.", True),
        ("No date for now, thanks.", True),
        ("No problem, Thursday's fine.", False),
        ("we won't set dates on anything till the harvest's in", True),
        ("why not set dates on anything now?", False),
        # the proposal turned down, or another way preferred, for the speaker's own call back
        ("yeah no, I'll ring you once we've looked at the figures", True),
        ("nah i'll give you a call when the boss is back", True),
        ("I'd rather, um, I'll let you know after the vote", True),
        ("No problem, I'll call you.", False),
        ("no, that's fine, I'll send it over", False),
        ("yeah no that's fine, Thursday works", False),
        ("Thursday's fine, I'll ring you once I've had a look", False),
        ("I'd rather we did Thursday", False),
    ],
)
def test_a_step_left_undated_marks_the_step_changed(spacy_pass, text, cancelled):
    assert features(spacy_pass, "buyer", text).date_cancelled == cancelled


def test_a_day_called_off_marks_the_step_changed(spacy_pass):
    assert features(spacy_pass, "buyer", "Let's hold off on Thursday.").date_cancelled
    assert not features(spacy_pass, "buyer", "Next Friday is fine.").date_cancelled


@pytest.mark.parametrize(
    "text",
    [
        "actually scratch monday, the board hasn't met yet",
        "Let's ditch Tuesday, I'll call you.",
        "We can scrub Thursday then.",
        # the day called off is no date wherever the utterance names it
        "Monday's the stock take, so we can't do Monday.",
        "oh wait friday's my day off, let's not book friday",
        # the day proposed, turned down as it is said back
        "Monday. No, wait, that's the bank holiday.",
        "thursday im out on the boats all day",
        # a day declined outright calls off the day said before it
        "Tuesday? Hmm. Actually, let's not put a date in yet.",
        "Saturday... let's not. I'll text you.",
        "wednesday hmm lets just pick it up when hes back",
        "Friday I'm on a course, so I'll ring you after.",
        # the day the business does something of its own every week
        "Hmm, Thursday's the day we deliver to the farm shops.",
        "friday is the day we bake for the markets",
    ],
)
def test_a_day_scratched_or_ditched_is_called_off(spacy_pass, text):
    called_off = features(spacy_pass, "buyer", text)
    assert called_off.date_cancelled
    assert called_off.date is None


@pytest.mark.parametrize(
    "text",
    ["Friday's the day we'll sign.", "Thursday's the day I'm free.", "Monday's the day we start."],
)
def test_the_day_the_step_is_for_is_kept(spacy_pass, text):
    kept = features(spacy_pass, "buyer", text)
    assert not kept.date_cancelled
    assert kept.date == "specific"


@pytest.mark.parametrize(
    "speaker, text, owner",
    [
        ("rep", "I'll send the proposal tonight.", "rep"),
        ("buyer", "i'm going to review it with legal", "buyer"),
        ("rep", "Let me send you the summary.", "rep"),
        ("buyer", "I will, Monday morning.", "buyer"),
        ("rep", "Maria will review the contract.", "Maria"),
        ("rep", "You'll bring it to the owners on Wednesday.", "buyer"),
        ("rep", "Let's reconnect Thursday.", None),  # nobody in particular
        ("rep", "We should catch up next week.", None),
        ("rep", "I won't send anything until you've spoken to finance.", None),  # negated
        ("buyer", "Let me know what works.", None),  # asks the other side
        # raw ASR's "ill" for "I'll", before an action
        ("rep", "ok so ill send the new figures over tomorrow", "rep"),
        ("buyer", "yeah and ill ring you after the meeting", "buyer"),
        ("buyer", "she was ill last week so we lost a few days", None),
        # the speaker commits in the present, with the day
        ("rep", "and then maybe i ring you thursday to hear how it went", "rep"),
        ("buyer", "I call you every week anyway, it's no bother.", None),
        # raw ASR's "ill" before asking someone, and an offer put as a suggestion
        ("buyer", "yeah send it and ill ask her about thursday", "buyer"),
        ("rep", "ok so what if i put together a short summary and send it to your partner by monday", "rep"),
        ("rep", "What if I ring you Thursday at ten?", "rep"),
        ("buyer", "what if I need more seats later?", None),
        ("buyer", "What if I don't like it?", None),
        # ... or as a question of how about
        ("rep", "so how about i pop over on monday and fit the first two sensors", "rep"),
        ("rep", "How about if I book the joiner in for the ninth?", "rep"),
        ("buyer", "how about I think it over for a week", None),
        ("buyer", "How about I need a second van next year?", None),
        # someone of the buyer's named by their role, the name after it in lower case in raw ASR
        ("buyer", "our treasurer will send you the kit list on friday", "treasurer"),
        ("buyer", "our secretary jan will send you the member numbers on friday", "secretary"),
        ("buyer", "My bookkeeper will sign it off tomorrow.", "bookkeeper"),
        ("buyer", "Our team will look at it on Friday.", None),
        ("buyer", "The council will send a letter on Monday.", None),
        ("buyer", "my wife will moan about the price", None),
        # the speaker's side commits to come back to the other with an answer
        ("buyer", "Leave it with us and we'll come back to you.", "buyer"),
        ("buyer", "ok ill have a word with my brother and get back to you", "buyer"),
        ("buyer", "hmm we'll mull it over and get back to you", "buyer"),
        ("buyer", "They never came back to us about it.", None),
        ("rep", "Can you get back to me by Friday?", "buyer"),
        # thinking it over commits to nothing in particular; having a word with someone does
        ("buyer", "ok let me have a think and lets talk again on the third", None),
        ("buyer", "Let me have a mull over it.", None),
        ("buyer", "let me have a word with Sam in the office", "buyer"),
        ("rep", "Let me have the figures back to you by Friday.", "rep"),
        # waiting for what the other side will do or send commits the speaker to nothing
        ("rep", "Great, I'll look out for the contract on Monday.", None),
        ("buyer", "Lovely, I'll be looking out for it.", None),
        ("rep", "I'll look forward to it.", None),
        ("rep", "No rush, I'll wait to hear back from you.", None),
        ("buyer", "i will wait for your email then", None),
        ("rep", "Friday, lovely. I'll watch for the invoice.", None),
        ("rep", "I'll await your order form.", None),
        ("buyer", "I'm going to wait for the board's letter.", None),
        # letting the other get on or think it over commits the speaker to nothing; telling someone does
        ("rep", "Right, I'll let you get back to the kitchen.", None),
        ("rep", "ok i'll let you sleep on it and we can talk after easter", None),
        ("rep", "I'll let you go, you sound busy.", None),
        ("buyer", "I'll let you know by Friday.", "buyer"),
        ("buyer", "i'll let jo know tonight and she'll ring you", "buyer"),
        ("rep", "I'll let the depot know on Monday.", "rep"),
        # looking something over is an action of the speaker's
        ("buyer", "I'll look over the contract on Friday.", "buyer"),
        ("rep", "I'll look into the delivery slots tomorrow.", "rep"),
        ("rep", "I'll look at the numbers with Dev on Thursday.", "rep"),
        ("buyer", "I'll go through it with the vet and ring you Monday.", "buyer"),
        # thinking, talking or waiting first, then an action under the same "I'll"
        ("buyer", "Right, I'll think it through and phone you back.", "buyer"),
        ("buyer", "i'll think on it and give you a bell", "buyer"),
        ("buyer", "I'll talk to my partner and send the order through.", "buyer"),
        ("buyer", "ill chat to the lads and then text you", "buyer"),
        ("rep", "I'll wait for the figures and then send the quote across.", "rep"),
        ("buyer", "ill think it over and ring you tomorrow", "buyer"),
        ("buyer", "I'll think about it and see.", None),
        ("buyer", "ill think about it and see", None),
        ("buyer", "I'll wait and see how it goes.", None),
        ("buyer", "I'll talk to my wife and we'll see.", None),
        # the speaker's action said as what they will do; thinking or waiting first, or a habit, commits to nothing
        ("rep", "What I'll do is send the figures over tonight.", "rep"),
        ("rep", "so what we'll do is book the installer for the ninth", "rep"),
        ("rep", "What I'm going to do is ring your office on Monday.", "rep"),
        ("rep", "right so what ill do is email the plan over on friday", "rep"),
        ("buyer", "what well do is pop the order in next week", "buyer"),
        ("buyer", "What I'll do is think about it.", None),
        ("buyer", "what ill do is wait and see", None),
        ("buyer", "What I do is send invoices monthly.", None),
        # the action handed to someone nobody names is nobody's
        ("rep", "Someone from the depot will phone you on Monday.", None),
        ("rep", "ok so ill get the lads to drop it round on friday", None),
        ("rep", "I'll have someone call you tomorrow to book the fitting.", None),
        ("buyer", "the accounts lot will post the form out", None),
        ("rep", "I'll get Sam to call you on Monday.", "rep"),
        ("rep", "I'll get the quote over to you on Monday.", "rep"),
        ("buyer", "I'll upload the menu tonight and get the team to have a play with it.", "buyer"),
    ],
)
def test_owners(spacy_pass, speaker, text, owner):
    assert features(spacy_pass, speaker, text).owner == owner


@pytest.mark.parametrize(
    "text, unnamed",
    [
        ("Someone from the depot will phone you on Monday.", True),
        ("ok so ill get the lads to drop it round on friday", True),
        ("I'll ask one of the fitters to pop round Thursday.", True),
        ("I'll get Sam to call you on Monday.", False),
        ("Someone else will have to decide that.", False),
        ("I'll get the whole crew together on Friday.", False),
        ("I'll get the team to have a play with it on Friday.", False),
        ("ill get the lads trying it out tomorrow", False),
    ],
)
def test_an_action_handed_to_someone_unnamed(spacy_pass, text, unnamed):
    assert features(spacy_pass, "rep", text).owner_unnamed == unnamed


@pytest.mark.parametrize(
    "text, step",
    [
        # an errand of the deal handed to a part of the business, or someone unnamed, for a day
        ("the depot will drop the crates off on Thursday", True),
        ("our accounts lot will email the invoice tomorrow", True),
        ("so the office will phone you next week", True),
        ("someone from the yard will ring you Thursday", True),
        ("somebody from dispatch will send the tracking tomorrow", True),
        # how the work goes as a rule, or no errand
        ("the office will ring the customer when it's ready on monday", False),
        ("the lads will drop it every Monday", False),
        ("the office will be shut till monday", False),
        ("the team will love it on monday", False),
    ],
)
def test_an_errand_handed_to_someone_unnamed_for_a_day_is_a_step(spacy_pass, text, step):
    assert ("next_step" in features(spacy_pass, "rep", text).acts) is step


@pytest.mark.parametrize(
    "speaker, text, act, expected",
    [
        ("rep", "Let me share my screen. This is the dashboard.", "demo_start", True),
        ("rep", "I won't show you the product yet.", "demo_start", False),
        ("rep", "I'll share my screen next week when Tom can join.", "demo_start", False),
        # a thing of the buyer's going into the product is the product at work, not the rep taking the buyer in
        ("rep", "and the readings drop straight into the dashboard", "demo_start", False),
        ("rep", "Yes, the invoices go straight into the app overnight.", "demo_start", False),
        ("rep", "so every order goes straight into the planner", "demo_start", False),
        ("rep", "ok lets jump into the dashboard", "demo_start", True),
        ("rep", "Right, I'll flip over to the live app now.", "demo_start", True),
        ("rep", "so jumping straight into the product now", "demo_start", True),
        ("rep", "This is the board, and here every job goes straight into this queue.", "demo_start", True),
        ("rep", "Hi, this is Lena from SafeClick.", "demo_start", False),
        ("rep", "I can waive the fifteen-thousand-dollar setup fee.", "discount_offer", True),
        ("rep", "I'm not able to discount it.", "discount_offer", False),
        ("rep", "I'm not able to discount it.", "discount_refusal", True),
        ("buyer", "Can you throw in free months?", "discount_offer", False),  # the buyer asks
        ("rep", "Who besides you will weigh in before anything gets signed?", "committee_question", True),
        ("rep", "Who else should join Wednesday's session?", "committee_question", False),
        # whether there is anyone the buyer would take it to before deciding
        ("rep", "Is there anyone you'd take it to before you sign?", "committee_question", True),
        ("rep", "anybody you'd talk it through with before you commit", "committee_question", True),
        ("rep", "Is there someone you'd show it to before you decide?", "committee_question", True),
        ("rep", "Is there anyone who'll need training before you start?", "committee_question", False),
        ("rep", "Anyone you'd like a copy sent to before you order?", "committee_question", False),
        ("rep", "Anyone you'd like to ask me before you sign, just ask.", "committee_question", False),
        # who has to be happy before the buyer goes ahead
        ("rep", "Who else would need to be happy before you went ahead?", "committee_question", True),
        ("rep", "Who has to be comfortable before you sign?", "committee_question", True),
        ("rep", "Who'd be happy to start before nine?", "committee_question", False),
        ("buyer", "We're not moving forward, please take us off your list.", "opportunity_closed", True),
        # a price move names the price or an amount; other things taken off or brought down are not one
        ("rep", "I can take 10 percent off if you sign today.", "discount_offer", True),
        ("rep", "We could bring the price down for a two-year term.", "discount_offer", True),
        ("rep", "Nine half-empty routes is nine buses you could take off the road.", "discount_offer", False),
        ("rep", "ok we could go to thirty-two instead of thirty-six a month", "discount_offer", True),
        # what the buyer's business spends, what their problem costs them, a figure put aside
        ("rep", "And what does the surgery spend on reminders today?", "budget_question", True),
        ("rep", "So what does a missed delivery actually cost you?", "budget_question", True),
        ("rep", "What does it cost to add another user?", "budget_question", False),
        ("rep", "What did a week like that cost you, roughly?", "budget_question", True),
        ("rep", "So what did the March break-in cost you, all told?", "budget_question", True),
        # whether someone gave the buyer a figure to keep to; the rep offering one asks nothing
        ("rep", "And has your partner given you a figure to stay inside, or is that open?", "budget_question", True),
        ("rep", "Did the board give you a number to work to?", "budget_question", True),
        ("rep", "Can I give you a figure for the twelve sites?", "budget_question", False),
        ("rep", "I'll give you a number tomorrow, is that ok?", "budget_question", False),
        # the product named as it comes up, its parts pointed at
        ("rep", "So this is Tallyhub: the left side is your orders as the customer sees them.", "demo_start", True),
        ("rep", "This is Tallyhub - on the right you've got the stock.", "demo_start", True),
        ("rep", "This is the Harbour group in Leeds; their orders were in the same state.", "demo_start", False),
        ("rep", "This is Anna, she's on the right in the photo.", "demo_start", False),
        # what the buyer charges their own customers is no budget
        ("rep", "What do you charge for a day on site, roughly?", "budget_question", False),
        ("rep", "And what's your hourly rate?", "budget_question", False),
        ("rep", "And what do you pay for that today?", "budget_question", True),
        # an executive held up elsewhere takes no part
        (
            "buyer",
            "Pat sends his apologies. He's the owner, and he's stuck in a meeting with the bank.",
            "executive_intro",
            False,
        ),
        ("buyer", "He's the owner, and he's tied up with the auditors.", "executive_intro", False),
        ("buyer", "Sorry I'm late. I'm the owner, I got stuck in traffic.", "executive_intro", True),
        # the title said by its letters, as raw ASR writes them apart
        ("buyer", "yeah im the g m so the budgets mine", "executive_intro", True),
        ("buyer", "i'm the m d, for my sins", "executive_intro", True),
        ("buyer", "sorry i'm in the m six traffic", "executive_intro", False),
        # an executive away, or at somewhere else, takes no part; the two speakers both owners do
        ("buyer", "She's the owner, but she's at the cash and carry all day.", "executive_intro", False),
        ("buyer", "he's the MD and he's away till Monday", "executive_intro", False),
        ("buyer", "I'm the owner, I'm away next week though.", "executive_intro", True),
        ("buyer", "My wife and I founded the bakery, and she's at the ovens now, so it's me.", "executive_intro", True),
        ("buyer", "Yes. Both owners, so you've got the two of us.", "executive_intro", True),
        ("buyer", "Both owners signed the lease last year.", "executive_intro", False),
        # the speaker sent by the executive, or standing in for them, says the executive is away
        ("buyer", "She's the owner, she's asked me to find a few options.", "executive_intro", False),
        ("buyer", "she's the owner and shes asked me to sort out the quotes", "executive_intro", False),
        (
            "buyer",
            "He's the MD, I'm just standing in while he's on holiday.",
            "executive_intro",
            False,
        ),
        ("buyer", "he's our MD, im just covering for him till friday", "executive_intro", False),
        ("buyer", "I'm the owner, and she's asked me a question about the van.", "executive_intro", True),
        ("buyer", "I own the yard. I asked him to look at it last week.", "executive_intro", True),
        ("buyer", "Hello, I own the studio, sorry I'm late. Dev's kept things going.", "executive_intro", True),
        ("rep", "What does a recount cost you today, in hours?", "budget_question", False),
        ("rep", "How does the app pay for itself?", "budget_question", False),
        ("buyer", "We've put aside about six thousand for the new system.", "budget_statement", True),
        ("buyer", "We put in about thirty hours a week on it.", "budget_statement", False),
        # a figure put in or towards this kind of purchase, the figure before the purpose
        ("buyer", "We've put fifteen hundred in for the tills, that's the pot.", "budget_statement", True),
        ("buyer", "we can put about eight hundred towards it", "budget_statement", True),
        ("buyer", "The committee put two thousand pounds in for software.", "budget_statement", True),
        ("buyer", "I've put a grand by for the website.", "budget_statement", True),
        ("buyer", "We put forty hours in for the audit.", "budget_statement", False),
        ("buyer", "we put two in for the kitchen and one for the bar", "budget_statement", False),
        ("buyer", "so ive put 1500 in for the new van", "budget_statement", True),
        # what the buyer pays a supplier called by what they do, a figure a period; a payment with no
        # figure and what the buyer earns are none
        ("buyer", "we pay the cleaning firm about ninety a month", "budget_statement", True),
        ("buyer", "I pay the alarm company 240 a year for the monitoring.", "budget_statement", True),
        ("buyer", "We pay our accountant twelve hundred a year.", "budget_statement", True),
        ("buyer", "we pay the staff weekly", "budget_statement", False),
        ("buyer", "they pay us ninety a month", "budget_statement", False),
        # the speaker's own everyday spending, told in passing, is no budget; the business's fuel bill stands
        (
            "buyer",
            "That was eight quid for a sandwich at the services, I ask you.",
            "budget_statement",
            False,
        ),
        ("buyer", "honestly five pounds for a pint round here now", "budget_statement", False),
        ("buyer", "We spend about 400 a month on diesel for the vans.", "budget_statement", True),
        ("buyer", "We've budgeted about four thousand for the new tills.", "budget_statement", True),
        # money set or put aside, without its figure or with the figure before "aside"
        ("buyer", "We got a grant, and there's some of it set aside for this.", "budget_statement", True),
        ("buyer", "We'd put three a year aside for the rota.", "budget_statement", True),
        ("buyer", "We've set the whole afternoon aside for this.", "budget_statement", False),
        ("buyer", "Can we put that aside for a minute?", "budget_statement", False),
        # the most the buyer will spend, said as not going much past it
        ("buyer", "We pay about fifty a month now, and I can't see us going much over that.", "budget_statement", True),
        ("buyer", "honestly i can't go over about nine hundred for the year", "budget_statement", True),
        ("buyer", "We go over forty invoices a week by hand.", "budget_statement", False),
        ("buyer", "I can't see us going over the bridge today.", "budget_statement", False),
        # an ordinal is no price
        ("rep", "it tells the picker which aisle to go to first instead of walking them all", "discount_offer", False),
        # days or weeks put instead of others are terms to pay or to deliver, no price
        ("rep", "we could do forty-five days instead of thirty on the invoice", "discount_offer", False),
        ("rep", "we can do ten working days rather than fifteen for the first batch", "discount_offer", False),
        ("rep", "I could do forty-five instead of fifty if you take the year", "discount_offer", True),
        ("rep", "That's the number I'd want to bring down.", "discount_offer", False),
        # an executive introduced by someone else, or on the line
        ("buyer", "We've got Walt on the line, our general manager.", "executive_intro", True),
        ("buyer", "and our chief scientific officer doctor lena fischer is joining too", "executive_intro", True),
        ("buyer", "Our managing director signs off on new systems.", "executive_intro", False),
        ("buyer", "Me and our CEO, Laurent. He's deferred to me on this one.", "executive_intro", False),
        # the speaker founded the business; a name of two words before the title
        ("buyer", "I co-founded the studio with my sister, so the budget is mine.", "executive_intro", True),
        ("buyer", "This is Rosa Delgado, our managing director.", "executive_intro", True),
        ("buyer", "My father founded the company back in 1988.", "executive_intro", False),
        ("buyer", "Good, this is important for the owner.", "executive_intro", False),
        ("buyer", "Can I set the margin differently for each site?", "executive_intro", False),
        ("buyer", "it's jo here and um our coo martin is on too", "executive_intro", True),
        ("buyer", "Our COO is on holiday until March.", "executive_intro", False),
        # an executive asked about or named as someone to show it to takes no part
        ("rep", "Is the CFO the one who approves, or does anyone else?", "executive_intro", False),
        ("buyer", "i'd have to run it past the owner first", "executive_intro", False),
        ("buyer", "I've asked our CFO, Nadia, to join us today.", "executive_intro", True),
        # owning or founding the business, said of someone on the call
        ("buyer", "we both own the studio, me and Priya", "executive_intro", True),
        ("buyer", "Dr. Patel owns the practice and signs anything over a thousand.", "executive_intro", False),
        ("buyer", "we own it together me and my brother", "executive_intro", True),
        ("buyer", "IT owns the data, so you'd need them.", "executive_intro", False),
        ("buyer", "and he's one of the three founders, so he wanted to hear it", "executive_intro", True),
        ("buyer", "Marta's our general manager, she'll keep us honest.", "executive_intro", True),
        ("buyer", "Sure. I'm just the owner, so I mostly pay for things.", "executive_intro", True),
        ("buyer", "Only the owner, and she's away till May.", "executive_intro", False),
        ("buyer", "hi yeah im dave the c e o and this is nina from accounts", "executive_intro", True),
        ("buyer", "Call me Ruth. It's my bakery, so the cheque is mine.", "executive_intro", True),
        ("buyer", "it's my call whether we renew", "executive_intro", False),
        ("buyer", "we co own it, me and my cousin, since 2019", "executive_intro", True),
        # owning, and a managing director said short
        ("buyer", "I own both, yes, and I still teach most evenings.", "executive_intro", True),
        # owning the business said in the perfect, since when
        ("buyer", "ive owned this kennels since my mum retired so yeah its my money", "executive_intro", True),
        ("buyer", "I've owned the bakery nine years now.", "executive_intro", True),
        ("buyer", "I've owned a van like that, they rust.", "executive_intro", False),
        ("buyer", "it's the two of us and we own it between us", "executive_intro", True),
        ("buyer", "Omar's on from the warehouse, he's our MD.", "executive_intro", True),
        ("buyer", "the council owns the building, we just lease it", "executive_intro", False),
        # the title on the call is with us or with me; 'with' anything else only mentions them
        ("buyer", "I've got Tomas, our COO, with me this morning.", "executive_intro", True),
        ("buyer", "The owner signs off anything with a deposit on it.", "executive_intro", False),
        ("buyer", "our founder had lunch with the bank on monday", "executive_intro", False),
        # starting the business, named or called what it is; starting on a day or starting a trial is not
        ("buyer", "Hi, Joss here, I started Fernleigh with two vans.", "executive_intro", True),
        ("buyer", "I set up the practice in 2009, so the money is mine.", "executive_intro", True),
        ("buyer", "I started Monday, so I'm still finding my feet.", "executive_intro", False),
        ("buyer", "I started the trial last week and it's been fine.", "executive_intro", False),
        # the business called the speaker's own as ASR writes it, or with a word between, and more kinds of it
        ("buyer", "yeah well its my business so i sign for it", "executive_intro", True),
        ("buyer", "It's still my business, but my son does the computer side.", "executive_intro", True),
        ("buyer", "it's my chippy so it's my money on the line", "executive_intro", True),
        ("buyer", "its my job to chase the parts", "executive_intro", False),
        ("buyer", "it's my first week here actually", "executive_intro", False),
        # the speaker's name on the door, the sign or the lease
        ("buyer", "Honestly it's my name over the door, so the buck stops with me.", "executive_intro", True),
        ("buyer", "well its my name on the lease so yeah its me you want", "executive_intro", True),
        ("buyer", "it's my name on the rota this week so I'll do the count", "executive_intro", False),
        # the business handed down by family, taken over or bought from them, or theirs before the speaker
        ("buyer", "dad handed it over to us last year so me and my sister run it now", "executive_intro", True),
        ("buyer", "my aunt passed the shop on to me when she retired", "executive_intro", True),
        ("buyer", "i bought it off my uncle in twenty eighteen", "executive_intro", True),
        ("buyer", "I took it over from my father in 2010", "executive_intro", True),
        ("buyer", "yeah it was my dad's before me", "executive_intro", True),
        ("buyer", "It's my hall, my mum ran it for thirty years before me.", "executive_intro", True),
        ("buyer", "he handed it over to me at the desk", "executive_intro", False),
        ("buyer", "i bought it off a guy on ebay", "executive_intro", False),
        ("buyer", "I took it over from Sarah when she went on leave", "executive_intro", False),
        ("buyer", "my dad ran it before we got the new system", "executive_intro", False),
        # the business bought, from whoever had it or in passing, called what it is; a van, a licence or
        # software bought is no business
        ("buyer", "we bought the boatyard off the old owners, so the sums land on me", "executive_intro", True),
        ("buyer", "it's been chaos ever since i bought the practice", "executive_intro", True),
        ("buyer", "honestly i bought the vans from my cousin when he packed in", "executive_intro", True),
        ("buyer", "i bought the van last spring and it's been great", "executive_intro", False),
        ("buyer", "we bought the licence off a reseller two years ago", "executive_intro", False),
        # the rep saying the buyer founded or owns the business; a trial or a spreadsheet is no business
        ("rep", "Jo, you started the bakery, so the final word is yours?", "executive_intro", True),
        ("rep", "and you own the kennels outright, is that right", "executive_intro", True),
        ("rep", "you started the trial on Monday, how has it gone?", "executive_intro", False),
        ("rep", "so you own the spreadsheet that tracks all this", "executive_intro", False),
        # the family who started it, the subject said again
        ("buyer", "me and my husband we started it out of the back bedroom", "executive_intro", True),
        ("buyer", "my partner and I we set it up in 2012", "executive_intro", True),
        ("buyer", "me and my son we started the trial on monday", "executive_intro", False),
        # owning the place, where what a manager 'owns' at work is a task
        ("buyer", "i own the the company so whatever you say goes through me", "executive_intro", True),
        ("buyer", "I own the four Brightwave gyms", "executive_intro", True),
        ("buyer", "yeah i own the place", "executive_intro", True),
        ("buyer", "Morning. I own the foundry, third generation, so ask away.", "executive_intro", True),
        ("buyer", "yeah i own the van so its my money", "executive_intro", True),
        ("buyer", "I'm head of bookings, which really means I own the spreadsheet.", "executive_intro", False),
        ("buyer", "I own the rollout, so talk to me about timings.", "executive_intro", False),
        # a title after 'here' is the speaker's, not one that opens a sentence about someone else
        ("buyer", "Greg here, VP of finance.", "executive_intro", True),
        ("buyer", "im head of sales here the owner's away till monday", "executive_intro", False),
        ("buyer", "I'm the assistant manager here, the owner is in Spain this week", "executive_intro", False),
        # a price brought down or a fee taken off is no next step
        ("rep", "ok look i can bring it down to the nine hundred if that helps", "next_step", False),
        ("rep", "Right, I'll take the setup fee off so it's just the monthly.", "next_step", False),
        ("rep", "I'll bring it down to the unit on Thursday and set it up.", "next_step", True),
        # something thrown in for free is a concession, no next step
        ("rep", "go on then, I'll put the first two months in free", "next_step", False),
        ("rep", "ill chuck the card reader in for nothing", "next_step", False),
        ("rep", "I'll put the invite in for Thursday at ten", "next_step", True),
        # the buyer says why they are looking at all
        ("buyer", "so the reason im even looking is the landlord wants us out by june", "urgency_statement", True),
        ("buyer", "honestly the reason i'm i'm looking is the insurers want records", "urgency_statement", True),
        ("buyer", "the reason I'm calling is to book the demo you mentioned", "urgency_statement", False),
        # the cost put as what each stretch of waiting loses, and the problem told as why the buyer took the call
        ("buyer", "every week we wait its another grand out of the till", "urgency_statement", True),
        ("buyer", "Each month we're still doing it by hand, we lose a couple of regulars.", "urgency_statement", True),
        ("buyer", "every day were still on the old system thats another pallet gone", "urgency_statement", True),
        ("buyer", "Each week we put it off, that's two vans parked up.", "urgency_statement", True),
        ("buyer", "each month we put it off the backlog grows", "urgency_statement", True),
        ("buyer", "Every week without it is a day of somebody typing.", "urgency_statement", True),
        ("buyer", "each season of waiting costs us the early bookings", "urgency_statement", True),
        ("buyer", "Which is why I said yes when you rang.", "urgency_statement", True),
        ("buyer", "thats why i rang you to be honest", "urgency_statement", True),
        ("buyer", "Which is why we booked you in.", "urgency_statement", True),
        ("buyer", "Every week we take about forty orders.", "urgency_statement", False),
        ("buyer", "each month we put the invoices in on the first", "urgency_statement", False),
        ("buyer", "every week we leave at six sharp", "urgency_statement", False),
        ("buyer", "every week we hold a staff meeting", "urgency_statement", False),
        ("buyer", "Every week without fail she rings us.", "urgency_statement", False),
        ("buyer", "That's why I said no to them.", "urgency_statement", False),
        ("buyer", "that's why we got rid of the old van", "urgency_statement", False),
        ("buyer", "that's why I rang the bank", "urgency_statement", False),
        ("buyer", "the reason I'm asking is just curiosity really", "urgency_statement", False),
        # signing on or up is registering, not signing off
        ("rep", "so if you tap members that's where everyone who's signed up appears", "committee_question", False),
        ("rep", "who would need to sign", "committee_question", True),
        # the rep turning to the screen, or pointing at a list or at what the product puts up
        ("rep", "Right, let me show you something. Here's a van mid-route.", "demo_start", True),
        ("rep", "ok so this is what pops up on the cleaners phone when a job lands", "demo_start", True),
        ("rep", "So this is the job list: every callout this week.", "demo_start", True),
        ("rep", "let me show you something on Thursday when the new build is out", "demo_start", False),
        ("rep", "Let me show you what that means for the price.", "demo_start", False),
        ("rep", "this is what comes up a lot with clubs your size", "demo_start", False),
        ("rep", "So this is the price list for next year.", "demo_start", False),
        # ... or to the product at work, in view or on the camera
        ("rep", "Okay, let me show you one running. That's the kiln at full heat.", "demo_start", True),
        ("rep", "ok let me just show you it printing a label", "demo_start", True),
        ("rep", "let me show you one of the invoices from last month", "demo_start", False),
        ("rep", "Let me show you one more option on the price.", "demo_start", False),
        ("rep", "let me show you it running on Thursday when the engineer's in", "demo_start", False),
        # what the buyer pays a named supplier now
        ("buyer", "we pay Hollins about four hundred a year for the checks", "budget_statement", True),
        ("buyer", "We pay Hollins on account, it's easier.", "budget_statement", False),
        ("buyer", "Our members pay us thirty a month.", "budget_statement", False),
        # whether the decision is the buyer's alone, or the buyer's and one other's, or goes back up
        ("rep", "so is it only you and your partner deciding on this?", "committee_question", True),
        ("rep", "and is it just you that signs, or does Mo see it too?", "committee_question", True),
        ("rep", "Once it's priced, does it go back to the trustees or the board?", "committee_question", True),
        ("rep", "is it just you and your wife working there?", "committee_question", False),
        ("rep", "does the van go back to the depot at night?", "committee_question", False),
        # who a purchase goes through, or the case for it goes to, this one or the last one bought
        ("rep", "how did that go who did it have to go through", "committee_question", True),
        (
            "rep",
            "so id rather help you make the case than strip it back who who would the case go to",
            "committee_question",
            True,
        ),
        ("rep", "And who does the proposal end up with after you?", "committee_question", True),
        ("rep", "Who do you go to for parts at the moment?", "committee_question", False),
        ("rep", "Who does the weekly report go to?", "committee_question", False),
        ("rep", "and when you tick it off it it makes the label for you?", "committee_question", False),
        # budget asked about, and "set" that sets something else up
        ("rep", "Has anything been set aside for this yet?", "budget_question", True),
        ("rep", "and in the settings you can set the alert levels per group", "budget_question", False),
        # who else decides, asked as anyone else taking part in the decision, or seeing it before the buyer signs
        (
            "rep",
            "Pat, is anyone else involved in approving this, a partner maybe, or is it you alone?",
            "committee_question",
            True,
        ),
        ("rep", "does anybody else get a say in something like this", "committee_question", True),
        (
            "rep",
            "does your brother need to look at it, does he need to see this before you commit",
            "committee_question",
            True,
        ),
        ("rep", "Are you talking to anyone else at the moment?", "committee_question", False),
        ("rep", "Does anyone else have questions before we wrap up?", "committee_question", False),
        # whether anyone else has to agree to it
        ("rep", "Right, and apart from you two, does anybody else need to agree to this?", "committee_question", True),
        ("rep", "would someone else have to OK it before you go ahead", "committee_question", True),
        ("rep", "Does anyone else agree with that?", "committee_question", False),
        ("rep", "Does anyone else need a login for the app?", "committee_question", False),
        # what the problem costs now is the cost of doing nothing
        ("rep", "so can i ask what the late deliveries are costing you right now", "budget_question", True),
        ("rep", "Before we look, what is the downtime costing you at the moment?", "budget_question", True),
        ("rep", "Our clients say missed calls were costing them a fortune.", "budget_question", False),
        # the speaker's own title, said in passing or opening their answer
        ("buyer", "Sorry to run late. Anna Berg, I'm the MD here.", "executive_intro", True),
        ("buyer", "COO for the whole region, so yes, it lands on me.", "executive_intro", True),
        ("buyer", "I look after sales for the group, VP title and all.", "executive_intro", True),
        ("buyer", "Our VP of sales signs anything like this.", "executive_intro", False),
        # "chief" and "general" that are no executive's title
        ("buyer", "I'm the chief engineer here, so the machines are mine.", "executive_intro", False),
        ("buyer", "That's the general idea, yes.", "executive_intro", False),
        # an insinuation put as advice is a faint reading of disparagement (it counts about a rival named before)
        ("rep", "I'd just ask them how many customers renewed last year.", "competitor_disparagement", True),
        ("rep", "I'd read their contract very carefully before you sign.", "competitor_disparagement", True),
        ("rep", "I'd ask your finance team, they'll know the numbers.", "competitor_disparagement", False),
        ("rep", "yeah id just check them on how often the app goes down", "competitor_disparagement", True),
        ("rep", "they had a rough winter, im not gonna say more than that", "competitor_disparagement", True),
        ("rep", "theyve lost a few vans lately and i wont say more", "competitor_disparagement", True),
        ("rep", "i wont say more till ive seen the drawings", "competitor_disparagement", True),
        ("rep", "id ask your accountant about that one", "competitor_disparagement", False),
        # a dig put as a condition, or stopped short of
        ("rep", "Sure, if you like paying per seat and waiting a week for a reply.", "competitor_disparagement", True),
        ("rep", "I've used them. Let's just say there's a reason people leave.", "competitor_disparagement", True),
        ("rep", "If you want to see the reports, I can share them now.", "competitor_disparagement", False),
        ("rep", "Let's say forty users to start with.", "competitor_disparagement", False),
        # digs put as a taste, a wish or a question to put to the rival, and their fair look-alikes
        ("rep", "Sure, if you enjoy retyping every invoice by hand.", "competitor_disparagement", True),
        ("rep", "oh yeah great if you like restarting the printer each morning", "competitor_disparagement", True),
        ("rep", "Fine, if you love a dashboard that loads in a minute.", "competitor_disparagement", True),
        ("rep", "If you like, I can send the slides after the call.", "competitor_disparagement", False),
        ("rep", "Good luck reaching a person on their helpline.", "competitor_disparagement", True),
        ("rep", "Good luck with the launch next week.", "competitor_disparagement", False),
        ("rep", "just ask them how many stores renewed", "competitor_disparagement", True),
        # ... and put to the rival by a name written with a hyphen; a hyphen that joins the buyer's own words is none
        ("rep", "Have you asked Kiln-Ray how many of their kilns cracked in June?", "competitor_disparagement", True),
        ("rep", "worth asking bramble-cart who fixes the vans on a sunday", "competitor_disparagement", True),
        ("rep", "I'd ask - well, how's the weekend rota looking?", "competitor_disparagement", False),
        ("rep", "Let me ask a follow-up: how do you log the returns?", "competitor_disparagement", False),
        ("rep", "Ask them to send the file over and I'll load it.", "competitor_disparagement", False),
        # veiled digs put as a question to the rival's customers, a taste for things, a saying
        (
            "rep",
            "You might ask the depot in Ashby how many of those units still report.",
            "competitor_disparagement",
            True,
        ),
        ("rep", "Ask their last client how the floor is holding up.", "competitor_disparagement", True),
        ("rep", "Sure, if you enjoy invoices that arrive a month late.", "competitor_disparagement", True),
        ("rep", "Well, you get what you pay for.", "competitor_disparagement", True),
        ("rep", "They're cheap for a reason, put it that way.", "competitor_disparagement", True),
        ("rep", "Ask your installer how long the wiring takes.", "competitor_disparagement", False),
        ("rep", "Most shops try them once and then never again.", "competitor_disparagement", True),
        ("rep", "If you like dashboards, I can share mine now.", "competitor_disparagement", False),
        # a taste for the rival's chore with a word before it, or said as a fancy
        ("rep", "if you enjoy double booking your fitters then go for it", "competitor_disparagement", True),
        ("rep", "Sure, if you fancy typing every result in yourself.", "competitor_disparagement", True),
        ("rep", "If you fancy a coffee first, go ahead.", "competitor_disparagement", False),
        ("rep", "If you like our onboarding, tell your friends.", "competitor_disparagement", False),
        # a taste for what the rival's thing does
        ("rep", "oh yes, if you like the till freezing every lunchtime it's lovely", "competitor_disparagement", True),
        ("rep", "If you like the look of it, I'll send a trial link.", "competitor_disparagement", False),
        ("rep", "If you like the idea of booking online, I can set it up.", "competitor_disparagement", False),
        # praise on a condition the buyer would have to put up with, and a wish for the rival's chore
        ("rep", "Oh they're great, if you don't mind chasing a helpdesk in Ohio.", "competitor_disparagement", True),
        ("rep", "If you don't mind me asking, who signs the cheques?", "competitor_disparagement", False),
        ("rep", "Bramblebox? I'll just say I hope you like waiting rooms.", "competitor_disparagement", True),
        ("rep", "I hope you like what you see on the board.", "competitor_disparagement", False),
        ("rep", "I hope you like it, it took me a while.", "competitor_disparagement", False),
        ("rep", "Sure, they're cheaper right up until you need a human.", "competitor_disparagement", True),
        ("rep", "That's fine, take your time until you want to talk.", "competitor_disparagement", False),
        # an insinuation left for the buyer to finish, or about what comes after the sale
        ("rep", "They've had a few changes at the top, if you follow me.", "competitor_disparagement", True),
        ("rep", "honestly theyre cheaper for a reason", "competitor_disparagement", True),
        ("rep", "They're very keen on the sale, less keen on what happens after.", "competitor_disparagement", True),
        ("rep", "We're keen on getting you live before the spring.", "competitor_disparagement", False),
        ("rep", "If you follow the link, the form is on the second page.", "competitor_disparagement", False),
        # an insinuation confided off the record
        (
            "rep",
            "Between you and me, I'd be careful, their help desk is one man and a dog.",
            "competitor_disparagement",
            True,
        ),
        ("rep", "Is it between you and Mark who signs, then?", "competitor_disparagement", False),
        # a dig put as a warning to keep off the rival
        ("rep", "Between you and me, I'd be careful there.", "competitor_disparagement", True),
        ("rep", "id steer clear to be honest theyve had a rough year", "competitor_disparagement", True),
        ("rep", "I'd think twice about them, that's all.", "competitor_disparagement", True),
        ("rep", "I'd give them a wide berth myself.", "competitor_disparagement", True),
        ("rep", "I'd be careful with the measurements, they're only rough.", "competitor_disparagement", False),
        ("rep", "I'd think about the yearly plan, it works out cheaper.", "competitor_disparagement", False),
        ("rep", "Honestly, I wouldn't if I were you.", "competitor_disparagement", True),
        # an insinuation left for the buyer to finish
        (
            "rep",
            "sure theyre cheaper and youll find out why come the first breakdown",
            "competitor_disparagement",
            True,
        ),
        ("rep", "Open the report and you'll find out where the hours go.", "competitor_disparagement", False),
        # an insinuating question about how the rival's support treats the buyer
        ("rep", "So how's their support desk treating you lot?", "competitor_disparagement", True),
        ("rep", "hows the fernbook helpdesk treating you", "competitor_disparagement", True),
        ("rep", "How's the new van treating you?", "competitor_disparagement", False),
        # the rival cheap or fine until something comes along, or what it tells the buyer until then
        ("rep", "Forty a month is lovely until the first frost hits.", "competitor_disparagement", True),
        ("rep", "The old boiler was fine until the winter.", "competitor_disparagement", False),
        ("rep", "yeah theyll tell you all that until the bill lands", "competitor_disparagement", True),
        ("rep", "I'll tell you more once the rota's loaded.", "competitor_disparagement", False),
        # a dig closed by saying no more, or confided as the sentence opens
        ("rep", "oh yeah, check their renewal terms, that's all i'll say", "competitor_disparagement", True),
        ("rep", "Fine. Between us, their app falls over every payday.", "competitor_disparagement", True),
        ("rep", "Between us and the courier, it's tracked the whole way.", "competitor_disparagement", False),
        ("rep", "I'll say it all again on Thursday for your partner.", "competitor_disparagement", False),
        # what everyone says of the rival until it lets them down
        ("rep", "Sure, that's what they all say right up until the invoice lands.", "competitor_disparagement", True),
        ("rep", "He said to wait until the end of the month.", "competitor_disparagement", False),
        # another vendor's sales material, and its price in a transcript without capitals
        ("buyer", "We got a brochure from Ferncastle last week.", "competitor_mention", True),
        ("buyer", "We had a price from Kilnwise and it was lower.", "competitor_mention", True),
        ("buyer", "We had a price from last year to go on.", "competitor_mention", False),
        ("buyer", "We got a brochure from the council about the grant.", "competitor_mention", False),
        ("buyer", "and lintwise quoted me two ninety a month", "competitor_mention", True),
        ("buyer", "my accountant quoted me about nine hundred for the year", "competitor_mention", False),
        # a dig begun and left for the buyer to finish
        (
            "rep",
            "Ah, them. I'll just say, a few of their clients have come over to us.",
            "competitor_disparagement",
            True,
        ),
        # an insinuation about who will be there next year, put as the rival's owners counted
        ("rep", "Fine, but they've had four owners in the last six years.", "competitor_disparagement", True),
        ("rep", "yeah theyve been sold um three times now so who answers the phone", "competitor_disparagement", True),
        ("rep", "Their platform has changed hands twice since the spring.", "competitor_disparagement", True),
        ("rep", "There are two owners in the family, so both of them sign.", "competitor_disparagement", False),
        ("rep", "It's been bought by most of the garden centres round here.", "competitor_disparagement", False),
        # a contract from a date is when the buyer's own work runs from, no vendor's contract
        ("buyer", "We've won the school's contract from April, so the rounds double.", "competitor_mention", False),
        ("buyer", "We're halfway through a contract from Easter to the autumn.", "competitor_mention", False),
        ("buyer", "We're still in our contract with Bookwell until June.", "competitor_mention", True),
        # the firm the buyer pays now, their current supplier
        ("buyer", "And that's about what we pay Tallyroll now.", "competitor_mention", True),
        ("buyer", "We're paying Hopwell around six hundred a month for it.", "competitor_mention", True),
        ("buyer", "We pay Sandra sixty a month to type them up.", "competitor_mention", False),
        ("buyer", "We pay HMRC quarterly, so that's fixed.", "competitor_mention", False),
        ("buyer", "We paid March in full already.", "competitor_mention", False),
        ("buyer", "We pay about six hundred a month for it.", "competitor_mention", False),
        # ... and as raw ASR writes it, a name of more than one word, with what the buyer pays it after
        (
            "buyer",
            "yeah so we pay track it plus uh about three twenty a month for the vans",
            "competitor_mention",
            True,
        ),
        ("buyer", "were paying fleet eye around ninety a van", "competitor_mention", True),
        ("buyer", "we pay the lads about ninety a day", "competitor_mention", False),
        ("buyer", "we pay cash about once a month", "competitor_mention", False),
        ("buyer", "we pay our accountant about two hundred", "competitor_mention", False),
        # the system or firm the buyer is on now, named by being on it now
        ("buyer", "and we are currently on uh stock master for the inventory", "competitor_mention", True),
        ("buyer", "We're still on Tillbook for the bookings.", "competitor_mention", True),
        ("buyer", "we're still on holiday for the week", "competitor_mention", False),
        ("buyer", "we are currently on track for the launch", "competitor_mention", False),
        ("buyer", "We're still on paper for the orders.", "competitor_mention", False),
        # a product the buyer looked at or tried, said by either side, is a faint mention of a rival
        ("buyer", "We tried Plotwise for a while, the crews hated it.", "competitor_mention", True),
        ("rep", "and i know you looked at shed master pro", "competitor_mention", True),
        ("buyer", "We looked at the numbers again last night.", "competitor_mention", False),
        ("buyer", "I tried calling them twice last week.", "competitor_mention", False),
        # the product recapped as what the buyer would get, or put as what it is for
        (
            "rep",
            "Just as a reminder of what you'd get: the rota app, the timesheets and the payroll export.",
            "solution_pitch",
            True,
        ),
        ("rep", "So what you'd be buying is the booking page and the reminders.", "solution_pitch", True),
        # the product recapped as what's in the proposal, or what the buyer gets
        (
            "rep",
            "Just to recap what you get: the van tracker, the fuel card and the weekly report.",
            "solution_pitch",
            True,
        ),
        ("rep", "So, to recap what's in the proposal: two hoists, the sensors and the log.", "solution_pitch", True),
        ("rep", "and so you know whats in it you get the booking page and the reminder texts", "solution_pitch", True),
        ("rep", "Just to recap what we agreed: you'll send the floor plan by Friday.", "solution_pitch", False),
        ("rep", "Just so you know, the bill goes out at month end.", "solution_pitch", False),
        # the product said by what it does, with no question mark in raw ASR
        ("rep", "ok so what we do is a weekly box of pads cut to your sizes", "solution_pitch", True),
        ("rep", "right so what we would do is collect the crates every monday", "solution_pitch", True),
        ("rep", "so what do you do with the offcuts now", "solution_pitch", False),
        # the product announced as what the firm does
        (
            "rep",
            "ok so let me just tell you what we do so kiln log tracks every firing for you",
            "solution_pitch",
            True,
        ),
        ("rep", "Let me tell you a bit about what we do. We collect the crates every Monday.", "solution_pitch", True),
        ("rep", "Let me tell you what we can do on the price.", "solution_pitch", False),
        ("rep", "Tell you what, we'll throw in the setup.", "solution_pitch", False),
        # ... or as what the firm has changed for the buyer
        ("rep", "Right, so let me tell you about the clip we switched to.", "solution_pitch", True),
        ("rep", "let me tell you about the new app we built for the shops", "solution_pitch", True),
        ("rep", "Let me tell you about the problem we've had with the courier.", "solution_pitch", False),
        ("rep", "Let me tell you about the price first.", "solution_pitch", False),
        # how the product works, put for the buyer
        (
            "rep",
            "So here's roughly how Tallyhop works for a yard like yours: we fit the sensors.",
            "solution_pitch",
            True,
        ),
        ("rep", "Okay, here's how it works: every parcel gets a photo.", "solution_pitch", True),
        ("rep", "Here's how the pricing works: a base fee and a per-seat charge.", "solution_pitch", False),
        ("rep", "So here's how the trial works, you get two weeks.", "solution_pitch", False),
        # the rep walking the buyer through what the product does when they use it
        (
            "rep",
            "So you pick the hedge type, put in the length and the height, and it works out the whips for you.",
            "solution_pitch",
            True,
        ),
        ("rep", "you tap the van on the map and then it books the slot", "solution_pitch", True),
        ("rep", "You add a second depot and it costs ten pounds more.", "solution_pitch", False),
        ("rep", "You fill in the form and it takes about a day.", "solution_pitch", False),
        ("rep", "So you click send and it emails them?", "solution_pitch", False),
        # the buyer reading another vendor's own site or prices
        ("buyer", "hang on im on hedgeline's site now it says from ninety a month", "competitor_mention", True),
        ("buyer", "I've got Rotaworks's website open. Forty a month.", "competitor_mention", True),
        ("buyer", "My sister's website has the booking bit you mean.", "competitor_mention", False),
        ("buyer", "The council's website says we need the log by May.", "competitor_mention", False),
        ("buyer", "It's all on our site's booking page.", "competitor_mention", False),
        # another vendor's price in raw ASR, by a name the tagger takes for a describing word, or said
        ("buyer", "hmm ok pebble bright quoted us four hundred for the lot", "competitor_mention", True),
        ("buyer", "yeah but crest row said six twenty for the same", "competitor_mention", True),
        ("buyer", "my brother said forty at most", "competitor_mention", False),
        ("buyer", "sam said about forty for the van", "competitor_mention", False),
        ("buyer", "the other one said ninety", "competitor_mention", False),
        # ... or said as where the vendor came in
        ("buyer", "ok so brook lane came in at three eighty a month", "competitor_mention", True),
        ("buyer", "and tidy tills came in under nine hundred for both shops", "competitor_mention", True),
        ("buyer", "and greenway together came in at seven twenty for both vans", "competitor_mention", True),
        ("buyer", "the price eventually came in at four fifty", "competitor_mention", False),
        ("buyer", "the bill came in at four hundred last quarter", "competitor_mention", False),
        ("buyer", "sales came in at about forty thousand in june", "competitor_mention", False),
        ("buyer", "my brother came in at nine this morning", "competitor_mention", False),
        # why now asked in raw ASR, "whats" without its apostrophe
        ("rep", "ok so um whats got you looking at new tills now", "urgency_question", True),
        ("rep", "so whats made you pick up the phone today", "urgency_question", True),
        ("rep", "whats the best way to get the photos over to you", "urgency_question", False),
        ("rep", "whats got you on the tablet rather than the laptop", "urgency_question", False),
        # what staying as they are costs the buyer, asked
        ("rep", "So what does carrying on as you are cost the shop each month?", "urgency_question", True),
        ("rep", "You're fine carrying on as you are with the old login.", "urgency_question", False),
        ("rep", "That's what the planning board is for.", "solution_pitch", True),
        ("rep", "and thats exactly what our app is for", "solution_pitch", True),
        ("rep", "What you'd get out of the trial is up to you.", "solution_pitch", False),
        ("rep", "That's what the meeting on Thursday is for.", "solution_pitch", False),
        # a feature said by what it does is the product too
        ("rep", "And that's exactly what the stock tracking is for.", "solution_pitch", True),
        ("rep", "thats what the reporting is for really", "solution_pitch", True),
        # the price against what the buyer allowed or hoped for, in their own words
        (
            "buyer",
            "Honestly that's more than we'd set money aside for, it's more than we'd allowed.",
            "price_pushback",
            True,
        ),
        ("buyer", "it's quite a bit beyond what the board have given us", "price_pushback", True),
        ("buyer", "That's a big jump from what we pay now.", "price_pushback", True),
        ("buyer", "We were hoping for something nearer eight grand.", "price_pushback", True),
        ("buyer", "i was hoping itd start with a three not a four", "price_pushback", True),
        ("buyer", "We were hoping for a 2 week rollout.", "price_pushback", False),
        ("buyer", "We were hoping for two more seats.", "price_pushback", False),
        ("buyer", "It covers more than what we set out to do.", "price_pushback", False),
        # what the buyer pencilled in, would spend, or the people who sign would take
        ("buyer", "Honestly, that's well north of what we'd set aside.", "price_pushback", True),
        ("buyer", "it's more than we'd normally spend on software", "price_pushback", True),
        ("buyer", "a good deal more than we'd like to spend on it", "price_pushback", True),
        ("buyer", "that's more than the trustees will swallow", "price_pushback", True),
        ("buyer", "Our finance people will choke on a number like that.", "price_pushback", True),
        ("buyer", "my partners would hit the roof", "price_pushback", True),
        ("buyer", "Twelve thousand a year, our trustees will raise an eyebrow.", "price_pushback", True),
        ("buyer", "Nine grand? My business partner will have a heart attack.", "price_pushback", True),
        ("buyer", "Our treasurer is going to wince at that number.", "price_pushback", True),
        # the buyer, or the signer, shaken by the figure
        ("buyer", "Nine grand. The bursar is going to have kittens.", "price_pushback", True),
        ("buyer", "Right. I'll need to sit down after that.", "price_pushback", True),
        ("buyer", "I'd need a stiff drink before I showed that to the partners.", "price_pushback", True),
        ("buyer", "Sorry, the dog's about to have her pups, go on.", "price_pushback", False),
        ("buyer", "Let me sit down at the desk and open it.", "price_pushback", False),
        # over what the buyer had in mind
        ("buyer", "Hm, that's above what I had in mind for it.", "price_pushback", True),
        ("buyer", "It does more than what I had in my diary.", "price_pushback", False),
        # the wince said as one word, or the figure said to make someone wince
        ("buyer", "Nine hundred a quarter. Ouch.", "price_pushback", True),
        ("buyer", "oof thats more than the van insurance", "price_pushback", True),
        ("buyer", "That figure still makes our chair wince.", "price_pushback", True),
        ("buyer", "Honestly the setup line made me wince a bit.", "price_pushback", True),
        ("buyer", "Ooh, the seating plan view. Nice.", "price_pushback", False),
        ("buyer", "I winced when the glazier turned up late again.", "price_pushback", False),
        ("buyer", "We spend more than that on coffee.", "price_pushback", False),
        # what the buyer spends on a thing of their own put under the price, or what they paid for kit
        ("buyer", "to be fair we spent less than that on bibs all season", "price_pushback", True),
        ("buyer", "I pay less than that for the whole van insurance.", "price_pushback", True),
        ("buyer", "We'd spend less time than that on the rota with it.", "price_pushback", False),
        ("buyer", "our accountant reckons thats more than we paid for the kiln", "price_pushback", True),
        ("buyer", "It's more than we need for two sites, honestly.", "price_pushback", False),
        ("buyer", "It does more than we paid for, to be fair.", "price_pushback", False),
        # past what was approved, more than the signer signs off; said in British English
        ("buyer", "That's a fair way past what the council approved for us.", "price_pushback", True),
        ("buyer", "it's more than our finance director will sign off on", "price_pushback", True),
        ("buyer", "Four grand a month is too dear for a shop our size.", "price_pushback", True),
        ("buyer", "Honestly it's a bit pricey.", "price_pushback", True),
        # the article dropped, as in "bit dear", "bit pricey"
        ("buyer", "Sixty-five a month for the two of us. Bit steep, isn't it?", "price_pushback", True),
        ("buyer", "We walked past what used to be the old depot.", "price_pushback", False),
        # too rich, or a stretch, for the buyer
        ("buyer", "hm, that's a bit rich for a firm of our size", "price_pushback", True),
        ("buyer", "Six grand is too rich for us this year.", "price_pushback", True),
        ("buyer", "so it's a bit of a stretch with what we've got", "price_pushback", True),
        ("buyer", "Our busiest stretch starts in March.", "price_pushback", False),
        ("buyer", "The rich text editor is what I liked.", "price_pushback", False),
        # the best price asked for
        ("buyer", "Eighteen hundred a year for two vans. Is that the best you can do?", "discount_request", True),
        ("buyer", "so whats your best price on the three year term", "discount_request", True),
        # give asked for on the price, not give in a thing
        ("buyer", "ok and is there any give on that at all, we're only a small choir", "discount_request", True),
        ("buyer", "Is there any give in the price if we pay upfront?", "discount_request", True),
        ("buyer", "Do you give any training on the day?", "discount_request", False),
        ("buyer", "The straps have a bit of give in them.", "discount_request", False),
        ("buyer", "Honestly we did the best we could with the spreadsheet.", "discount_request", False),
        # taking the blame gives nothing; the same words with something given do
        ("rep", "That's on us, and I'm really sorry. The driver took the wrong road.", "discount_offer", False),
        ("rep", "yeah thats on us our fault entirely", "discount_offer", False),
        ("rep", "Sorry, that's on us. I'll speak to the depot today.", "discount_offer", False),
        ("rep", "apologies that one was on us", "discount_offer", False),
        ("rep", "The fitting is on us, and sorry again about the wait.", "discount_offer", True),
        ("rep", "Honestly, the fitting is on us.", "discount_offer", True),
        # a rival's figure to match or beat, or the price brought nearer the buyer's
        ("buyer", "The other lot quoted five eighty. Can you match that?", "discount_request", True),
        ("buyer", "we had a quote off kelsey for four fifty could you match it", "discount_request", True),
        ("buyer", "Would you match their quote if I sent it over?", "discount_request", True),
        ("buyer", "Their figure's eleven hundred. Can you beat that?", "discount_request", True),
        ("buyer", "ok and can you get any nearer to what i said", "discount_request", True),
        ("buyer", "Could you come any closer on the monthly?", "discount_request", True),
        ("buyer", "Does the label match the one on the box?", "discount_request", False),
        ("buyer", "The colours match the shop front nicely.", "discount_request", False),
        ("buyer", "We beat them at darts last Friday.", "discount_request", False),
        ("buyer", "Can you move the camera a bit nearer the board?", "discount_request", False),
        # "not nothing" said of the figure just named, not of what the problem costs
        ("buyer", "Hm. That's not nothing for a firm our size.", "price_pushback", True),
        ("buyer", "If the grant goes we lose two gardeners, so it's not nothing.", "price_pushback", False),
        # the rate from before a rise asked for, said as the figure of that year
        ("buyer", "Can we stay on last year's ninety-two? We've had a quiet autumn.", "discount_request", True),
        ("buyer", "Could we stay on last year's 12th for the delivery day?", "discount_request", False),
        # taking it to the people who sign asks for nothing off the price
        ("buyer", "I can't buy anything myself. I'll have to take it upstairs.", "discount_request", False),
        # a rival's lower quote
        ("buyer", "We were quoted less elsewhere, to be honest.", "price_pushback", True),
        ("buyer", "the other crowd quoted us lower last spring", "price_pushback", True),
        ("buyer", "Dana quoted the lease terms to me yesterday.", "price_pushback", False),
        # too much of the price, not of what the buyer does
        ("buyer", "that's way too much for a shop our size", "price_pushback", True),
        ("buyer", "hm thats too much", "price_pushback", True),
        ("buyer", "Too much, I'm afraid.", "price_pushback", True),
        ("buyer", "we're already binning too much bread every morning", "price_pushback", False),
        ("buyer", "We waste too much time on the rota.", "price_pushback", False),
        # "too much" quoted from someone else's words; more money than the buyer ever paid for such a thing
        (
            "buyer",
            "Okay, the price. My partner's email just says 'too much, see if they'll move'.",
            "price_pushback",
            True,
        ),
        ("buyer", 'Jo wrote "too much" next to the total.', "price_pushback", True),
        ("buyer", "Her note says 'too much of it goes to waste' about the flour.", "price_pushback", False),
        ("buyer", "I've never paid that kind of money for a booking system.", "price_pushback", True),
        ("buyer", "We make that kind of money in a good week at the market.", "price_pushback", False),
        ("buyer", "We'd happily pay that kind of money if it sorted the rota.", "price_pushback", False),
        # a figure by the period, then that it is a lot
        ("buyer", "so three ninety a month for a site thats closed half the year its a lot", "price_pushback", True),
        ("buyer", "Three ninety a month for a site that's shut half the year is a lot.", "price_pushback", True),
        ("buyer", "its eleven four a year for the software its a lot mate", "price_pushback", True),
        # a figure still a lot after the rep's case, and one the parser reads as no number of money
        ("buyer", "Fair, but eight hundred is still a lot for a shop our size.", "price_pushback", True),
        ("buyer", "Three thousand two hundred is still a lot of candles.", "price_pushback", True),
        ("buyer", "We still sell a lot of the lemon ones.", "price_pushback", False),
        ("buyer", "about thirty a kilo on average, the first picking is a lot more", "price_pushback", False),
        ("buyer", "we do about four hundred covers a day in august, that's a lot", "price_pushback", False),
        # someone laughing at a price by the period; the price sticking in the buyer's throat
        ("buyer", "my partner laughed she says three ninety a month is a car payment", "price_pushback", True),
        ("buyer", "the kids laughed the whole time, two sessions a week", "price_pushback", False),
        ("buyer", "Eight hundred a year is fine, but the install fee sticks in my throat.", "price_pushback", True),
        # dearer than the buyer would like, a fair chunk
        ("buyer", "hm that's dearer than i'd like for the quiet months", "price_pushback", True),
        ("buyer", "Seven hundred's a fair chunk for a club our size.", "price_pushback", True),
        ("buyer", "We had a fair few of them last year.", "price_pushback", False),
        # a lot for the buyer or their kind of business, raw ASR too; and the price named as the problem
        ("buyer", "thats a lot for us in the winter honestly we dont earn anything", "price_pushback", True),
        ("buyer", "It's still a lot for a shop our size.", "price_pushback", True),
        ("buyer", "And I'll be honest, the total's the problem, when we said twelve.", "price_pushback", True),
        ("buyer", "The monthly fee is the sticking point for the partners.", "price_pushback", True),
        ("buyer", "The timing's the problem, not the money.", "price_pushback", False),
        # the price said to cover what others charge for gives nothing; covering the setup ourselves does
        ("rep", "The price already covers the setup and training other vendors charge for.", "discount_offer", False),
        ("rep", "That figure includes the install and a day of training.", "discount_offer", False),
        ("rep", "We'll cover the setup ourselves if you sign this month.", "discount_offer", True),
        # the price said to be more than something else the buyer knows
        ("buyer", "The renewal, four thousand two hundred, is more than the van cost us.", "price_pushback", True),
        ("buyer", "Honestly the price is more than fair.", "price_pushback", False),
        # a figure said to be more than something the buyer knows, or the price more than what they paid before
        ("buyer", "Right, but twelve hundred is still more than I had in mind for a rota.", "price_pushback", True),
        ("buyer", "forty a month thats more than our phone line and the alarm together", "price_pushback", True),
        ("buyer", "its just its more than the last two systems we bought put together", "price_pushback", True),
        ("buyer", "Eight hundred a year is more than fair for what it does.", "price_pushback", False),
        ("buyer", "Honestly, it's more than paid for itself already.", "price_pushback", False),
        ("buyer", "Two of the vans are more than ten years old.", "price_pushback", False),
        ("buyer", "Nine-five is a touch over what we'd put aside, if I'm honest.", "price_pushback", True),
        # the price said to take most or all of the money the buyer has for it, or past the figure set aside
        ("buyer", "Nine grand. That's most of what we'd put aside for the new boilers.", "price_pushback", True),
        ("buyer", "thats nearly all of the clubs budget for the year", "price_pushback", True),
        ("buyer", "Three hundred a year is the whole tea and biscuits fund.", "price_pushback", True),
        ("buyer", "Fine, but with the install that takes us past the four we set aside.", "price_pushback", True),
        ("buyer", "Don't worry, it's all in the budget already.", "price_pushback", False),
        ("buyer", "The fuel is most of what we spend in winter.", "price_pushback", False),
        ("buyer", "The whole team is on the rota fund thing.", "price_pushback", False),
        ("buyer", "Over the three years we planned to open two more sites.", "price_pushback", False),
        # what the problem costs the buyer is a number about their operation; the price asked about is not
        ("buyer", "Each late load costs us roughly ninety pounds in fuel.", "buyer_metric", True),
        ("buyer", "And what will it cost us per month after that?", "buyer_metric", False),
        # how often a thing happens or how long it takes in a period, and a rate said as one in so many
        ("buyer", "Three or four times a month the boiler trips out.", "buyer_metric", True),
        ("buyer", "we close about five evenings a month for the deep clean", "buyer_metric", True),
        ("buyer", "The lift was out nine days last winter.", "buyer_metric", True),
        ("buyer", "roughly one parcel in fifteen comes back damaged", "buyer_metric", True),
        ("buyer", "Two out of ten quotes get redone by hand.", "buyer_metric", True),
        ("buyer", "We could go live in two weeks.", "buyer_metric", False),
        ("buyer", "The plan is eighty pounds a month, right?", "buyer_metric", False),
        # a special rate offered, not the rate the price already is
        ("rep", "For a school we can do the education price.", "discount_offer", True),
        ("buyer", "we said twelve for the season, can you do better", "discount_request", True),
        # what the problem cost the buyer when it struck is asked as its impact; what a tool costs is spend
        ("rep", "How many late deliveries did that storm cost you?", "urgency_question", True),
        ("rep", "so what does it actually cost you when the kiln goes down", "urgency_question", True),
        ("rep", "And what does the current system cost you a month?", "urgency_question", False),
        # the buyer saying why the call happens now
        ("buyer", "Our lease ends in June, which is why we're talking now.", "urgency_statement", True),
        ("buyer", "the reason im calling now is the inspection in the spring", "urgency_statement", True),
        ("buyer", "That's not why we're talking, but fine.", "urgency_statement", False),
        # saying where the product comes in presents it as the answer
        # what made the buyer act at this time; the product recapped by name to set the scene
        ("rep", "So what made you pick up the phone to us this month?", "urgency_question", True),
        ("rep", "What made you go with them originally?", "urgency_question", False),
        # asked with a few words between what and made, and embedded after tell me or remind me
        ("rep", "And what was it that got you looking at a new till this month?", "urgency_question", True),
        ("rep", "so what happened that made you book the call now", "urgency_question", True),
        ("rep", "What happened that made you choose the blue one?", "urgency_question", False),
        ("rep", "Before the figures, remind me what's driving the timing.", "urgency_question", True),
        ("rep", "Tell me what's on the second tab.", "urgency_question", False),
        # why now asked short, with the time said as now or this year, month or season
        ("rep", "Right. And why this spring?", "urgency_question", True),
        ("rep", "ok but why now", "urgency_question", True),
        ("rep", "Why this one and not the bigger van?", "urgency_question", False),
        # what happens if the buyer keeps things as they are, the condition said first
        ("rep", "And if you stay with the paper diary another season, what happens?", "urgency_question", True),
        ("rep", "so if you just carry on with the spreadsheet what then", "urgency_question", True),
        ("rep", "If you click the blue pin, what happens?", "urgency_question", False),
        ("rep", "ok so to recap the stock app, the pickers scan each tote and it books it in", "solution_pitch", True),
        ("rep", "Just to recap your figures: three vans and about forty jobs.", "solution_pitch", False),
        ("rep", "So let me tell you where we'd come in. Our press halves the setup.", "solution_pitch", True),
        ("rep", "Where would you come in on the call?", "solution_pitch", False),
        # a wish of bad luck is a dig however a "won't" before it reads
        ("rep", "I won't say much, but good luck getting anyone there.", "competitor_disparagement", True),
        ("rep", "They won't say, but good luck getting a refund.", "competitor_disparagement", True),
        ("rep", "good luck with the opening next week", "competitor_disparagement", False),
        # meeting said of the price is no next step
        ("rep", "ok how about we meet in the middle and call it five hundred", "next_step", False),
        # whether the decision is someone else's, named or by their role
        ("rep", "Is it Priya's decision, or does the whole committee vote?", "committee_question", True),
        ("rep", "and is it your dad's call in the end", "committee_question", True),
        ("rep", "Is that Sam's van outside?", "committee_question", False),
        ("rep", "Was it Sam's decision to leave?", "committee_question", False),
        # whether the decision rests with someone, said as "is it X that/who decides" or "makes the call"
        ("rep", "so is it ravi who makes the call in the end", "committee_question", True),
        ("rep", "and is it your brother that gets the final say", "committee_question", True),
        ("rep", "Would it be your partner who has the final say?", "committee_question", True),
        ("rep", "Is it your mum that takes the decision in the end?", "committee_question", True),
        ("rep", "So is it Jo who decides?", "committee_question", True),
        ("rep", "is it your business partner that signs it off", "committee_question", True),
        ("rep", "Is it the app that makes the calls to customers?", "committee_question", False),
        ("rep", "Is it Sam who takes the bookings?", "committee_question", False),
        ("rep", "is it the app that decides the route", "committee_question", False),
        # the rep offering to call the buyer back, put as a question
        ("rep", "right so how about i i ring you tuesday at two and we go over it", "next_step", True),
        ("rep", "What about I call you back on Friday once you've seen it?", "next_step", True),
        ("rep", "how about I call it four fifty and we're done", "next_step", False),
        ("rep", "How about I show you the rota screen?", "next_step", False),
        ("rep", "how about I text the link to your phone now", "next_step", False),
        ("rep", "Could we split the difference at nine hundred?", "next_step", False),
        ("rep", "How about we meet on Thursday at ten?", "next_step", True),
        # owning the business with family or outright, owning it said with a 'just', starting it whatever it is called
        ("buyer", "me and my husband own the orchard, we've had it twenty years", "executive_intro", True),
        ("buyer", "My sister and I own the kennels between us.", "executive_intro", True),
        ("buyer", "I just own the place, the lads do the real work.", "executive_intro", True),
        ("buyer", "it's my trawler and i own her outright since my uncle retired", "executive_intro", True),
        ("buyer", "We own the yard outright, no bank involved.", "executive_intro", True),
        ("buyer", "well i started the chandlery so it's my call really", "executive_intro", True),
        ("buyer", "I started this cattery in 2014 with two pens.", "executive_intro", True),
        ("buyer", "Me and my team own the rollout this year.", "executive_intro", False),
        ("buyer", "My dad owns the shop, I just help out.", "executive_intro", False),
        ("buyer", "The bank owns most of it outright, honestly.", "executive_intro", False),
        ("buyer", "I started this job in March, so I'm still learning.", "executive_intro", False),
        ("buyer", "I started the process with our bank last week.", "executive_intro", False),
        # file formats, parsing and data models are an engineer's words
        ("rep", "It takes their EDI feed and the file gets parsed into order lines.", "technical_detail", True),
        ("rep", "The spectrometer writes a CSV per sample to a shared folder.", "technical_detail", True),
        ("rep", "Castbook watches that folder and reads the alloy composition.", "technical_detail", True),
        ("rep", "I'll put the proposal in the shared folder for you.", "technical_detail", False),
        (
            "rep",
            "Each dish is a bill of materials with its unit of measure.",
            "technical_detail",
            True,
        ),
        ("rep", "It takes the order and puts it on the van list.", "technical_detail", False),
        # how the parts are wired to the site's machines
        ("rep", "The kiln controllers talk to it over Modbus through a small gateway box.", "technical_detail", True),
        ("rep", "They stream over the plant network to an edge box on the line.", "technical_detail", True),
        ("rep", "We'll go over the network of depots you've got next week.", "technical_detail", False),
        ("rep", "Let me go over the plan for your edge of town depot.", "technical_detail", False),
        # staying with what they have, going with another, or saying no ends the opportunity
        ("buyer", "We've thought about it. We're going to go with Tillbox.", "opportunity_closed", True),
        ("buyer", "We'll stay with our old booking book and take our chances.", "opportunity_closed", True),
        ("buyer", "Honestly I'm going to say no on this one.", "opportunity_closed", True),
        ("buyer", "Well, I'm not going to say no to that.", "opportunity_closed", False),
        # the buyer having what they need for now ends the call, not the deal
        ("buyer", "Great, that's all I need for now, thanks.", "opportunity_closed", False),
        ("buyer", "I have everything I need for the moment, thanks.", "opportunity_closed", False),
        ("buyer", "We've decided not to go ahead, that's all we need for now.", "opportunity_closed", True),
        ("buyer", "We're going to go through the contract on Friday.", "opportunity_closed", False),
        # the product put as where it comes in, or as what fixes the buyer's problem
        ("rep", "so that's really where Tallyhub comes in, every order gets a tag", "solution_pitch", True),
        ("rep", "right so that's the bit Ledgerly fixes, the quote builds itself", "solution_pitch", True),
        ("rep", "that's the bit you fix by hand every night, isn't it", "solution_pitch", False),
        ("rep", "And that's where it comes in handy for the drivers", "solution_pitch", False),
        # the business owned, called by its name however ASR writes it
        ("buyer", "morning i own copper beck so fire away", "executive_intro", True),
        ("buyer", "I own Harwood Mill, so the money is mine.", "executive_intro", True),
        ("buyer", "I own shares in the co-op, that's all.", "executive_intro", False),
        # the business started with family, and a workshop or yard called the speaker's own
        ("buyer", "yeah me and my sister started it in her kitchen so it's us two", "executive_intro", True),
        ("buyer", "My wife and I set up the kennels in 2009.", "executive_intro", True),
        ("buyer", "it's my forge it's just me and the dog", "executive_intro", True),
        ("buyer", "Me and my son started the trial last week.", "executive_intro", False),
        ("buyer", "My dad started it, I just keep it going.", "executive_intro", False),
        ("buyer", "It's my job to chase the invoices.", "executive_intro", False),
        # the business started with a friend or a partner, said in passing, or in a place of the speaker's own
        ("buyer", "yeah so me and my cousin started this like eight years ago in her shed", "executive_intro", True),
        ("buyer", "My sister and I started it on Mum's allotment when the shop shut.", "executive_intro", True),
        ("buyer", "me and him started this in his dads garage so he'll want a say", "executive_intro", True),
        ("buyer", "right so me and three mates set this place up two years back", "executive_intro", True),
        ("buyer", "This is my bakery, so it's down to me.", "executive_intro", True),
        ("buyer", "I started it out of my kitchen.", "executive_intro", True),
        ("buyer", "me and him started the trial last week", "executive_intro", False),
        ("buyer", "me and two mates started the project in March", "executive_intro", False),
        ("buyer", "me and her started it on Monday", "executive_intro", False),
        ("buyer", "me and my team started it in the spring", "executive_intro", False),
        ("buyer", "I started it in my lunch break, the spreadsheet.", "executive_intro", False),
        ("buyer", "I started it on my laptop.", "executive_intro", False),
        ("buyer", "This is my spreadsheet, column B is the fees.", "executive_intro", False),
        # the family said as "the wife", "only" before when it started, a count of years after it
        ("buyer", "me and the wife started this in the back kitchen so it's us", "executive_intro", True),
        ("buyer", "well me and my brother only started it in twenty nineteen", "executive_intro", True),
        ("buyer", "me and my aunt started this six years ago now", "executive_intro", True),
        ("buyer", "its my croft so whatever goes on the hill is my say", "executive_intro", True),
        ("buyer", "me and the wife started the diet on monday", "executive_intro", False),
        ("buyer", "me and the team only started it in the spring", "executive_intro", False),
        ("buyer", "me and my son only started the trial last week", "executive_intro", False),
        ("buyer", "its my crofting grant that pays for it", "executive_intro", False),
        # the product talking to another system, and data sent every so many minutes, are an engineer's words
        ("rep", "and it also talks to your till so the sale lands on the booking", "technical_detail", True),
        ("rep", "Each probe reads the oven and sends that over the wifi every minute.", "technical_detail", True),
        ("rep", "I'll talk to the team about the price.", "technical_detail", False),
        ("rep", "It talks to you like a person would, no jargon.", "technical_detail", False),
        ("rep", "We send a short newsletter every month.", "technical_detail", False),
        # something sent or shown while the call goes on is no next step
        ("buyer", "i'll send you a picture hang on it's the rota on the wall", "next_step", False),
        ("rep", "Hang on, I'll pull the sheet up so we're looking at the same thing.", "next_step", False),
        ("rep", "I'll send the contract over tonight.", "next_step", True),
        # why now asked with what the buyer is doing said between
        ("rep", "Why are you looking at a booking system this spring rather than next?", "urgency_question", True),
        ("rep", "Why don't we meet again this week?", "urgency_question", False),
        ("rep", "Why did the van break down last winter?", "urgency_question", False),
        # what the problem cost, a word joined by a hyphen said in it
        ("rep", "What did last winter's break-in cost you?", "urgency_question", True),
        ("rep", "so what did the no-shows cost you over the summer", "urgency_question", True),
        ("rep", "Did you see the add-on? It'll cost you less.", "urgency_question", False),
        ("rep", "What did the set-up look like, and what does it cost you a month?", "urgency_question", False),
        # another body's own product, which the buyer could take instead
        ("buyer", "And the league's launched its own fixtures app. It's free.", "competitor_mention", True),
        ("buyer", "the council are building their own booking system for the halls", "competitor_mention", True),
        ("buyer", "We built our own system years ago.", "competitor_mention", False),
        ("buyer", "The parents launched their own fundraiser last term.", "competitor_mention", False),
        # the rival granted cheap or fine, then the dig of when it fails
        (
            "rep",
            "Tillwise is cheaper, sure, right up until you need someone on a Saturday.",
            "competitor_disparagement",
            True,
        ),
        ("rep", "It's fine, yeah, till you try to get your data out.", "competitor_disparagement", True),
        ("rep", "It's cheaper, sure, and the delivery's until you ask for it.", "competitor_disparagement", False),
        ("rep", "That's fine, sure. Until you want it, it stays off.", "competitor_disparagement", False),
        # what the rival's users did in the end
        ("rep", "most of the small farms i know gave up on it after a month", "competitor_disparagement", True),
        ("rep", "Half the yards round here ditched them by spring.", "competitor_disparagement", True),
        ("rep", "Most people give up on the paper diary in the end.", "competitor_disparagement", False),
        ("rep", "A lot of clubs give it a go first.", "competitor_disparagement", False),
        # the rival's customers coming over after something went wrong
        (
            "rep",
            "we get a lot of salons coming over from them after the invoices go wrong",
            "competitor_disparagement",
            True,
        ),
        ("rep", "Half our yards came from Tackroom after they lost a season's data.", "competitor_disparagement", True),
        ("rep", "She came over from Leeds after Christmas.", "competitor_disparagement", False),
        ("rep", "Most of our clubs come from word of mouth.", "competitor_disparagement", False),
        # ... after it went wrong, said as "once" or "when", or told as a story of what they lost with it
        (
            "rep",
            "oh yeah we get a lot of folk coming over from them once the uh the invoices start creeping up",
            "competitor_disparagement",
            True,
        ),
        (
            "rep",
            "we had a flooring company come over to us from them last year they lost a month of orders",
            "competitor_disparagement",
            True,
        ),
        (
            "rep",
            "A yard came across from Tackroom in the spring, they'd lost a season's data.",
            "competitor_disparagement",
            True,
        ),
        ("rep", "She came over from Leeds last year and she loves it.", "competitor_disparagement", False),
        ("rep", "Plenty of clubs come over to us when they grow.", "competitor_disparagement", False),
        # an insinuation put about a kind of vendor rather than one, and not about one given its due or clothes
        ("rep", "yeah a few of those outfits take the deposit and go quiet", "competitor_disparagement", True),
        ("rep", "Sadly some cheaper software outfits do exactly that.", "competitor_disparagement", True),
        ("rep", "They're a decent outfit, to be fair.", "competitor_disparagement", False),
        ("rep", "Some of your outfits could go on the rail by the door.", "competitor_disparagement", False),
        # whether the decision is the buyer's own, or goes to someone first
        ("rep", "do you need to check with your brother or is it your call", "committee_question", True),
        ("rep", "Is that your decision in the end?", "committee_question", True),
        ("rep", "Is that your van outside?", "committee_question", False),
        ("rep", "I need to check with the warehouse on that.", "committee_question", False),
        # the speaker's own business, started with family as this thing, owned as the two of them, or their
        # title with the owner's shrug after it
        ("buyer", "me and my cousin started this thing like six years ago", "executive_intro", True),
        ("buyer", "me and the wife set this thing up about ten years back", "executive_intro", True),
        ("buyer", "me and my wife started the thing with the chickens last year", "executive_intro", False),
        ("buyer", "We own it, the pair of us, so the whole board's on this call.", "executive_intro", True),
        ("buyer", "We own it, the van I mean, no lease.", "executive_intro", False),
        ("buyer", "President of the bowls club, for my sins, ten years now.", "executive_intro", True),
        ("buyer", "President of the club, for the record, is Dave.", "executive_intro", False),
        ("buyer", "Treasurer of the club, for my sins.", "executive_intro", False),
        # the speaker's title broken off and said again as founding it, as raw ASR keeps a false start
        ("buyer", "maggie from bishop's fudge i'm the um i started it it's my nan's recipe", "executive_intro", True),
        ("buyer", "I'm the, er, I founded it with my savings.", "executive_intro", True),
        ("buyer", "i'm the um i started it last week the trial", "executive_intro", False),
        ("buyer", "I'm the one who started it, the argument.", "executive_intro", False),
        # who else has to see the deal before it goes ahead, asked
        ("rep", "who else has to see the contract or is it only you", "committee_question", True),
        ("rep", "Who else would want to look over the quote?", "committee_question", True),
        ("rep", "Who else needs to see the rota?", "committee_question", False),
        ("rep", "Who else needs a login?", "committee_question", False),
        # who else has to see the deal, said as it at the end of the question
        ("rep", "Great. Who else needs to look at it? Your partner?", "committee_question", True),
        ("rep", "who else would want to see the proposal?", "committee_question", True),
        ("rep", "Who else needs to see this screen?", "committee_question", False),
        ("rep", "who else needs to see it, the rota I mean?", "committee_question", False),
        # whether anyone else has to see the deal, or the buyer's signature alone settles it
        ("rep", "Right, and does anybody else look at it?", "committee_question", True),
        ("rep", "would anyone else need to go over this?", "committee_question", True),
        ("rep", "Does anyone else look at it on their phone?", "committee_question", False),
        ("rep", "Does anyone else use it?", "committee_question", False),
        ("rep", "Is it only your signature on the order, or does the board see it too?", "committee_question", True),
        ("rep", "Is that your signature on the delivery note?", "committee_question", False),
        # the rep opening or bringing up the product shows it; something else that opens or brings up a
        # thing, said of it, shows nothing
        ("rep", "Let me open the app for you.", "demo_start", True),
        ("rep", "It pings you the minute the council opens applications for stalls.", "demo_start", False),
        ("rep", "Every morning it brings up the planner with the day's jobs.", "demo_start", False),
        # what the buyer puts aside for something, asked
        ("rep", "And what does the choir put aside for admin, roughly?", "budget_question", True),
        ("rep", "How much have you put by for software this year?", "budget_question", True),
        ("rep", "Can we put the price aside for now?", "budget_question", False),
        ("rep", "Shall we put that aside for a minute and look at the rota?", "budget_question", False),
        # what the buyer's problem costs them, asked with two things named, inside a question of the
        # rep's own, or in time or money; the product's cost and a cost in time alone ask no budget
        ("rep", "and what do the late drops and the re-runs cost you over a season?", "budget_question", True),
        (
            "rep",
            "So before the screen, can I ask what the re-runs cost you now, in hours or in money?",
            "budget_question",
            True,
        ),
        ("rep", "Can I ask what the licence costs you per seat?", "budget_question", False),
        ("rep", "Do you know what it costs you per seat?", "budget_question", False),
        ("rep", "What does a recount cost you today, in hours?", "budget_question", False),
        # a figure the buyer or their people have in mind, asked or recalled; the rep's own and a day in
        # mind ask nothing
        ("rep", "Have you got a budget in mind for this yet?", "budget_question", True),
        ("rep", "you mentioned the board had a rough figure in mind, does that still hold?", "budget_question", True),
        ("rep", "I've got a figure in mind for the twelve sites.", "budget_question", False),
        ("rep", "You had a date in mind for the launch, didn't you?", "budget_question", False),
        # how another vendor's price is built, by the unit it charges for, by name or as "they", raw ASR too;
        # the product's own terms, a price per unit set in it, and what they do not charge are none
        ("rep", "Quillhaven charges per locker, and your gym has ninety of them.", "competitor_differentiation", True),
        ("rep", "Worth knowing that they bill by the headcount, not the site.", "competitor_differentiation", True),
        ("rep", "so bramble post charge per parcel on top of the plan", "competitor_differentiation", True),
        ("rep", "We charge per depot rather than per driver.", "competitor_differentiation", False),
        # the product named as the doer, its work put as the answer, raw ASR too; a plan, a pronoun or what it
        # does not do is none
        ("rep", "What Tillbook does there is keep one count for the shop and the site.", "solution_pitch", True),
        ("rep", "and what crate flow did on the trial is it printed every label off the order", "solution_pitch", True),
        ("rep", "So what I'll do is send the quote over tonight.", "solution_pitch", False),
        ("rep", "ok so what ill do is ill send you the login on friday", "solution_pitch", False),
        ("rep", "what knotwise doesnt do is go backwards from a lot", "solution_pitch", False),
        ("rep", "And there's no charge per extra login.", "competitor_differentiation", False),
        ("rep", "You type the price per kilo in once.", "competitor_differentiation", False),
        ("rep", "They don't charge per seat, in fairness.", "competitor_differentiation", False),
    ],
)
def test_act_patterns(spacy_pass, speaker, text, act, expected):
    assert (act in features(spacy_pass, speaker, text).acts) is expected


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        ("From May the port wants a slot booked per lorry, and half of us would lose our berths.", True),
        ("None of us lose sleep over the invoices.", False),
        # a loss suffered before is what the deadline ahead risks again
        ("The show's in April, and last year I lost track of thirty orders off it.", True),
        ("Sorry, I lost you there for a second.", False),
        # someone the buyer relies on giving the work up
        ("Honestly, Maeve's said she'll quit. And then there's no league.", True),
        ("our secretary says he's going to pack it in", True),
        ("Dan said he'll walk you through the rota.", False),
        ("She'll stop by on Tuesday with the keys.", False),
        # the worry the buyer lies awake over
        ("What keeps me up is the two sheds we've got no alarm in.", True),
        ("honestly the march inspection keeps me awake", True),
        ("The newsletter keeps me up to date on the rules.", False),
        ("Keep me posted on the delivery.", False),
        # what the buyer misses otherwise
        ("I need the crates by the fifth or we miss the whole Easter run.", True),
        ("Was it Tuesday or Wednesday, or did I miss the email?", False),
        # the buyer swamped at their busy time
        ("every july we just drown in returns", True),
        ("Come November I'm swamped with orders.", True),
        ("by spring were snowed under with callouts", True),
        ("We get completely overwhelmed before Christmas.", True),
        ("The dog nearly drowned in the canal.", False),
        ("We run about twenty classes a month in the summer.", False),
        ("The key's under the mat by the snow shovel.", False),
        # a fine or a penalty levied on the buyer
        ("And under the new contracts the depots fine us two hundred a missed slot.", True),
        ("we get fined every time a van turns up late", True),
        ("We paid six grand in penalties last year.", True),
        ("The fine print is on the second page.", False),
        ("That's fine by us, Tuesday works.", False),
        # work left waiting because the buyer cannot do it as fast as it comes
        ("I've got six quotes sitting on my desk because I can't price them fast enough.", True),
        ("we cant pack them quick enough in december", True),
        ("I can't thank you enough for the trial.", False),
    ],
)
def test_a_loss_the_buyers_share_is_what_rides_on_it(spacy_pass, text, stakes):
    assert ("urgency_stakes" in features(spacy_pass, "buyer", text).cues) is stakes


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("With me is Helen Okafor, who founded the firm.", True),
        ("This is Dr. Farah Nasser, our chief medical officer.", True),
        ("uh i've got our c o o on the line", True),
        ("I'm the practice manager, and Dr. Kim is our lead dentist.", False),
        ("I've got our pharmacy operations lead, Victor, with me.", False),
    ],
)
def test_an_executive_title_is_the_cue_the_classifiers_introduction_needs(spacy_pass, text, cue):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("It does. Orders sync to Tillbook every ten minutes.", True),
        ("and it goes through the Parcelwise connector so labels print themselves", True),
        ("It pushes to your Xero overnight.", True),
        ("It does. There's a webhook from Stallfront on every new order.", True),
        ("It doesn't sync with your calendar yet.", False),
        ("There's a webhook for that.", False),
        ("Tillbook is fine for the till; the difference for you is stock.", False),
        # records brought over from, or sent into, a named system
        ("Yes, we pull the bookings from Harbourline every night.", True),
        ("It imports your members straight from Clubline.", True),
        ("it pushes each order into the Stallfront shop as it comes in", True),
        ("We export the invoices to Sage at the end of the week.", True),
        ("we pull the rota from Monday onwards", False),
        ("We pull a lot of customers from Tillbook these days.", False),
        # a named system said to be one the product connects to
        ("It does. Harbourline's one we already sync with.", True),
        ("Xero is something it already talks to.", True),
        ("Sure, Stallfront is one of the systems we integrate with.", True),
        ("Stallfront's the one we compete with most.", False),
        ("Crumbly's one we lose deals to.", False),
    ],
)
def test_the_product_connected_to_a_named_system_is_the_cue_of_an_integration(spacy_pass, text, cue):
    assert ("rival_integration" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("sure stock master can stay we would pull the stock numbers from it every night", True),
        ("We'll just import the members from it.", True),
        ("it reads the orders out of them overnight", True),
        ("you can export the lot from it", False),
        ("We pull a lot of customers from them these days.", False),
    ],
)
def test_the_product_reading_the_records_of_the_system_kept_is_a_cue(spacy_pass, text, cue):
    assert ("rival_kept" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("I won't knock them, they're decent for one office.", "competitor_differentiation", True),
        ("Honestly I wouldn’t trash anyone.", "competitor_differentiation", True),
        ("Nothing against Acme.", "competitor_differentiation", True),
        ("Acme are a proper agency.", "competitor_differentiation", True),
        ("It's a solid tool for one site.", "competitor_differentiation", True),
        ("Tillpoint is a solid product for one shop.", "competitor_differentiation", True),
        # ... a name the tagger takes for a place, and the rival's due by what it makes
        ("Thornvale's a decent firm for a small brand.", "competitor_differentiation", True),
        ("Dunmere's timber is good, and they're nearer to you.", "competitor_differentiation", True),
        ("Fallowmere make a good mixer.", "competitor_differentiation", True),
        # ... by what it makes, pointed back at, by credit given, or by a kind word for the product
        ("They make a good boiler, to be fair.", "competitor_differentiation", True),
        ("theyve always made a decent boot", "competitor_differentiation", True),
        ("It's a lovely system, honestly.", "competitor_differentiation", True),
        ("Credit where it's due, their app is tidy.", "competitor_differentiation", True),
        ("yeah fair play to them they got in early", "competitor_differentiation", True),
        # ... or by the edge the buyer gave it, granted
        ("It is cheaper, I'll give you that.", "competitor_differentiation", True),
        ("they'll be a bit quicker on delivery", "competitor_differentiation", True),
        ("theyre cheaper sure", "competitor_differentiation", True),
        ("Yeah, it's probably cheaper.", "competitor_differentiation", True),
        ("It isn't cheaper once you add the fitting.", "competitor_differentiation", False),
        ("Is it cheaper?", "competitor_differentiation", False),
        ("It gets busier in May.", "competitor_differentiation", False),
        ("Put it this way, their customers struggle to get out of the contract.", "competitor_differentiation", False),
        ("is there a budget or is it more of a fishing trip at this stage", "competitor_differentiation", False),
        ("I'll give them that, the vans are always clean.", "competitor_differentiation", True),
        # ... said with an intensifier, or as fairness to them
        ("They're genuinely solid, honestly.", "competitor_differentiation", True),
        ("its a really solid bit of kit", "competitor_differentiation", True),
        ("Brackwell are genuinely decent at the small jobs.", "competitor_differentiation", True),
        ("That's where we part company with them, to be fair to them.", "competitor_differentiation", True),
        ("in fairness to them the app works", "competitor_differentiation", True),
        ("They're very slow, to be fair.", "competitor_differentiation", False),
        ("To be fair to you, the quote was late.", "competitor_differentiation", False),
        ("They make a good point about the deposit.", "competitor_differentiation", False),
        ("I'll give you that discount if you sign this week.", "competitor_differentiation", False),
        ("I'll give them a call in the morning.", "competitor_differentiation", False),
        ("Tuesday's weather is good for it.", "competitor_differentiation", False),
        ("Saturday makes a good day for it.", "competitor_differentiation", False),
        ("Tuesday is a good day for it.", "competitor_differentiation", False),
        # ... by its name, said to be good at what it is
        ("Brackwell is a decent outfit, to be fair.", "competitor_differentiation", True),
        ("Tillpoint's a solid tool for one till.", "competitor_differentiation", True),
        ("QuayDesk is a decent system, in fairness.", "competitor_differentiation", True),
        ("It may be, QuayDesk is a decent system.", "competitor_differentiation", True),
        ("honestly, Rostr is a good product", "competitor_differentiation", True),
        ("Well, that's a good question.", "competitor_differentiation", False),
        ("So, Tuesday is a good day for it.", "competitor_differentiation", False),
        ("That's a good question.", "competitor_differentiation", False),
        ("This is a fine time to ask, actually.", "competitor_differentiation", False),
        ("Everything's fine on our side.", "competitor_differentiation", False),
        ("Your English is great, honestly.", "competitor_differentiation", False),
        ("They're slow to answer tickets.", "competitor_differentiation", False),
        ("I'm going to knock ten percent off.", "competitor_differentiation", False),
        # ... as raw ASR writes it, without the apostrophe
        ("yeah theyre a decent outfit for the one van", "competitor_differentiation", True),
        ("its a solid system for a single van to be honest", "competitor_differentiation", True),
        ("theyre slow to ring back though", "competitor_differentiation", False),
        ("its a fair bit of work to set up", "competitor_differentiation", False),
        ("yeah theyre in loads of the salons round here", "rival_popular", True),
        ("theyre quite popular with the florists", "rival_popular", True),
        ("theyre not popular with anyone", "rival_popular", False),
        # ... by its name
        ("Yeah, Quaystall's on a lot of the stalls at Borough.", "rival_popular", True),
        ("Tallyfix is on most of the vans round here.", "rival_popular", True),
        ("Oh, StallPay's on loads of the carts.", "rival_popular", True),
        ("Tuesday's on a lot of people's minds.", "rival_popular", False),
        ("I'm on a lot of calls today, sorry.", "rival_popular", False),
        # a word on the rival declined
        ("I haven't seen what they sent you, so I can't really speak to it.", "rival_declined", True),
        ("I can't comment on what they quoted you.", "rival_declined", True),
        ("I can't speak today, can we move it to Friday?", "rival_declined", False),
        # a firm the buyer named said to be the rep's customer
        ("It is, they've been with us two seasons now.", "rival_customer", True),
        ("We've been with our bank for years.", "rival_customer", False),
        # the rep vouching for the rival in so many words
        ("Solid firm, honestly, no argument from me on that.", "rival_vouched", True),
        ("honestly i've not a bad word for that crowd", "rival_vouched", True),
        ("No argument about the figures, let's go through them.", "rival_vouched", False),
        # the rival granted its standing: widely used, or doing its job
        ("Yeah, loads of the salons round here use them.", "rival_popular", True),
        ("Oh, they're in a lot of the big yards up north.", "rival_popular", True),
        ("Sure, I know a few garages on it.", "rival_popular", True),
        ("They do a decent job for single sites.", "rival_popular", True),
        ("yeah they're they're pretty popular with the bakers", "rival_popular", True),
        ("They're not popular with anyone I know.", "rival_popular", False),
        ("They're in a bit of trouble, I hear.", "rival_popular", False),
        ("Hardly anyone still uses them.", "rival_popular", False),
        # ... by its name, however the transcript spells it
        ("yeah a few people use reel yard", "rival_popular", True),
        ("Loads of the farms round you run Herdly.", "rival_popular", True),
        ("Most people use paper for that, honestly.", "rival_popular", False),
        ("A lot of shops use the app on a tablet.", "rival_popular", False),
        ("I'd ask them how many salons are still using it after a year.", "rival_popular", False),
        # the rep asks what the buyer's current one does well, and describes it to the buyer as theirs
        ("So what does the old rota app do well for you?", "rival_strengths", True),
        ("what um what did you value about them really", "rival_strengths", True),
        ("And what did you love about the new layout?", "rival_strengths", False),
        # ... or what it falls short on
        ("ok and whats it not doing on the weekend rotas", "rival_strengths", True),
        ("And what doesn't it do that you'd want?", "rival_strengths", True),
        # ... or what its service is like ("how's their support treating you" is as often a dig)
        ("That's a fair bit. What's their support like?", "rival_strengths", True),
        ("ok and whats their app like on the vans", "rival_strengths", True),
        ("And how's their support treating you?", "rival_strengths", False),
        ("What's their budget like for the year?", "rival_strengths", False),
        ("So what does it do on a busy Saturday?", "rival_strengths", False),
        ("Right, and which tool handles the vans now?", "rival_strengths", False),
        ("And your current provider, how do they handle a late parcel?", "rival_described", True),
        ("So the till app you're on now, does it hold the stock?", "rival_described", True),
        ("so the rota tool youre on now does it do the holidays", "rival_described", True),
        ("Your current customers will see the new page on Monday.", "rival_described", False),
        # how a rival's price is built, by the unit it charges for: its terms, no pitch of the product
        ("Oakridge Post charges per crate once you pass fifty.", "rival_terms", True),
        ("they bill by the headcount rather than the site", "rival_terms", True),
        ("We charge per depot rather than per driver.", "rival_terms", False),
        ("They don't charge per seat, in fairness.", "rival_terms", False),
        # the product's own price terms
        ("We bill a flat rate rather than by the hour.", "own_terms", True),
        ("no we dont charge per cover at all", "own_terms", True),
        ("It's the one site price, whatever the headcount.", "own_terms", True),
        ("And there's no commission on the deposits.", "own_terms", True),
        ("The flat roof over the yard is fine.", "own_terms", False),
        ("One more thing before the price.", "own_terms", False),
        ("They charge a fee per seat, to be fair.", "own_terms", False),
        # the rep sends the buyer to the rival's own published word for a fact about it
        ("It's on their public price list. I'll send you the link.", "rival_published", True),
        ("its on their pricing page bottom of the page", "rival_published", True),
        ("It's on our price list, page two.", "rival_published", False),
        ("yeah well their website says a lot of things", "rival_published", False),
        # the rep tells the buyer to go ahead and see the rival
        ("That's sensible, see them. One thing I can do is the set-up fee.", "rival_popular", True),
        ("I'll see them on Thursday at the depot.", "rival_popular", False),
        # the rep grants the rival a strength, or that it does something better than the product
        ("They are, and their filing is quick, that's a real strength.", "competitor_differentiation", True),
        (
            "Fretboard is genuinely good, and its multi-warehouse stock is better than ours.",
            "competitor_differentiation",
            True,
        ),
        ("they beat us on delivery times honestly", "competitor_differentiation", True),
        ("Is their stock better than ours?", "competitor_differentiation", False),
        ("Batch reservation is our real strength.", "competitor_differentiation", False),
        # the rep asks what else the buyer has looked at or talks to
        ("Have you tried anybody else yet?", "rival_asked", True),
        ("and are you um talking to anyone else at the moment", "rival_asked", True),
        ("Did you see any other systems before us?", "rival_asked", True),
        ("Will anyone else be joining us later?", "rival_asked", False),
        ("Shall we look at anything first, or talk vans?", "rival_asked", False),
        ("Oh, I see someone else is on the line?", "rival_asked", False),
        ("Have you looked at any other dates?", "rival_asked", False),
    ],
)
def test_what_the_rep_says_of_a_rival_is_a_cue(spacy_pass, text, cue, expected):
    assert (cue in features(spacy_pass, "rep", text).cues) is expected


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("Price isn't really the problem here, timing is.", True),
        ("Honestly the cost isn't what worries me.", True),
        ("It isn't the money, it's getting the team to change.", True),
        ("It's not about the price.", True),
        ("The price is the problem here.", False),
        ("It isn't cheap, I'll say that.", False),
    ],
)
def test_saying_the_price_is_not_the_problem_rules_out_a_pushback(spacy_pass, text, vetoed):
    assert ("price_pushback" in features(spacy_pass, "buyer", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("so you sent the form in, can you tell me how it works now at the yard", True),
        ("Talk me through what happens when a booking comes in.", True),
        ("Let me walk you through the booking screen.", False),
        ("Sharing now, this is the yard view.", False),
    ],
)
def test_asking_the_buyer_to_take_the_rep_through_their_work_starts_no_demo(spacy_pass, text, vetoed):
    assert ("demo_start" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("ok so you filled in the form about the crates whats going on", True),
        ("um you filled out the form last week what made you look now", True),
        ("Thanks for filling in the form on our site. So where are things at?", True),
        ("and I saw you you filled in our contact form about the rota", True),
        # the form filled in on the screen is the product
        ("so you fill in the form here and it lands on the board", False),
        ("When a parent has filled in the form, it shows up here.", False),
    ],
)
def test_recalling_the_buyers_enquiry_starts_no_demo(spacy_pass, text, vetoed):
    assert ("demo_start" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "spares"),
    [
        ("sent in two loads so you're not storing the lot over winter", True),
        ("the refills come every month so youre never short of the small sizes", True),
        ("the panels come pre cut so your fitters skip the measuring step", True),
        ("on reels that clip together so they dont slide about in the van", True),
        ("it books the room so your front desk isn't on the phone all day", True),
        # ... or of one of them by name
        ("the label prints with the lot from the intake scan, so Bryn isn't copying anything", True),
        # ... their task cut to a step, or one nobody there has to do any more
        ("the boxes come flat-packed and scored so your packers just fold them", True),
        ("it reads the label itself so your drivers only scan the tag", True),
        ("they come numbered, so nobody at your end has to count them", True),
        ("It files the returns itself. No one has to re-key the orders.", True),
        ("so your partner just needs to sign it and send it back", False),
        ("No rush, nobody has to decide today.", False),
        ("no one has to sign anything yet", False),
        # ... nothing left undone or waiting
        ("it swaps a worn battery within the week, so nothing sits in the store room", True),
        ("every job's on the one board so nothing gets missed", True),
        ("so nothing changes on the price next year", False),
        ("so nothing else for now then", False),
        # what the rep or the buyer does, and a way of putting things, spare nothing
        ("so you can see the whole order on one page", False),
        ("so your price stays the same next year", False),
        ("so you know, the bill goes out at month end", False),
    ],
)
def test_what_the_product_spares_the_buyer_is_a_cue(spacy_pass, text, spares):
    assert ("product_benefit" in features(spacy_pass, "rep", text).cues) is spares


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("the lids are sealed at the bakery so you get a full week on the shelf", True),
        ("it warms up in ten minutes so you can open the doors at eight", True),
        ("the tags print with the price so youll fill the rail in half the time", True),
        ("so you get like twice the coverage from one coat", True),
        # what the buyer does with the rep or the quote gives nothing
        ("I'll send the quote tonight so you can think it over", False),
        ("take a copy so you can check with your partner", False),
        ("I'll post it today so you get it before Friday", False),
        ("have a play with the trial so you can have a look", False),
        ("so you know, the bill goes out at month end", False),
        ("so you can't fit it yourself", False),
        # nor what the buyer did or has
        ("ok so you had the price list through on monday", False),
        ("so youve got the samples there with you", False),
    ],
)
def test_what_the_product_gives_the_buyer_is_a_cue(spacy_pass, text, gives):
    assert ("product_gain" in features(spacy_pass, "rep", text).cues) is gives


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The Kilnright one was cheaper.", True),
        ("Honestly the Tallyhop one's a lot cheaper.", True),
        ("The blue one was cheaper.", False),
        ("The first one is cheaper, I think.", False),
        ("The Kilnright one was lovely.", False),
    ],
)
def test_another_vendors_product_said_as_the_named_one_that_costs_less_is_a_faint_mention(spacy_pass, text, named):
    found = features(spacy_pass, "buyer", text)
    assert (found.acts.get("competitor_mention") == "competitor_mention/the-named-one-cheaper") is named


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("that's already the nonprofit rate, so I can't really move it", True),
        ("you're already on the partner pricing from last year", True),
        # a rate or code of tax, set up in the product, is no price offered
        ("standard rate, the reduced rate for church work, and a reverse-charge code for subcontractors", True),
        ("the zero rate codes come across from your accounts too", True),
        ("I can do the reduced rate if you sign before Friday.", False),
        ("we could look at the partner rate if you sign this month", False),
    ],
)
def test_a_special_rate_the_price_already_is_is_no_offer(spacy_pass, text, vetoed):
    assert ("discount_offer" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("Sorry, that is 40% lower than the listing price.", True),
        ("that's twenty percent under my asking, I'm afraid", True),
        ("I can take 10% off the listing price if you pick it up.", False),
    ],
)
def test_the_offer_judged_as_a_share_under_the_asking_price_is_no_discount(spacy_pass, text, vetoed):
    assert ("discount_offer" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("our bakeries usually see about twenty percent less time on ordering", True),
        ("most shops get 15% fewer stock-outs in the first quarter", True),
        ("I could do ten percent less on the licence if you sign", False),
        ("that would be fifteen percent lower price for the first year", False),
    ],
)
def test_a_share_less_of_something_that_is_no_price_is_no_discount(spacy_pass, text, vetoed):
    assert ("discount_offer" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("and the booking fee you can add per lesson so it's paid up front", True),
        ("you can add a deposit to each class if people keep dropping out", True),
        ("you could charge a cancellation fee on the late ones", True),
        ("I'll waive the fee you'd normally pay for the setup", False),
        ("we can add a second seat at no charge", False),
        ("you can add them on for free this year", False),
    ],
)
def test_a_fee_the_buyer_can_add_for_their_own_customers_is_no_discount(spacy_pass, text, vetoed):
    assert ("discount_offer" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("fine, I'll take the six hundred off and we're done", True),
        ("I can knock that 250 off for you", True),
        ("I can't take the six hundred off, I'm afraid", False),
    ],
)
def test_a_figure_named_before_taken_off_is_an_offer(spacy_pass, text, offer):
    assert ("discount_offer" in features(spacy_pass, "rep", text).acts) is offer


@pytest.mark.parametrize(
    ("text", "pushback"),
    [
        ("hmm that's above my forty a month, honestly", True),
        ("that's over our ceiling for this year", True),
        ("it's over my limit, I'd have to ask", True),
        # over or above something that is no money
        ("the rota is on the board above my desk", False),
        ("I'll be honest, the integration part went over my head", False),
    ],
)
def test_the_price_over_the_buyers_own_figure_or_limit(spacy_pass, text, pushback):
    assert ("price_pushback" in features(spacy_pass, "buyer", text).acts) is pushback


@pytest.mark.parametrize(
    ("text", "surprise"),
    [
        ("Wow, okay. That's a lot of buttons for first thing on a Monday.", True),
        ("oh ok thats a lot of drawers to keep track of", True),
        ("That's a lot of money for four vans.", False),
        ("Honestly that's a lot of cash to find this year.", False),
        ("That's a lot for a firm our size.", False),
    ],
)
def test_surprise_at_a_lot_of_something_that_is_no_money_is_marked(spacy_pass, text, surprise):
    assert ("non_price_surprise" in features(spacy_pass, "buyer", text).cues) is surprise


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # the rate from before a rise asked for again, said as its figure
        ("Can't we just stay on the two ten? We're a charity.", True),
        ("could you keep us at thirty five a month", True),
        ("Can we not stay on the 1,400 for one more year?", True),
        # a day, a temperature, a count kept: no price asked for
        ("Could we stay on the 14th for the install?", False),
        ("Can we keep the chiller at three degrees overnight?", False),
        ("We can't stay on the one site past March.", False),
        # ... wished for rather than asked
        ("I'd like to stay on forty a month if we can.", True),
        ("wed rather keep it at the three ten", True),
        ("Honestly we want to stay at 1,800.", True),
        ("id prefer to stick at forty two", True),
        # a day, a temperature, a place wished for: no price
        ("We'd like to keep it at four degrees in the van.", False),
        ("I'd rather stay on the 12th for the install.", False),
        ("We'd like to stay at the hotel by the show ground.", False),
    ],
)
def test_asking_to_stay_on_the_earlier_figure_asks_for_a_concession(spacy_pass, text, asks):
    assert ("discount_request" in features(spacy_pass, "buyer", text).acts) is asks


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # how often, said as once or twice in a period
        ("we ran out of the blue glaze twice last year and a kiln sat idle", True),
        ("The yard floods once a winter, near enough.", True),
        # what the problem lost the buyer, counted, however the tagger reads the count
        ("that bit us last month, we lost four weekend bookings to the mix-up", True),
        ("We lose maybe thirty orders a season that way.", True),
        # no count
        ("we lost track of it honestly", False),
        ("We lost one of the big clients to them.", False),
        ("Once the season starts we're flat out.", False),
    ],
)
def test_once_or_twice_in_a_period_and_what_was_lost_counted_are_metrics(spacy_pass, text, metric):
    assert ("buyer_metric" in features(spacy_pass, "buyer", text).acts) is metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("that's a lot for a dozen trailers, honestly", True),
        ("we get dozens of complaints about it every spring", True),
        ("I've rung them a dozen times.", False),
    ],
)
def test_a_count_of_things_in_dozens_is_a_metric(spacy_pass, text, metric):
    assert ("buyer_metric" in features(spacy_pass, "buyer", text).acts) is metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # things counted by the period, whatever the tagger makes of the things
        ("we make about eighty bellows a year for the organ builders", True),
        ("We ship ninety crates a week in the summer.", True),
        # a price by the period is none
        ("ninety five a month is what we pay now", False),
        ("it's twelve fifty a year, isn't it?", False),
        ("honestly twelve six for a year its more than we thought", False),
    ],
)
def test_things_counted_by_the_period_are_a_metric(spacy_pass, text, metric):
    assert ("buyer_metric" in features(spacy_pass, "buyer", text).acts) is metric


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        # an executive who sent apologies for the call takes no part in it
        ("Gwen sends her apologies, she's our CEO and she's stuck at the port.", True),
        ("our founder sent his apologies, he's flying today", True),
        ("Gwen is our CEO and she's on the line with us.", False),
        ("Apologies for the delay. Gwen is our CEO.", False),
        # named first among those who decide, not on the call
        ("Our chief executive, with me and the finance lead. It's been decided.", True),
        ("the owner, with us and the bank, signs it off", True),
        ("Our CEO is with me today, and she has questions.", False),
        # the speaker says they are only someone below the owner: the title in the turn is another's
        ("I'm only the office manager, so the owner will want to see it first.", True),
        ("im just the bookkeeper here and our founder signs", True),
        ("I'm just a volunteer. The chair decides.", True),
        ("I'm just the owner, so I pay for things.", False),
        ("I'm only the managing director, don't blame me.", False),
        # the speaker's "but" gives the business to someone else, named or of the family
        ("I look after the stockroom but Ines owns it, so she signs.", True),
        ("i just do the books but my dad owns the place", True),
        ("I'm the owner, but the bank owns the building.", False),
        ("Ines owns it and she's here with me.", False),
        ("Sure, but I own it, so it's my call.", False),
    ],
)
def test_an_executive_who_sent_apologies_or_is_named_among_deciders_is_vetoed(spacy_pass, text, vetoed):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        # a time of day agreed, not a count of 'works'
        ("Friday at nine works for me.", True),
        ("yeah tuesday at two suits", True),
        # a share of the rep's number is price talk
        ("The other firm came in at about half of your number.", True),
        # signing as approval, not sign-offs counted as work
        ("I can sign off up to three thousand myself.", True),
        ("Anything over two grand needs sign-off from the trustees.", True),
        ("We log about nine hundred sign-offs a term.", False),
        ("We have forty drivers, and at nine is when they start.", False),
    ],
)
def test_a_number_that_is_no_count_of_the_buyers_operation_rules_out_a_metric(spacy_pass, text, vetoed):
    found = features(spacy_pass, "buyer", text)
    assert ("buyer_metric" in found.vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("our customers typically see a thirty percent drop in no-shows", True),
        ("Across our practices, front desks get about ten hours a week back.", True),
        ("So across your four sites that's about nine thousand a year back.", False),
        # what businesses like the buyer's see is a vendor average, no return in the buyer's numbers
        ("and salons like yours usually see about thirty percent fewer no-shows", True),
        ("Garages like yours tend to get ten hours a week back.", True),
        ("For a salon like yours, that's about nine thousand a year back.", False),
        # what most of the rep's customers find or say is a vendor average too
        ("Most of our customers tell us it pays for itself inside the first year.", True),
        ("it pays for itself really quickly most potteries find", True),
        ("Most of them see the licence back in a year.", True),
        ("Most of the time you'd get that back in a month, on your forty hours.", False),
        # the price split into payments of the same total is no return either
        ("You can pay it as four payments of two hundred and ten, same total.", True),
        ("Or twelve monthly payments of forty if that's easier.", True),
        ("You'd stop chasing about forty payments a month, that's two days back.", False),
        # the price fixed at its figure for a term is terms, no return
        ("I can't go lower, but I can fix it at eighty for three years.", True),
        ("What I'll do is lock the price at 2,400 until 2029.", True),
        ("Fix the leak once and that's six thousand a year back for you.", False),
        ("Your twelve drivers at two hours a day is about six thousand hours a year.", False),
    ],
)
def test_the_reps_figures_of_other_customers_are_no_return_for_this_buyer(spacy_pass, text, vetoed):
    assert ("value_anchor" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        # what the buyer gets back put as a multiple of a figure of the price
        ("So the rota alone saves about two grand a term. That's over three times the six hundred it costs.", True),
        ("that's roughly four times the 1,500 a year, on your numbers", True),
        # a multiple of no figure of money
        ("It runs about four times the speed of the old one.", False),
        ("We back it up four times a day.", False),
    ],
)
def test_a_return_as_a_multiple_of_the_price_anchors_on_value(spacy_pass, text, anchor):
    found = features(spacy_pass, "rep", text)
    assert (found.acts.get("value_anchor") == "value_anchor/times-the-figure") is anchor


def test_the_vocabulary_of_a_pushback_or_a_request_and_its_look_alikes(spacy_pass):
    def cues(text: str) -> set[str]:
        return features(spacy_pass, "buyer", text).cues

    assert "price_pushback" in cues("That's double what we pay now.")
    assert "price_pushback" not in cues("It roughly doubles our bookings next year.")
    assert "price_pushback" not in cues("The doubling back is what kills us.")
    assert "discount_request" in cues("Is there any room on that?")
    assert "discount_request" not in cues("I'd want our estimator in the room for that.")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("ooh in the quiet season that's gonna sting", True),
        ("Honestly? That stings a bit.", True),
        ("it is still a chunk for a garage our size", True),
        ("Plus the card fees on top. That all adds up quickly.", True),
        ("We add up the timesheets on a Friday.", False),
    ],
)
def test_a_sigh_at_a_figure_is_the_vocabulary_of_a_pushback(spacy_pass, text, cue):
    assert ("price_pushback" in features(spacy_pass, "buyer", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("mm that's a fair bit for what is really a booking diary", True),
        ("It landed a fair bit higher than I'd told my partner.", True),
        ("Sixty a week is rather rich for a kennel with nine runs.", True),
        ("that'll be a tough sell to the trustees", True),
        ("Honestly, it's going to be a hard sell at home.", True),
        ("Put like that, it's not a hard sell.", False),
        ("Put like that, it isn't a hard sell to the board.", False),
        ("We sell hard cheese mostly.", False),
        ("to be fair the trial went well", False),
        ("We did the rota in about an hour.", False),
    ],
)
def test_a_figure_called_a_fair_bit_or_rich_or_a_hard_sell_is_the_vocabulary_of_a_pushback(spacy_pass, text, cue):
    assert ("price_pushback" in features(spacy_pass, "buyer", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Our head chef leaves in April, and the recipes live in her head.", True),
        ("we need the vans sorted before christmas or we lose the contract", True),
        ("The grant runs out by the end of September.", True),
        # a day of a month said month first, as written or as raw ASR has it
        ("The season opens on April the fourth and the tills have to work by then.", True),
        ("the auditor comes back march 3rd so we need it sorted before", True),
        ("we move into the new unit on february the twenty-first", True),
        ("Our lease is up June 30, and the landlord won't budge.", True),
        # ... or the month or season of an event the buyer works to
        ("The November craft market is when most of our orders come in.", True),
        ("honestly our march audit is what keeps me up", True),
        ("the spring fair is where most of our trade comes from", True),
        ("We've got the October inspection and nothing's ready.", True),
        # ... or part of a month said on its own, and a month hedged as people say it
        ("Late June, yes, that's when the boats go back in.", True),
        ("the new stock lands mid april so", True),
        ("Mid-September, once the students are back.", True),
        ("start of december is the christmas rush", True),
        ("bookings pick up around easter", True),
        ("the orders come in like october", True),
        ("At the end of the day it's my name on the door.", False),
        ("we do a mid week delivery", False),
        ("bookings pick up around lunchtime", False),
        ("We've had the same till for nine years.", False),
        ("The April one was fine, thanks.", False),
        ("the march of the penguins is on telly", False),
        # a month in words that is no day ("the first of them"), and "may" as the modal it often is
        ("We may first need a quote for the board.", False),
        ("We march the first group down to the hall at nine.", False),
        ("April was the first month we broke even.", False),
    ],
)
def test_a_point_in_the_calendar_is_the_cue_of_a_deadline(spacy_pass, text, deadline):
    # a cue only: it counts in the answer to a why-now question (pipeline/analysis/urgency.py)
    found = features(spacy_pass, "buyer", text)
    assert ("urgency_statement" in found.cues) is deadline
    assert "urgency_statement" not in found.acts


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("I run the kitchens. Our managing director asked us to find a new supplier.", True),
        ("the owner wants me to get three quotes before spring", True),
        ("Our CFO asked a good question last time.", False),
    ],
)
def test_an_executive_who_sent_the_speakers_takes_no_part(spacy_pass, text, vetoed):
    # the classifier hears a title said in passing as an introduction; the veto holds it down
    assert ("executive_intro" in features(spacy_pass, "buyer", text).vetoes) is vetoed


def test_pointing_at_a_users_screen_of_the_product_starts_a_demo(spacy_pass):
    assert "demo_start" in features(spacy_pass, "rep", "So this is the cashier's screen at the till.").acts


@pytest.mark.parametrize(
    ("text", "demo"),
    [
        ("On a two-year term I can bring the platform to eighty a month.", False),
        ("we could bring the app down to forty a seat", False),
        ("Let me bring up the app.", True),
        # a decision that goes to the board is no board opened
        ("who else signs off on this is it you or does it go to the board", False),
        ("Anything over five grand goes to the board.", False),
        ("Let me go to the board view.", True),
        # what the product does to every record is no screen pulled up
        ("When someone leaves, we pull every account they have and revoke it.", False),
        ("It loads each report overnight.", False),
        ("Let me pull up the account screen.", True),
        ("I'll open the account page.", True),
    ],
)
def test_bringing_something_to_a_figure_is_no_demo_start(spacy_pass, text, demo):
    assert ("demo_start" in features(spacy_pass, "rep", text).acts) is demo


def test_a_veto_only_rules_out_its_own_sentence(spacy_pass):
    found = features(spacy_pass, "rep", "We'll do the full demo next week. For now, let me share my screen.")
    assert "demo_start" in found.acts


def test_asr_fillers_do_not_break_patterns(spacy_pass):
    assert "demo_start" in features(spacy_pass, "rep", "okay so um let me uh share my screen").acts


def test_how_the_product_works_inside_is_read_faintly_as_technical_detail(spacy_pass):
    # faint: it continues a run of technical detail the classifier hears clearly, and makes none alone
    said = features(spacy_pass, "rep", "Each scan is pushed to a webhook, and your system listens on that endpoint.")
    assert spacy_pass.patterns[said.acts["technical_detail"]].confidence < 0.5
    plain = features(spacy_pass, "rep", "Your front desk sees who has paid the moment they walk in.")
    assert "technical_detail" not in plain.acts


@pytest.mark.parametrize(
    "text",
    [
        "The sandbox sits behind single sign-on, and the identity provider is slow on the redirect.",
        "You can configure which columns are required for each kind of job before it saves.",
    ],
)
def test_how_the_product_signs_in_or_is_set_up_is_read_faintly_as_technical_detail(spacy_pass, text):
    pattern_id = features(spacy_pass, "rep", text).acts["technical_detail"]
    assert spacy_pass.patterns[pattern_id].confidence < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "and behind that the diary syncs with your phone through a web hook",
        "In the settings you can map the order field to whatever your courier wants.",
        "It signs in with the shop's own credentials and retries every ten minutes.",
        # how it keeps the accounts package in step
        "There's a nightly sync. Jobs closed on the board post to Sage as draft invoices.",
        "and the labour lines go across split by nominal code",
    ],
)
def test_settings_credentials_and_words_asr_splits_are_read_faintly_as_technical_detail(spacy_pass, text):
    pattern_id = features(spacy_pass, "rep", text).acts["technical_detail"]
    assert spacy_pass.patterns[pattern_id].confidence < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "On setup you'd map each pallet code to a bay in the warehouse table, once.",
        "The reader maps every gate number to a door record on our side.",
        "The scales post a weight every thirty seconds to our endpoint.",
        "It polls the till over the shop network every two minutes and files each sale by barcode.",
    ],
)
def test_records_mapped_one_by_one_or_a_feed_polled_every_few_minutes_are_clear_technical_detail(spacy_pass, text):
    pattern_id = features(spacy_pass, "rep", text).acts["technical_detail"]
    assert spacy_pass.patterns[pattern_id].confidence >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Let's map out each step to the launch together.",
        "I'll post a note to the team every month or so.",
        "This is the yard map, every van is a pin.",
    ],
)
def test_a_plan_mapped_out_or_a_note_posted_monthly_is_no_clear_technical_detail(spacy_pass, text):
    pattern_id = features(spacy_pass, "rep", text).acts.get("technical_detail")
    assert pattern_id is None or spacy_pass.patterns[pattern_id].confidence < 0.5


def test_the_surest_pattern_of_an_act_reads_it_however_late_in_the_turn(spacy_pass):
    """A faint word of an act early in a turn ('API') hides no clear reading of it later on."""
    text = "It syncs through our API overnight, and you map each job to a cost centre once."
    pattern_id = features(spacy_pass, "rep", text).acts["technical_detail"]
    assert pattern_id == "technical_detail/maps-each-to-another"


@pytest.mark.parametrize(
    "text, executive",
    [
        ("The bakery is mine and Jo's, we're the owners, so anything signed comes to me.", True),
        ("Being the founder, I also get to mop the floors at midnight.", True),
        ("i started the yard so im the one who answers the phone", True),
        ("Being the new one here, I get the phone.", False),
        ("We're the ones who do the bookings.", False),
        ("I started the trial yesterday.", False),
    ],
)
def test_owners_together_being_the_founder_and_starting_the_business_are_executives(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the speakers own it together, whatever they call the business
        ("My sister's here too, we own the forge together.", True),
        ("we own the boatyard between us so she'll want a say", True),
        ("I own the kiln jointly with my cousin.", True),
        ("yeah we own it fifty fifty", True),
        ("it's me and Dev's business, he does the accounts", True),
        ("its me and my sisters company really", True),
        ("Buried. It's mine and my sister Ros's shop, and the two of us are drowning.", True),
        ("It's mine and my brother Fin's business, so I'm always on the jetty.", True),
        ("It's me and my team's big project this year.", False),
        # a piece of work owned together, or a thing of theirs, owns no business
        ("We own the rollout together with IT.", False),
        ("we own the data between us and the council", False),
        ("We own the van together, it's ancient.", False),
        ("it's me and my team's project", False),
        ("It's me and Jo on the late shift.", False),
    ],
)
def test_owning_the_business_together_whatever_it_is_called_is_an_executive(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the business started together with someone: said as it or this, as what it is, or by its name
        ("so its me and my brother here we um we started this together like nine years back", True),
        ("Mo's my husband, we started Larkspur Kites together.", True),
        ("We founded the bakery together in 2014.", True),
        ("We started the trial together last week.", False),
        ("We started together on the same day.", False),
        ("We started Monday together.", False),
    ],
)
def test_a_business_started_together_is_its_founders(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the rep tells the listener their title, with or without "the"
        ("Great to meet you. You're managing director at Hollowell Signs, is that right?", True),
        ("so you're the owner?", True),
        ("and you're CEO there now, yeah", True),
        ("You're managing the rollout, right?", False),
        ("You're the manager of the Leeds branch, aren't you?", False),
        ("you are chief cook and bottle washer then", False),
    ],
)
def test_the_rep_telling_the_buyer_their_title_names_an_executive(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "rep", text).acts) is executive


@pytest.mark.parametrize(
    "text, vetoed",
    [
        # someone not here takes no part; something not here by a time or on time has not arrived
        ("Marcus isn't here today, he's the MD.", True),
        ("the MD's not here, she's at the bank", True),
        ("If the stock isn't here by March we lose the season, and I'm the owner, so it's on me.", False),
        ("I'm the owner, and if the glass isn't here on time the council fines us.", False),
        ("I'm the founder. Sam's not here yet, he's parking.", False),
    ],
)
def test_something_not_here_by_a_time_leaves_the_executive_in_the_call(spacy_pass, text, vetoed):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).vetoes) is vetoed


@pytest.mark.parametrize(
    "speaker, text, act, expected",
    [
        # a clause said before a dash is a statement of its own: the "never" after it negates none of it
        ("buyer", "I started this company twelve years ago — I've never refunded a deposit.", "executive_intro", True),
        ("buyer", "I set up the shop in 2009 - I've never had a week like it.", "executive_intro", True),
        # a negation of the clause the pattern reads still rules it out
        ("buyer", "I never started the business, my mum did.", "executive_intro", False),
        ("rep", "I don't think I'll share my screen today.", "demo_start", False),
    ],
)
def test_a_negation_after_a_clause_of_its_own_does_not_reach_it(spacy_pass, speaker, text, act, expected):
    assert (act in features(spacy_pass, speaker, text).acts) is expected


@pytest.mark.parametrize(
    "text, leaving",
    [
        # the speaker leaving the call agrees nothing
        ("Right, I'll have to jump, the lunch orders are coming in.", True),
        ("sorry ive got to dash now", True),
        ("If the phone goes I'll have to go. Sorry.", True),
        ("I'll have to go through it with Sam on Friday.", False),
        ("I'll have to run it past my partner.", False),
        ("I'll have to go in a minute, but I'll send you the list Friday.", False),
    ],
)
def test_the_speaker_having_to_go_is_no_next_step(spacy_pass, text, leaving):
    said = features(spacy_pass, "buyer", text)
    assert ("next_step" in said.vetoes) is leaving
    assert ("next_step" in said.acts) is not leaving


@pytest.mark.parametrize(
    "text, asks",
    [
        # who the buyer buys from asks for their supplier, not who decides
        ("ok got it and who do you buy from now", False),
        ("Who are you buying the felt through at the moment?", False),
        ("Who signs off on a purchase like this?", True),
        ("who buys off on it", True),
        ("Who else is involved in buying it?", True),
    ],
)
def test_asking_who_the_buyer_buys_from_asks_no_one_who_decides(spacy_pass, text, asks):
    assert ("committee_question" in features(spacy_pass, "rep", text).acts) is asks


@pytest.mark.parametrize(
    "text, asks",
    [
        # whether someone has to look at it before the buyer says yes or goes ahead asks who decides
        ("Does anyone else need to look at it before you say yes, a bookkeeper or a partner?", True),
        ("would your wife need to look at the quote before you go ahead", True),
        ("Does your partner need to look it over before you decide?", True),
        ("Do you need to look at the sizes before you say which colours?", False),
        ("You'll need to look at the login page before you go live.", False),
    ],
)
def test_asking_whether_someone_looks_before_the_buyer_says_yes_asks_who_decides(spacy_pass, text, asks):
    assert ("committee_question" in features(spacy_pass, "rep", text).acts) is asks


@pytest.mark.parametrize(
    "text, pitch",
    [
        # what the product means for the buyer, put as the answer
        ("so the standing order means we send you the wax every fortnight and you never run short", True),
        ("the app means your drivers can see every drop", True),
        ("The plan means you pay monthly.", False),
        ("The big order means we're short this week.", False),
    ],
)
def test_what_the_product_means_for_the_buyer_is_a_pitch(spacy_pass, text, pitch):
    assert ("solution_pitch" in features(spacy_pass, "rep", text).acts) is pitch


@pytest.mark.parametrize(
    "text, vetoed",
    [
        # a showing the rep meant to do and could not starts no demo
        ("and the new app i wanted to show you it but its not loading on my end so ill send a video", True),
        ("I was going to walk you through the planner, but the wifi's gone.", True),
        ("I wanted to show you this. Let me share my screen, here's the planner.", False),
        ("I wanted to show you the planner, so let me share my screen.", False),
    ],
)
def test_a_showing_meant_but_not_done_starts_no_demo(spacy_pass, text, vetoed):
    assert ("demo_start" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    "text, closed",
    [
        # the buyer choosing another firm by name ends it; choosing one of the rep's options takes it
        ("It's too big a gap for us. We'll go with Harbourline.", True),
        ("Then I think we'll go with the Tallybook people.", True),
        ("We'll go with the Standard plan, I think.", False),
        ("OK, we'll go with the annual plan.", False),
        ("We'll go with you, then.", False),
    ],
)
def test_the_buyer_going_with_another_firm_ends_the_opportunity(spacy_pass, text, closed):
    assert ("opportunity_closed" in features(spacy_pass, "buyer", text).acts) is closed


@pytest.mark.parametrize(
    "text, asks",
    [
        # whether it is the buyer's own to sign asks who decides
        ("Before we go further: Sam, is this yours to sign, or does your partner need to see it?", True),
        ("is the twelve hundred yours to approve or does it go to a committee", True),
        ("Is this yours to keep?", False),
        ("is the van yours to drive today?", False),
    ],
)
def test_asking_whether_it_is_the_buyers_own_to_sign_asks_who_decides(spacy_pass, text, asks):
    assert ("committee_question" in features(spacy_pass, "rep", text).acts) is asks


@pytest.mark.parametrize(
    "text, executive",
    [
        # the business started or opened with someone of the speaker's family, named or not
        ("it's mine really, i started it with my late wife back in the nineties", True),
        ("My sister Nadia and I opened the cafe in 2018.", True),
        ("I started it with a spreadsheet.", False),
        ("My husband Tom and I opened an account with them.", False),
        # the subject said again, a business on wheels, a room of the home it began in
        ("me and my husband we own the nursery so its down to us", True),
        ("me and my brother started this stall about five years back", True),
        ("we started this in the spare room, me and Kat", True),
        ("I set it up in the shed after I got laid off.", True),
        ("me and my team we own the rollout", False),
        ("we started it in the spring, the trial", False),
        ("I started the trial in the office.", False),
        # the title with what it heads said first
        ("As club president, the budget's my headache.", True),
        ("as the practice owner I sign everything", True),
        ("As deputy president I just take the minutes.", False),
        ("as a club we've never had a website", False),
        # the managing director said by the letters
        ("being the md i get the warm office for this", True),
        ("as an md I see a lot of patients", False),
        # the business taken over in a given year
        ("my mum ran the stall and I took it over in two thousand and six", True),
        ("we took the farm over in 1998", True),
        ("I took it over to the depot on my way home.", False),
        ("I took it over in March, the rota.", False),
    ],
)
def test_a_business_started_with_family_is_the_speakers(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, closed",
    [
        ("We're not renewing. We'll move to the other supplier at the end of the month.", True),
        ("we wont be renewing this year", True),
        ("Before renewing, I'd like to see this year's numbers.", False),
    ],
)
def test_the_buyer_not_renewing_ends_the_opportunity(spacy_pass, text, closed):
    assert ("opportunity_closed" in features(spacy_pass, "buyer", text).acts) is closed


@pytest.mark.parametrize(
    "text, added",
    [
        ("Sure thing. I'll add him to the invite.", True),
        ("Priya, I'll copy you in so you see the checklist.", True),
        ("I'll send the invite for Thursday at ten.", False),
        # the call left there with nothing agreed; going on to a day is a step
        ("Let's leave it there for today.", True),
        ("ok let's leave it at that for now.", True),
        ("Let's leave it there and speak again on Thursday.", False),
    ],
)
def test_someone_added_to_the_step_agreed_or_the_call_left_there_is_no_new_step(spacy_pass, text, added):
    assert ("next_step" in features(spacy_pass, "rep", text).vetoes) is added


def test_a_founder_named_in_the_third_person_is_read_faintly(spacy_pass):
    # faint: who founded the business takes part only if they are a voice of the call (voices.py)
    for text in ("Ines founded the studio, so anything with a fee goes to her.", "Ines started Fernleigh in 2015."):
        pattern_id = features(spacy_pass, "buyer", text).acts["executive_intro"]
        assert spacy_pass.patterns[pattern_id].confidence < 0.5


def test_a_product_looked_at_is_a_faint_mention_only(spacy_pass):
    pattern_id = features(spacy_pass, "buyer", "We did look at Rotafold last spring.").acts["competitor_mention"]
    # it opens the rival's context for the rivals pass; alone it is no competitor of the call
    assert spacy_pass.patterns[pattern_id].confidence < 0.55


@pytest.mark.parametrize(
    "text, looked",
    [
        # a look had at a product, however the transcript spells the name
        ("we did have a look at reel yard", True),
        ("I had a look at Stallbook before Christmas.", True),
        ("We've had a look at Ferrimo too.", True),
        ("I had a look at it last night.", False),
        ("We had a look at the rota together.", False),
        ("I'll have a look at Thursday's list.", False),
    ],
)
def test_a_look_had_at_a_product_is_a_faint_mention_only(spacy_pass, text, looked):
    assert_faint_mention(spacy_pass, text, looked)


@pytest.mark.parametrize(
    "text, looked",
    [
        # a course of action the buyer weighed is no product looked at
        ("So what made you look at selling direct this year?", False),
        ("we did look at hiring a second driver for the summer", False),
        ("We looked at moving the whole lot to a bigger unit.", False),
        # ... a product looked at or tried still is one
        ("we did look at parcel nest last spring", True),
        ("We tried Dockwise for a month.", True),
        ("What made you look at Routefox?", True),
    ],
)
def test_a_course_of_action_looked_at_is_no_product(spacy_pass, text, looked):
    assert_faint_mention(spacy_pass, text, looked)


def test_the_reps_own_case_study_is_no_rival_spoken_of(spacy_pass):
    said = "I've got the Fellside Bakery case study up. They're a shop about your size."
    assert "competitor_disparagement" in features(spacy_pass, "rep", said).vetoes
    assert "competitor_disparagement" not in features(spacy_pass, "rep", "They're a shop about your size.").vetoes


def assert_faint_mention(spacy_pass, text: str, expected: bool) -> None:
    """Whether the buyer's line is read as a mention of a rival, and one only faint when it is: it
    opens the rival's context for the rivals pass; alone it is no competitor of the call."""
    acts = features(spacy_pass, "buyer", text).acts
    assert ("competitor_mention" in acts) is expected
    if expected:
        assert spacy_pass.patterns[acts["competitor_mention"]].confidence < 0.55


@pytest.mark.parametrize(
    "text, asked",
    [
        ("So what's the difference between you and Trayhold, then?", True),
        ("how do you compare with the one the other branch uses", True),
        ("How are you different from what we've got?", True),
        # how this, it or that differs from another, however the transcript spells the name
        ("how's this different from shelf wise though", True),
        ("And how is that different from Tallyhop, really?", True),
        ("What's the difference between the two plans?", False),
        ("How is this different for the night shift?", False),
        ("How do you spell your surname?", False),
    ],
)
def test_asking_how_the_rep_compares_is_a_faint_mention_only(spacy_pass, text, asked):
    assert_faint_mention(spacy_pass, text, asked)


@pytest.mark.parametrize(
    "text, named",
    [
        # the tagger takes invented brands for people or places; the figure after makes them a price
        ("Brackenfold quoted us about twelve hundred.", True),
        ("Corvina quoted nine thousand, just so you know.", True),
        # ... or for a common noun or a verb, a name ending in -ing
        ("Ten-twenty. Worthing quoted us nine-forty.", True),
        ("Keeling quoted us about twelve hundred.", True),
        ("We'd put ten aside, and Tallowby have quoted eleven.", True),
        ("They have quoted eleven.", False),
        ("They quoted us nine-forty.", False),
        ("I quoted them nine-forty.", False),
        ("Honestly, Pennick Hall said they'd do four thousand flat.", True),
        ("Marsha quoted the policy to me.", False),
        ("Dave said he'd do it by Friday.", False),
        # ... or said where its price came in
        ("And Hullbook came in at four thousand for the season, mind.", True),
        ("Stallwise came in under nine hundred.", True),
        ("Marsha came in at nine this morning.", False),
        ("Dave came in at the end of the meeting.", False),
        # the offer named with who had it said between
        ("The other quote we had, from Pondly, was lower.", True),
        ("The price I got from Tillpoint was about the same.", True),
        ("The quote we had from the council covered the roof.", False),
        ("The offer we got, from March, still stands.", False),
    ],
)
def test_a_vendor_that_quoted_a_figure_is_a_rival(spacy_pass, text, named):
    assert ("competitor_mention" in features(spacy_pass, "buyer", text).acts) is named


@pytest.mark.parametrize(
    "text, named",
    [
        # another vendor's price said without its name, or in a transcript without capitals
        ("honestly the other lot quoted us seven forty", True),
        ("The other firm came in a fair bit lower.", True),
        ("their quote came in at about a third less", True),
        ("Their price was about half, to be honest.", True),
        ("well hill top are doing it for two six", True),
        ("the lads at crate hub could do it for forty", True),
        ("we're doing it for twenty at the moment", False),
        ("you could do it for eighty though", False),
        ("The other one is cheaper, the basic plan?", False),
        ("Their price for a ticket is nine pounds.", False),
        ("We've been doing it for ten years.", False),
        # ... or what a firm does the thing for, said plainly
        ("Kilnright do a hub for twelve hundred.", True),
        ("brightline do them for like sixteen p", True),
        ("tallyhop does one for about forty a month", True),
        ("Fenwick did us one for two ten last spring.", True),
        ("we do them for twenty each", False),
        ("my sister does them for twenty at the market", False),
        ("they do it for free the first month", False),
        ("I did it for three years at the old place.", False),
        # ... or at a price by its unit
        ("quillby does the nibs at like nine p a nib", True),
        ("Kilnright do them at forty quid each.", True),
        ("the lads do the deliveries at six in the morning", False),
        ("we do them at nine p each", False),
        # ... with its name said between, in a transcript without capitals
        ("the other lot bench press they quoted us nine hundred", True),
        ("the other crowd fix it up they don't charge for setup", True),
        ("the other lot of pallets came in on monday", False),
    ],
)
def test_another_vendors_price_said_without_its_name_is_a_faint_mention(spacy_pass, text, named):
    assert_faint_mention(spacy_pass, text, named)


@pytest.mark.parametrize(
    "cue, text, present",
    [
        # the buyer standing up for someone, and a vendor the buyer describes rather than names: cues the
        # rivals pass reads against the rep's answer, never acts of their own
        ("rival_defended", "To be fair, their app has been fine for us.", True),
        ("rival_defended", "ha well we still use them to be fair", True),
        ("rival_defended", "In fairness they've been fine for the small jobs.", True),
        ("rival_defended", "Fair enough, send it over.", False),
        ("rival_defended", "That's fair, we can look at it in March.", False),
        ("rival_described", "yeah the crowd we had before never turned up on a saturday", True),
        ("rival_described", "The firm we used before charged us for every callout.", True),
        ("rival_described", "I've had a look at the other firm's prices.", True),
        ("rival_described", "we had a bloke round from the other lot in the spring", True),
        ("rival_described", "Most of the lads are on the big German one already.", True),
        ("rival_described", "we tried the big garden centre place for a bit", True),
        ("rival_described", "Half our tutors are on the one all the colleges use.", True),
        ("rival_described", "We tried the one with the owl logo that all the big chains push.", True),
        ("rival_described", "It's the one that the big lads lift, the twelve-litre.", False),
        ("rival_described", "i found the one that comes up first when you search", True),
        ("rival_described", "We signed up to one of those booking platforms last year.", True),
        ("rival_described", "Right now it's the usual rota app, and it's a pain.", True),
        ("rival_described", "we still use the old stock app on the tablet", True),
        # ... another offer by its place beside the rep's, a vendor by when the buyer met it or where it is from
        ("rival_described", "I've got the other price here and it's lower.", True),
        ("rival_described", "the firm i spoke to on tuesday does it cheaper", True),
        ("rival_described", "We had a price from the lads over in Leek.", True),
        ("rival_described", "the swedish fridge people want two grand", True),
        ("rival_described", "Honestly the Danish one looked good.", True),
        # ... the vendor the buyer had last, by its place before the rep's or by the work it did
        ("rival_described", "we were with the last booking lot for two years", True),
        ("rival_described", "The previous supplier charged us for every pallet.", True),
        ("rival_described", "the last tablet thing we tried kept crashing", True),
        ("rival_described", "Mostly through the old booking thing on the website.", True),
        ("rival_described", "We still use the old stock system for the counts.", True),
        ("rival_described", "The old thing in the barn needs a new wheel.", False),
        ("rival_described", "Back in the old days we did it all on paper.", False),
        ("rival_described", "Whoever built ours never picked up after that.", True),
        # ... the buyer's own current firm or system, by its place as theirs, and another offer by being one more
        ("rival_described", "our current lot lose a box a week", True),
        ("rival_described", "The till app we're on now does the invoices and not much else.", True),
        # ... or as theirs with what it is for, "current" left unsaid; a supplier of the trade's goods is none
        ("rival_described", "The contract with our booking platform runs out in May.", True),
        ("rival_described", "our card provider takes two percent of everything", True),
        ("rival_described", "Our cylinder supplier is putting the price up.", False),
        ("rival_described", "Our own platform is just the website.", False),
        # ... as raw ASR writes it, "we're" with no apostrophe
        ("rival_described", "yeah the rota thing were on now only does the one site", True),
        ("rival_described", "the parcels were on time most weeks", False),
        ("rival_described", "We got a second price through on Friday.", True),
        ("rival_described", "Our current customers are mostly schools.", False),
        ("rival_described", "Can I ask another question about the vans?", False),
        # ... and what the buyer says of their own ways, a batch, a size or a bad day, describes no vendor
        ("rival_described", "We do it all on a spreadsheet at the moment.", False),
        ("rival_described", "The lads we had before Christmas were great.", False),
        ("rival_described", "the other lot of orders came in this morning", False),
        ("rival_described", "We'll take the big one, the twelve-litre.", False),
        ("rival_described", "It's the one we use for the rota.", False),
        ("rival_described", "It's been one of those days, sorry.", False),
        ("rival_described", "the old shed needs a new roof", False),
        ("rival_described", "Could you email the other option over too?", False),
        ("rival_described", "The people we train come from all over.", False),
        ("rival_described", "the italian bread goes first on a saturday", False),
        ("rival_described", "The last time we checked it was fine.", False),
        ("rival_described", "the last lot of lambs went on friday", False),
        ("rival_described", "That's the last thing we need in spring.", False),
        ("rival_described", "Whoever rings first gets the slot.", False),
    ],
)
def test_the_buyer_defending_or_describing_a_vendor_is_a_cue_of_the_rivals_pass(spacy_pass, cue, text, present):
    assert (cue in features(spacy_pass, "buyer", text).cues) is present
    assert cue not in features(spacy_pass, "buyer", text).acts


def test_the_buyers_own_system_built_in_house_is_no_rival(spacy_pass):
    assert "competitor_mention" in features(spacy_pass, "buyer", "we use a bespoke thing our lad wrote").vetoes
    assert "competitor_mention" in features(spacy_pass, "buyer", "It's all home-grown, honestly.").vetoes
    assert "competitor_mention" not in features(spacy_pass, "buyer", "We're on Tillpoint at the moment.").vetoes


def test_patterns_are_validated(tmp_path):
    folder = tmp_path / "patterns"
    folder.mkdir()
    (folder / "bad.jsonl").write_text(json.dumps({"id": "demo_start/x", "act": "demo_start"}) + "\n")
    with pytest.raises(RuleError, match="bad.jsonl:1"):
        load_patterns(tmp_path)
    (folder / "bad.jsonl").write_text(
        json.dumps({"id": "a/x", "act": "a", "phrases": ["x"]})
        + "\n"
        + json.dumps({"id": "a/x", "act": "a", "phrases": ["y"]})
        + "\n"
    )
    with pytest.raises(RuleError, match="duplicate"):
        load_patterns(tmp_path)


def _rules_with_word_lists(tmp_path, words: str, pattern: dict):
    folder = tmp_path / "patterns"
    folder.mkdir()
    (folder / "words.yaml").write_text(words)
    (folder / "pets.jsonl").write_text(json.dumps(pattern) + "\n")
    return tmp_path


def test_a_pattern_spells_out_the_word_list_it_names_beside_its_own_words(tmp_path, spacy_pass):
    rules = _rules_with_word_lists(
        tmp_path,
        "version: 1\nlists:\n  pets: [cat, dog]\n",
        {"id": "pet_owner/x", "act": "pet_owner", "tokens": [{"LOWER": "my"}, {"LOWER": {"IN": ["@pets", "hamster"]}}]},
    )
    own = SpacyPass(rules, nlp=spacy_pass.nlp)
    found = [
        f.acts
        for f in own.run(
            [("buyer", "My dog sleeps a lot."), ("buyer", "my hamster bites"), ("buyer", "My cow sleeps a lot.")]
        )
    ]
    assert [("pet_owner" in acts) for acts in found] == [True, True, False]


def test_a_word_list_nobody_wrote_or_one_with_a_flag_in_it_is_refused(tmp_path):
    rules = _rules_with_word_lists(
        tmp_path,
        "version: 1\nlists:\n  pets: [cat, dog]\n",
        {"id": "pet_owner/x", "act": "pet_owner", "tokens": [{"LOWER": {"IN": ["@birds"]}}]},
    )
    with pytest.raises(RuleError, match="pets.jsonl:1: no word list named 'birds'"):
        load_patterns(rules)
    # YAML reads an unquoted "no" as false: a list holding it is refused, not read as the word
    (rules / "patterns" / "words.yaml").write_text("version: 1\nlists:\n  pets: [cat, no]\n")
    with pytest.raises(RuleError, match="pets: must be a list of words"):
        load_patterns(rules)


def test_every_shipped_word_list_is_named_by_a_pattern():
    from pipeline.analysis.pattern_words import load_word_lists

    lists = load_word_lists(ROOT / "rules" / "patterns")
    text = "".join(path.read_text() for path in (ROOT / "rules" / "patterns").glob("*.jsonl"))
    assert lists and all(f'"@{name}"' in text for name in lists)


def test_a_pattern_may_leave_its_reading_to_the_classifier():
    shipped = {pattern.id: pattern for pattern, _ in load_patterns(ROOT / "rules")}
    assert shipped["competitor_disparagement/advice-to-check-them"].classifier_decides
    assert not shipped["competitor_disparagement/sarcastic-if"].classifier_decides


@pytest.mark.parametrize("mark", ["classifier_decides", "third_person"])
def test_a_patterns_mark_is_a_flag(tmp_path, mark):
    """The marks the passes read (`classifier_decides` by the rivals pass, `third_person` by the
    voices pass) are booleans; anything else is refused when the patterns load."""
    folder = tmp_path / "patterns"
    folder.mkdir()
    line = {"id": "executive_intro/x", "act": "executive_intro", "phrases": ["is our ceo"], mark: "yes"}
    (folder / "bad.jsonl").write_text(json.dumps(line) + "\n")
    with pytest.raises(RuleError, match=mark):
        load_patterns(tmp_path)


def test_every_shipped_pattern_loads():
    ids = [pattern.id for pattern, _ in load_patterns(ROOT / "rules")]
    assert len(ids) == len(set(ids)) and len(ids) > 50


def test_utterances_the_recogniser_skips_read_the_same_as_with_it(spacy_pass, monkeypatch):
    """The recogniser runs only where a figure or a date can be; every feature of the sample calls
    is what it would be with the recogniser on every utterance (entities it does not read aside)."""
    from pipeline.analysis import entities, nlp
    from pipeline.analysis.features import load_analysis_config
    from pipeline.jsonio import load_json_file

    utterances = [
        (u["speaker"], u["text"])
        for path in sorted((ROOT / "data/samples/transcripts").glob("*.json"))
        for u in load_json_file(path)["utterances"]
    ]
    # one process, so that the patched gate is the one that runs
    fillers = load_analysis_config(ROOT / "rules").fillers
    in_process = SpacyPass(ROOT / "rules", fillers=fillers, nlp=spacy_pass.nlp)
    gated = in_process.run(utterances)
    monkeypatch.setattr(nlp, "needs_entities", lambda doc: True)
    everywhere = in_process.run(utterances)
    read = sum(entities.needs_entities(doc) for doc in spacy_pass.nlp.pipe(text for _, text in utterances))
    assert 0 < read < len(utterances)
    for skipped, full in zip(gated, everywhere, strict=True):
        full.entities = [e for e in full.entities if e[0] in entities.READ_LABELS]
        skipped.entities = [e for e in skipped.entities if e[0] in entities.READ_LABELS]
        assert skipped == full


@pytest.mark.parametrize(
    ("text", "deadline", "stakes"),
    [
        # a point in the calendar with what rides on it: what happens otherwise, a loss, someone pressing
        ("From June the insurer wants every lift logged, or they'll stop covering the crane.", True, True),
        ("we need it running by new year or were back on the whiteboard", True, True),
        ("The co-op wants the weights from next harvest, so either we sort it or we lose them.", True, True),
        ("Before Easter, honestly, the landlord's on at us about the fire log.", True, True),
        ("theyve said from june they want it all online or theyll or theyll move the contract", True, True),
        # a date alone, or what customers want at a busy time, is no deadline with stakes
        ("The season doesn't start till May, so there's no rush.", True, False),
        ("it's manic, everyone wants their boilers serviced before winter", True, False),
        ("Fifteen hundred for the year, all in.", False, False),
        # a day of a month, or when something falls due, is a point in the calendar; what went
        # wrong before happening again is what rides on it
        ("Fifteenth of June. After that they won't take our stock.", True, False),
        ("from the 3rd of March everything changes", True, False),
        ("we've got a first of its kind here", False, False),
        ("The show's in May. If we do that again on paper, we sink.", True, True),
        ("six hundred hampers due mid december and if that happens again we lose them", True, True),
        ("We did the show in May and it went fine again.", True, False),
        # a week of a month, said as a point in the calendar
        (
            "Our plums land around the second week of August, or we're back to stoning by hand.",
            True,
            True,
        ),
        ("We're closed for a week, that's all.", False, False),
        # ... an ordinal before a season alone is no point in the calendar
        ("about one in ten split in the first winter we have them", False, False),
    ],
)
def test_a_deadline_and_what_rides_on_it_are_marked(spacy_pass, text, deadline, stakes):
    cues = features(spacy_pass, "buyer", text).cues
    assert ("urgency_statement" in cues) is deadline
    assert ("urgency_stakes" in cues) is stakes


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        # the buyer says there is no hurry on their side, asked or not
        ("Truthfully no, there's no hurry, the shop shuts till Whitsun.", True),
        ("we're not in a hurry on this one to be fair", True),
        ("Nothing big coming up, we're not up against anything really.", True),
        ("and theres no rush on our side anyway", True),
        # ... a bare courtesy while the rep's screen loads, or a hurry the buyer is in, is none
        ("No rush.", False),
        ("We are in a hurry because the audit's in May.", False),
    ],
)
def test_the_buyer_saying_there_is_no_hurry_is_a_cue_of_the_urgency_pass(spacy_pass, text, denied):
    assert ("urgency_denied" in features(spacy_pass, "buyer", text).cues) is denied


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        # what the buyer cannot have happen, or cannot go through again, is what rides on the date
        ("We open the gardens at Easter and I can't have the tills going down again.", True),
        ("the fair is in june and we cant do another year of paper tickets", True),
        ("By October, honestly, we cannot afford a second failed inspection.", True),
        # a day that does not suit, or an order taken later, is none
        ("We can't make Tuesday, but in March is fine.", False),
        ("we can't take another order till May", False),
    ],
)
def test_what_the_buyer_cannot_have_or_go_through_again_is_what_rides_on_a_deadline(spacy_pass, text, stakes):
    cues = features(spacy_pass, "buyer", text).cues
    assert "urgency_statement" in cues
    assert ("urgency_stakes" in cues) is stakes


@pytest.mark.parametrize(
    ("text", "stakes"),
    [
        # the deadline said as the condition of the whole thing is what rides on it
        ("the open day is in may and if this isn't running by april we'll leave it till next year", True),
        ("If it's not in before the summer, we just won't bother.", True),
        # a point in the calendar with no condition on it is none
        ("We'd want it running by April, ideally.", False),
        # the problem still there at the deadline, as the condition of what follows; a condition on
        # something else is none
        ("Term starts in September. If the timetable is still on paper by then, I'm off.", True),
        ("if we're still doing the rota by hand at christmas we sink", True),
        ("In March, if that's still okay with you.", False),
        ("If the price is still the same in April, we'll go ahead.", False),
    ],
)
def test_a_deadline_said_as_the_condition_of_the_whole_thing_is_what_rides_on_it(spacy_pass, text, stakes):
    cues = features(spacy_pass, "buyer", text).cues
    assert "urgency_statement" in cues
    assert ("urgency_stakes" in cues) is stakes


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        # the buyer needs the fix in place by a time, said of themselves or of it
        ("Honestly I need the bookings sorted before February.", True),
        ("our owner wants it properly running by the spring", True),
        ("the new pitch opens in May, so it has to be live before then", True),
        ("we need to get it working before christmas", True),
        # ... or needs a fix not yet named, something or one, by then
        ("Honestly we just need something proper before the spring show.", True),
        ("i need something in place before easter or were swamped", True),
        ("we need one before the season opens in may", True),
        ("i need something new by the autumn sales really", True),
        # ... or asks, in passing, whether it can be in place by then
        ("Could it be up and running by the first of March? That's when the inspectors come.", True),
        ("would it be live before easter do you think", True),
        ("can this be in the shop by april cos thats our busy month", True),
        ("will it be on the boats before the spring", True),
        ("Can we have it set up before the new year?", True),
        ("could you get it all running by the autumn", True),
        # ... or says whatever they pick has to be in place by then
        ("whatever we go with has to be running ahead of the autumn", True),
        ("Whichever one we pick needs to be live by March.", True),
        ("anything we buy has got to be in before easter", True),
        # ... or needs the goods themselves by then
        ("i need them before the autumn fair", True),
        ("We need these before the wedding season.", True),
        ("need em before christmas really", True),
        ("I need them to ring me back before March.", False),
        ("I don't need those before the spring.", False),
        # negated, or nothing to put in place, is none
        ("We don't need it live by March, there's no rush.", False),
        ("I need you to send it over by March.", False),
        ("We don't need anything before March.", False),
        ("I need to think about it before spring.", False),
        ("We need someone to ring us before the show.", False),
        ("Could it be cheaper by March?", False),
        ("Could you send the quote over by March?", False),
        ("can we have a chat before easter", False),
        ("Could it be that the April invoice is wrong?", False),
        ("whatever we do has to be cheap before anything else", False),
        ("It can't be live before March, can it?", False),
    ],
)
def test_the_fix_needed_in_place_by_a_time_is_marked(spacy_pass, text, needed):
    assert ("urgency_needed_by" in features(spacy_pass, "buyer", text).cues) is needed


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        # a figure the buyer has in the plan or in their head, or a budget given them to keep to
        ("We've got forty in the plan for the new tills.", True),
        ("honestly i had seventy in my head", True),
        ("The trustees have given me a figure to work to. Two thousand for the year.", True),
        ("There are twenty users in the plan.", False),
        ("I'll work it into the plan for next year.", False),
        # a figure signed off for the buyer; things signed off, or who signs off, are no budget
        ("We've got eighteen thousand signed off for the new tills, and you're at twenty.", True),
        ("honestly we got nine grand signed off", True),
        ("There were twenty orders signed off last week.", False),
        ("I've had two quotes signed off this year.", False),
    ],
)
def test_a_figure_in_the_plan_to_work_to_or_signed_off_is_budget_information(spacy_pass, text, budget):
    assert ("budget_statement" in features(spacy_pass, "buyer", text).acts) is budget


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        # the rep remarking on the buyer's video, or recapping, shows nothing now
        ("Morning! I can see a fishing rod behind you, so you're at the lake?", True),
        ("just so we're on the same page, it's the rota, the payroll export and the app in one", True),
        ("This is the rota board, each shift is a card.", False),
    ],
)
def test_what_the_rep_sees_or_recaps_starts_no_demo(spacy_pass, text, vetoed):
    assert ("demo_start" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "pitch"),
    [
        ("so just so we're on the same page it's the booking site the reminders and the payments in one", True),
        ("to recap, it's the rota app, and the payroll export on top", True),
        ("just so we're on the same page, it's your numbers from last week", False),
    ],
)
def test_the_product_recapped_after_its_is_a_pitch(spacy_pass, text, pitch):
    assert ("solution_pitch" in features(spacy_pass, "rep", text).acts) is pitch


@pytest.mark.parametrize(
    ("text", "demo"),
    [
        ("so what you're looking at now is the the rota grid, each nurse is a row", True),
        ("what youre looking at now is the shift board", True),
        ("What you're looking at is a big change for the team.", False),
    ],
)
def test_what_the_buyer_is_looking_at_now_is_pointed_at(spacy_pass, text, demo):
    assert ("demo_start" in features(spacy_pass, "rep", text).acts) is demo


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        # the most the buyer will spend, said as their ceiling or limit
        ("Before we go any further, twelve thousand a year is my ceiling.", True),
        ("our ceiling is about six grand for the lot", True),
        ("The ceiling in the old barn is too low for the racking.", False),
        # what the buyer pays someone now, a figure a month or a year; what they are paid is none
        ("I pay him about two hundred a month to do the rota by hand.", True),
        ("the bigger clients pay us about ninety a month each", False),
    ],
)
def test_a_ceiling_or_what_the_buyer_pays_someone_is_budget_information(spacy_pass, text, budget):
    assert ("budget_statement" in features(spacy_pass, "buyer", text).acts) is budget


@pytest.mark.parametrize(
    ("speaker", "text", "step"),
    [
        # a call promised in the words people ring with
        ("rep", "lovely, i'll give you a ring then", True),
        ("buyer", "after the show give us a bell", True),
        ("rep", "I'll give you ten percent off the first year.", False),
        ("rep", "fair enough, if anything changes give me a shout", False),
        # the matter taken up again
        ("rep", "ok so lets go over it again on the ninth", True),
        ("rep", "Let's look at the stock screen for a second.", False),
        # raw ASR's "ill" and "lets", and a meeting said as what the two sides should do
        ("rep", "right so ill resend it with the discount taken off", True),
        ("rep", "so lets um lets catch up after the harvest", True),
        ("rep", "Then we should regroup once the auditors have gone.", True),
        ("rep", "We should talk about what the vans cost you.", False),
        # a promise to come back with an answer, or a visit on a day
        ("buyer", "scrap that, I'll find out when she's free and let you know.", True),
        ("buyer", "ill let you know once the vet's been", True),
        ("rep", "ill come to the barn on friday at nine and we load your herd in", True),
        ("rep", "I'll pop over Thursday morning with the forms.", True),
        ("buyer", "Let me know if that changes.", False),
        ("rep", "I came over on Tuesday and nobody was in.", False),
        ("rep", "I'll come to the pricing in a minute.", False),
    ],
)
def test_next_steps_said_as_people_say_them(spacy_pass, speaker, text, step):
    assert ("next_step" in features(spacy_pass, speaker, text).acts) is step


@pytest.mark.parametrize(
    ("text", "specific"),
    [
        # a weekday that says which of the buyer's things is meant is no day of a step
        ("I can put together a sheet with the Saturday shifts on it.", False),
        ("I'll send over our Friday rota.", False),
        # a meeting on that day keeps its day
        ("Shall we keep the Thursday call at ten?", True),
        ("I'll send it Thursday morning.", True),
    ],
)
def test_a_weekday_naming_a_kind_of_thing_is_no_date(spacy_pass, text, specific):
    assert (features(spacy_pass, "rep", text).date == "specific") is specific


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("so if you tap members that's where everyone who's signed up appears", True),
        ("this list is every volunteer who signed in today", True),
        ("who signs off on something like this", False),
    ],
)
def test_signing_on_or_up_is_no_sign_off(spacy_pass, text, vetoed):
    assert ("committee_question" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # the rate from before a rise or a trial, asked for
        ("Is there any chance we could stay on last year's rate?", True),
        ("the club asked me whether you'd keep us on the old price for one more season", True),
        ("Could we have the first six months at the trial price?", True),
        # where the buyer is, or was, is no request
        ("We're still on last year's rate until April.", False),
        ("We had it at the trial price for the first month.", False),
        ("Can we keep the same engineer on the account?", False),
    ],
)
def test_asking_for_the_rate_from_before_is_a_discount_request(spacy_pass, text, asked):
    assert ("discount_request" in features(spacy_pass, "buyer", text).acts) is asked


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        # too much of a thing the buyer has, not of the price
        ("Too much of it, that's our trouble in March.", True),
        ("Rain? We get too much of that on the coast.", True),
        ("Too much, I'm afraid.", False),
        ("That's too much of a jump for a club our size.", False),
    ],
)
def test_too_much_of_a_thing_is_no_pushback(spacy_pass, text, vetoed):
    assert ("price_pushback" in features(spacy_pass, "buyer", text).vetoes) is vetoed


@pytest.mark.parametrize(
    "text, answers",
    [
        # whose decision it is
        ("Honestly it's my call, but my wife keeps the books.", True),
        ("thats our decision really", True),
        ("Our treasurer gets the final word on it.", True),
        # who signs, decides or approves
        ("My partner okays the big orders.", True),
        ("the trustees decide, I just count the pennies", True),
        # nobody else in it
        ("No, it's just me.", True),
        ("nobody else, only us", True),
        # someone who has to see it first
        ("She'll want to see it before we go ahead.", True),
        # whom the purchase goes to
        ("Anything over a thousand a year goes to the trustees' meeting.", True),
        ("anything over what ive got goes upstairs to him", True),
        ("The parcels go to the depot first.", False),
        ("yeah he'd need to look at it first", True),
        ("shell want to see it", True),
        # whose it is, the owner alone as the answer, or two of them in it
        ("Mine. The bank manager sees the accounts later.", True),
        ("ours really, the committee just nods it through", True),
        ("Both of us. Fifty-fifty.", True),
        ("the two of us, me and Dev", True),
        ("We both do, it's a partnership.", True),
        # whose thing, not whose call
        ("Mine's the blue van out front.", False),
        ("Ours is the one on the corner.", False),
        ("Both vans are in for a service.", False),
        # no word of who decides, and the speaker's own looking
        ("i want to go over my own figures first", False),
        ("Uploading our own files costs extra.", False),
        ("We open at nine most days.", False),
        ("The van's in the garage till Thursday.", False),
        ("Fine, send it over.", False),
    ],
)
def test_an_answer_saying_who_decides(spacy_pass, text, answers):
    assert ("committee_answer" in features(spacy_pass, "buyer", text).cues) is answers


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # the rep's reply takes the buyer's words as its premise and plans around a point in the calendar
        ("Then let's make sure the racks are in before April.", True),
        ("Understood. Then we'll aim to have you running by mid March.", True),
        ("then we get you set up in february", True),
        ("Right then, let's get the trial loaded for May.", True),
        ("ok then we start you in january", True),
        ("In that case we'll have you going before the spring.", True),
        # ... or as exactly what the product answers
        ("Then that's exactly the job the survey does.", True),
        ("Then that's exactly where we'll start.", True),
        ("ok then thats exactly the bit to show you", True),
        # a reply that only moves on, "then" inside a sentence, and "back then"
        ("Then let me get the screen up.", False),
        ("Right then, let's get started.", False),
        ("It prints the label and then sends the invoice in March.", False),
        ("Back then we were all on paper before Christmas.", False),
        ("It does exactly that.", False),
    ],
)
def test_the_reps_reply_that_takes_the_buyers_words_as_its_premise_is_the_cue_of_it(spacy_pass, text, cue):
    assert ("urgency_taken_up" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I couldn't say what Pulpwise are like these days, that was long before I joined.", True),
        ("Honestly, I can't say what they're like these days.", True),
        ("honestly i cant say what theyre like anymore", True),
        ("I can tell you what it's like on our side.", False),
        ("I couldn't tell you the lead time offhand.", False),
    ],
)
def test_the_rep_declining_to_say_what_a_rival_is_like_is_the_cue_of_a_word_declined(spacy_pass, text, cue):
    assert ("rival_declined" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("You'll know Quillmark, most shops start there.", True),
        ("you'll have heard of Tabstack by now", True),
        ("You'll probably look at Hitchly too, most yards do.", True),
        ("You might come across Crumbly at the show.", True),
        ("You may know the Kilnwise controller from the show.", True),
        # ... or will have a price from it
        ("You've probably had a price off Fenwick as well.", True),
        ("you've likely had a price off Tallyhop by now", True),
        # ... and as raw ASR writes it, with no capitals
        ("you might have seen mossfield theyre on all the stalls", True),
        ("youll have heard of tabstack", True),
        ("youve probably got a price from brightline already", True),
        ("You'll see Monday's rota at the top.", False),
        ("You'll know by Friday.", False),
        ("you'll know the screen already", False),
        ("You'll have a quote from me by Friday.", False),
        ("you'll get a price from the office tomorrow", False),
        ("you might have heard about it already", False),
        ("youll have seen the dashboard", False),
    ],
)
def test_the_rep_naming_a_firm_the_buyer_will_meet_is_the_cue_of_a_rival_anticipated(spacy_pass, text, cue):
    assert ("rival_anticipated" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    ("speaker", "text", "cue", "expected"),
    [
        # a sum of money in the buyer's turn: money words, a money figure, a bare figure for a stretch of time
        ("buyer", "roughly two grand i think", "budget_answer", True),
        ("buyer", "Jo's number was eighty a month, give or take.", "budget_answer", True),
        ("buyer", "Seven fifty for the year, that's the lot.", "budget_answer", True),
        ("buyer", "eighty a week tops", "budget_answer", True),
        # a bare figure for a stretch of time gone by, told from the books
        ("buyer", "Checked the books: about three thousand six hundred last year.", "budget_answer", True),
        ("buyer", "nine hundred this season so far", "budget_answer", True),
        ("buyer", "roughly twelve hundred last quarter i think", "budget_answer", True),
        ("buyer", "3,600 last year, give or take", "budget_answer", True),
        ("buyer", "We did two hundred bookings last year.", "budget_answer", False),
        ("buyer", "I was there at nine last year, too.", "budget_answer", False),
        ("buyer", "We haven't really talked about it yet.", "budget_answer", False),
        ("buyer", "Twelve of us, and two vans.", "budget_answer", False),
        # the rep asking for a count, a frequency or a length
        ("rep", "How many orders do you get a week?", "count_question", True),
        ("rep", "how often does that happen", "count_question", True),
        ("rep", "How long does a stock count take you?", "count_question", True),
        ("rep", "Did you two land on a number in the end?", "count_question", False),
        ("rep", "How much were you thinking of putting in?", "count_question", False),
    ],
)
def test_a_sum_in_the_answer_and_a_question_of_a_count(spacy_pass, speaker, text, cue, expected):
    assert (cue in features(spacy_pass, speaker, text).cues) is expected


@pytest.mark.parametrize(
    ("speaker", "text", "cue", "expected"),
    [
        # the rep saying a sum back: a figure for a stretch of time, in money words, in thousands
        ("rep", "So you pay, what, forty a week for the old one?", "sum_said_back", True),
        ("rep", "Is it still about two grand you've set aside?", "sum_said_back", True),
        ("rep", "is six thousand still what the trust has put by", "sum_said_back", True),
        ("rep", "How many parcels go out, forty a week?", "sum_said_back", True),
        ("rep", "Are there still six thousand visitors a year?", "sum_said_back", False),
        ("rep", "So nine hundred tulips through the two shops, is it?", "sum_said_back", False),
        ("rep", "Which tool keeps your rota these days?", "sum_said_back", False),
        # the buyer's sentence opening with a figure, bare or after a hedge or a yes
        ("buyer", "Fifty-five these days. It went up.", "figure_answer", True),
        ("buyer", "More like seventy, honestly.", "figure_answer", True),
        ("buyer", "Yes, six, near enough.", "figure_answer", True),
        ("buyer", "We pay them fifty-five these days.", "figure_answer", False),
        ("buyer", "Yes, that's about right.", "figure_answer", False),
        # the rep asking what the buyer charges their own customers
        ("rep", "What do you charge for a service call, roughly?", "own_rate_question", True),
        ("rep", "and whats your day rate for a survey", "own_rate_question", True),
        ("rep", "What do you pay for that today?", "own_rate_question", False),
    ],
)
def test_a_sum_said_back_by_the_rep_and_an_answer_opening_with_a_figure(spacy_pass, speaker, text, cue, expected):
    assert (cue in features(spacy_pass, speaker, text).cues) is expected


@pytest.mark.parametrize(
    "text, executive",
    [
        # the business said to be the speaker's, called what it is, with or without the 's
        ("The kennels are mine, have been since 2004.", True),
        ("the shop's mine so I'm the one you need", True),
        ("yeah the bakerys mine so ill be signing", True),
        ("stall's all mine, every inch", True),
        ("its been mine going on thirty years", True),
        ("Garage has been mine since ninety one.", True),
        # what else the speaker calls theirs owns no business
        ("No, the fault's mine, I gave you the wrong date.", False),
        ("The decision's mine in the end.", False),
        ("that blue one's mine", False),
        ("it's mine to sign off, but the owner pays", False),
        ("Anything under five grand, it's mine, but I still have to explain it.", False),
        ("that spot's been mine all morning", False),
    ],
)
def test_the_business_called_the_speakers_own_is_an_executive(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the speaker and someone else, family or named, own, run or started it
        ("me and kit own it so we both sign", True),
        ("me and my cousin rosa run this, she does the books", True),
        ("Me and my wife Jan started this, so we'll both want a look.", True),
        ("me and dee run the stall at weekends", True),
        ("me and my mate tom bought the yard off his uncle", True),
        # a piece of work, a shift, or the staff
        ("me and Jo started it last week, the trial", False),
        ("me and Jo run this shift on Sundays", False),
        ("me and the team run the rota", False),
        ("me and Jo run the till", False),
        ("me and him set up the printer", False),
        # run together, but the business given to someone else
        ("me and my uncle run it but its his garage really", False),
        ("Me and my wife run it, but it's her bakery really.", False),
    ],
)
def test_a_business_the_speaker_owns_or_runs_with_someone_is_theirs(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the owners named together, then the business said to be theirs
        ("me and my cousin, so it's all ours", True),
        ("me and rob the joiner its ours", True),
        ("just me and Kay, it's all ours", True),
        ("yeah the garage is ours, has been since 2006", True),
        ("the yards ours now", True),
        ("its ours between the two of us", True),
        ("it's our shop, both of us", True),
        # the owners said as who started, own or run it, the speaker among them
        ("it was me and my brother who started the brewery", True),
        ("it was him and me who opened the bakery", True),
        ("it's me and Jo that own it really", True),
        # owning it together, the business called by its name
        ("we own copper beck together", True),
        ("me and Sal, we own Harbour Lights between us", True),
        # had or owned the business since a year or for years, or took it over years ago
        ("weve had the bakery since two thousand and one", True),
        ("we've owned the farm twenty odd years", True),
        ("i have had the bakery for about thirty years", True),
        ("I took it over eleven years ago when dad retired", True),
        ("we took the shop over about twelve years back", True),
        # a job, a chance, a thing or the team's; "our shop" alone names no owner
        ("me and the team, it's ours to fix", False),
        ("me and the lads its ours to win", False),
        ("the van's ours", False),
        ("the decision is ours", False),
        ("its our brewery", False),
        ("it's our problem, the two of us", False),
        ("it's me and the team who run the rota", False),
        ("it was me and him that started the trial", False),
        ("we own the data between us", False),
        ("we own two vans together", False),
        ("I've had the van since March", False),
        ("I've had the job two years", False),
        ("I took it over to the depot two days ago", False),
    ],
)
def test_the_business_said_to_be_the_speakers_with_others_or_for_years_is_theirs(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # a title given to someone on the call, the 's run in by raw ASR
        ("kerrys joining us today shes the owner", True),
        ("dev is joining us hes the c e o", True),
        ("marta dialled in today shes the founder", True),
        # a title of someone away or who only signs
        ("yeah shes the owner", False),
        ("hes our general manager so he signs", False),
        ("dans the owner but hes off sailing till march", False),
        # no title
        ("hes our general dogsbody", False),
        ("shes our bookkeeper", False),
    ],
)
def test_a_title_said_with_the_s_run_in_by_raw_asr(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # the speaker started it in a year long past, or a number of years ago
        ("I set it up in 2011 with one borrowed van.", True),
        ("i started it back in two thousand and four", True),
        ("I opened it in ninety six, so I've seen a few systems come and go.", True),
        ("I set it up nine years ago and I still do the books.", True),
        ("i started this about twenty years back", True),
        # the week's work, or a time that is no year
        ("I set it up in two minutes, it was easy.", False),
        ("I started it in March, the new rota.", False),
        ("I set it up two weeks ago on the shop laptop.", False),
        ("I started it a minute ago, it's still loading.", False),
    ],
)
def test_starting_it_years_ago_is_the_speakers_business(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # a week or another stretch of a month counted out is no day
        ("We can't look at it till the second week back after Easter.", "vague"),
        ("the board sits by the second week of march so after that", "vague"),
        ("I'll have it to you in the last week of term.", "vague"),
        ("Let's aim for the first weekend in May.", "vague"),
        # a day of the month, or a weekday counted out in a month, keeps its day
        ("I'll have it with you by the first of March.", "specific"),
        ("Let's meet on the third Thursday in February.", "specific"),
        ("send it over by the fourteenth", "specific"),
    ],
)
def test_a_week_counted_out_in_a_month_is_no_day(spacy_pass, text, date):
    assert features(spacy_pass, "buyer", text).date == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # the day just proposed said back, then the step put off to a later time with no day
        ("Tuesday the ninth? No, leave it till the harvest's in, I'll ring you.", None),
        ("Thursday? Actually, leave it until the quotes are in.", None),
        ("the twelfth um no hold off till ive seen the accounts", None),
        ("Friday... let's talk again once the busy spell's over.", "vague"),
        # a day said after it, or the step left till the day just agreed, keeps the day
        ("Let's leave it till Friday then, I'll ring you at ten.", "specific"),
        ("Friday works, leave it till then and I'll send the form.", "specific"),
        ("Hold off till the audit, then let's meet on the twentieth.", "specific"),
    ],
)
def test_a_day_said_back_and_put_off_to_later_dates_nothing(spacy_pass, text, date):
    assert features(spacy_pass, "buyer", text).date == date


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        # a one-off sum the speaker has just paid for something of their own, told in passing
        ("we just spent about two hundred on a new boiler part so dont ask", False),
        ("I just spent forty pounds on a new phone charger, daylight robbery.", False),
        ("Just forked out ninety quid for a parking fine, don't ask.", False),
        ("i just paid like twelve quid for a sandwich and a coffee", False),
        # what the business pays or spends on the problem stands
        ("We pay about two hundred and ten a month for the diary software now.", True),
        ("we just paid seven forty for the year on the old till system", True),
        ("Last year we paid four thousand for the old software.", True),
    ],
)
def test_a_sum_just_paid_for_one_thing_in_passing_is_no_budget(spacy_pass, text, budget):
    assert ("budget_statement" in features(spacy_pass, "buyer", text).acts) is budget


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # who signs for the buyer's side, or has to be happy with the deal before it goes ahead
        ("Who's signing on your end, just you or your partner as well?", True),
        ("who signs on behalf of the council is it you", True),
        ("Right, and who has to be comfortable with this on your side?", True),
        ("so um who else would need to be ok with it then", True),
        ("Who else would need to be comfortable with it before we go on?", True),
        ("Who has to be on board before you sign?", True),
        # signing on is registering, and being happy with a thing of the product is a user's taste
        ("Is this everyone who's signed on for the spring league?", False),
        ("So every volunteer who signs on gets a text?", False),
        ("Who needs to be on the rota that weekend?", False),
        ("Who'd be happy with the blue, do you think?", False),
    ],
)
def test_who_signs_for_the_buyer_or_has_to_be_happy_with_the_deal(spacy_pass, text, asks):
    assert ("committee_question" in features(spacy_pass, "rep", text).acts) is asks


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        # the speaker and family or a friend, named or not, set the business up some years ago
        ("me and my cousin set it up about nine years ago", True),
        ("Me and my brother started it about twenty years back.", True),
        ("me and my mate built the place up eight years ago", True),
        ("Me and my dad founded the business over thirty years ago.", True),
        # set up or started something else, or not long ago
        ("me and my son set the laptop up about ten minutes ago", False),
        ("Me and my wife started the course two weeks ago.", False),
        ("Me and my mate started the allotment three weeks ago.", False),
    ],
)
def test_an_owner_without_a_title_set_the_business_up_years_ago(spacy_pass, text, owner):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is owner


@pytest.mark.parametrize(
    ("text", "echoed"),
    [
        # the goodbye says the day of the step agreed back as "then"
        ("cheers Mo, catch you then", True),
        ("Right you are. See you then, Bryony.", True),
        ("Perfect, talk to you then.", True),
        ("ok catch you both then", True),
        # no day said back
        ("Speak soon then, bye.", False),
        ("Then I'll see you at the show.", False),
        ("right then, speak soon", False),
    ],
)
def test_a_goodbye_saying_then_says_the_day_of_the_step_back(spacy_pass, text, echoed):
    assert features(spacy_pass, "rep", text).date_echoed is echoed


@pytest.mark.parametrize(
    ("text", "checks", "recalls"),
    [
        # the rep checks a month with the buyer, recalling what the buyer told them
        ("Last time you said the refit's pencilled for April, correct?", True, True),
        ("the inspection you mentioned, that's June, yeah?", True, True),
        ("You told me on the phone it's still October, correct?", True, True),
        ("when we spoke the show was March, wasn't it?", True, True),
        # a month asked about with nothing recalled, a recall with no month checked, and a month said in passing
        ("So we'd get you started in April, right?", True, False),
        ("You mentioned the two vans, is that right?", False, True),
        ("April, right, let me share my screen.", False, False),
    ],
)
def test_the_rep_checking_a_month_the_buyer_gave_before_is_marked(spacy_pass, text, checks, recalls):
    cues = features(spacy_pass, "rep", text).cues
    assert ("urgency_date_check" in cues) is checks
    assert ("urgency_recalled" in cues) is recalls


@pytest.mark.parametrize(
    "text, claims",
    [
        # whatever the buyer calls the business, said to be theirs
        ("Nobody else. It's my chandlery.", True),
        ("It's my little boatyard, so yes.", True),
        ("this is my glasshouse and nobody signs but me", True),
        # a decision, money, a job, a part of the business or someone else's thing owns nothing
        ("It's my call, really.", False),
        ("it's my budget so I'd say yes", False),
        ("It's my department that pays for it.", False),
        ("it's my team's decision in the end", False),
        ("It's my job to sort this out.", False),
        ("It's not my shop, it's Carys's.", False),
        # said for a pair or a team, a place they may run rather than own
        ("it's our yurt field so us two really", False),
        # a recommendation is a say in the decision, not the business
        ("well it's my recommendation they read first, that's all", False),
    ],
)
def test_calling_something_theirs_is_the_cue_of_a_business_claimed(spacy_pass, text, claims):
    assert ("business_claimed" in features(spacy_pass, "buyer", text).cues) is claims


@pytest.mark.parametrize(
    "text, answers",
    [
        ("yeah I'm the one that okays anything we buy", True),
        ("We're the ones that decide, the pair of us.", True),
        ("I'm the one that signs for the whole lot.", True),
        ("I'm the one who trains the new starters on it.", False),
        ("she was the one who said yes last spring", False),
    ],
)
def test_the_one_who_decides_answers_who_decides(spacy_pass, text, answers):
    assert ("committee_answer" in features(spacy_pass, "buyer", text).cues) is answers


@pytest.mark.parametrize(
    "text, executive",
    [
        ("so its my little studio, me and a part timer", True),
        ("It's my small forge out the back of the house.", True),
        ("it's my little secret", False),
    ],
)
def test_the_business_called_the_speakers_own_with_a_word_of_its_size(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # unpunctuated speech runs a statement on after a negated one: the negation is of the first
        ("the delivery was not great we own the kiln together so we both sign", True),
        ("the last order was not right we own the garage between us", True),
        # a clause the negation does reach, or joined to it with "that", stays negated
        ("I'm not sure we own the kiln together", False),
        ("it's not true that we own the garage together", False),
    ],
)
def test_a_negated_statement_run_on_before_an_owners_own_does_not_negate_it(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, executive",
    [
        # a veto of someone else's absence, run on in one sentence, leaves the speaker's own claim
        ("we own the yard together and hes got the books but he isn't on this call", True),
        ("I'm the owner, but Priya isn't here today, she runs the accounts.", True),
        ("we own the yard together he's away this week though", True),
        # the speaker's own absence, or a title of someone away, is vetoed as before
        ("she's the owner and she's away till monday", False),
        ("I'm the owner but I'm not on the call after ten", False),
    ],
)
def test_a_veto_said_of_someone_else_leaves_the_speakers_own_claim(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "speaker, text, step, unnamed",
    [
        # the step handed to someone nobody names is a step all the same, owned by nobody
        ("rep", "Somebody from our bookings desk will phone you on the ninth about the fitting.", True, True),
        ("buyer", "somebody at the depot will drop the paperwork round monday", True, True),
        # someone who will only decide or grumble hands over no step
        ("buyer", "Somebody will grumble about the colour, they always do.", False, True),
        ("buyer", "someone else will have to decide that", False, False),
    ],
)
def test_a_step_handed_to_someone_unnamed_is_a_step_nobody_owns(spacy_pass, speaker, text, step, unnamed):
    found = features(spacy_pass, speaker, text)
    assert ("next_step" in found.acts) is step
    assert found.owner_unnamed is unnamed


@pytest.mark.parametrize(
    "text, owner",
    [
        # raw ASR's "ill" opening a clause before any action, however the tagger takes the action
        ("how about the fourth then and ill upload your price list beforehand", "rep"),
        ("so ill measure the wall on the day", "rep"),
        # being unwell, or only thinking it over, commits to nothing
        ("sorry shes been ill since sunday", None),
        ("and ill think it through once the kids are in bed", None),
    ],
)
def test_raw_asr_ill_before_any_action_is_the_speaker_committing(spacy_pass, text, owner):
    assert features(spacy_pass, "rep", text).owner == owner


@pytest.mark.parametrize(
    "text, budget",
    [
        ("Between us we could go to around three hundred a year, no more.", True),
        ("i'd go to ninety a month for that honestly", True),
        # a count of things, or somewhere to go, is no sum
        ("We go to about five craft markets a year.", False),
        ("we could go to the trade show in march", False),
    ],
)
def test_how_far_the_buyer_could_go_is_a_budget(spacy_pass, text, budget):
    assert ("budget_statement" in features(spacy_pass, "buyer", text).acts) is budget


@pytest.mark.parametrize(
    "text, executive",
    [
        # the business called the speakers' together, with a break or whose it is after it
        ("Honestly it's our company, mine and my cousin Ravi's.", True),
        ("its our firm me and dad so we both sign", True),
        ("It's our business — so both of us get a vote.", True),
        ("yeah its our company we set it up after college", True),
        # the same words as a duty, a kind of thing, or what suffers, claim nothing
        ("It's our business to keep riders safe on the water.", False),
        ("it's our company policy, sorry", False),
        ("It's our business that pays when the printer jams.", False),
        # owning the business said as a gerund in passing; a task or a thing owned is no business
        ("No lie-ins, that's the price of owning the business.", True),
        ("the upside of owning this firm is nobody tells me off", True),
        ("Owning the rollout was my job last spring.", False),
        ("the cost of owning the van adds up", False),
        # owned half each
        ("we own the mill half each", True),
        ("We own half the shares in the co-op.", False),
    ],
)
def test_the_business_called_ours_or_owning_it_said_in_passing_is_an_executive(spacy_pass, text, executive):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is executive


@pytest.mark.parametrize(
    "text, present",
    [
        # a third-person title with the absence said of the same person in the next sentence
        ("She's our chief financial officer. She can't join today.", False),
        ("Ray's the owner, but he won't join, he's fishing.", False),
        ("He is our president. He's away at the coast.", False),
        # the person joining, or someone else away beside the speaker's own title
        ("She's our chief financial officer. She's joining from the car.", True),
        ("I'm the owner. My foreman can't make it today.", True),
    ],
)
def test_an_absence_said_straight_after_a_third_person_title_is_that_persons(spacy_pass, text, present):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is present


@pytest.mark.parametrize(
    "text, claimed",
    [
        ("we bought the chandlery eight years ago and the say is ours", True),
        ("I bought the old tannery twelve years back.", True),
        ("We bought the licence last month.", False),
        ("we bought the kit from a dealer", False),
    ],
)
def test_buying_something_years_ago_is_a_claim_on_the_business(spacy_pass, text, claimed):
    assert ("business_claimed" in features(spacy_pass, "buyer", text).cues) is claimed


@pytest.mark.parametrize(
    "speaker, text, executive",
    [
        # a small firm's owner by the other words for it; a principal of a trade is a rank, not the owner
        ("buyer", "Morning. I'm the proprietor, so the cheques are mine.", True),
        ("buyer", "Wyn's the proprietor, he'll want the numbers.", True),
        ("buyer", "Sorry, she's our principal, she runs the whole academy.", True),
        ("rep", "So you're the proprietor there?", True),
        ("buyer", "I'm the principal surveyor, our director signs for it.", False),
        ("buyer", "she's our principal architect, she'll use it most", False),
        # the proprietor away or sending the speaker stays as someone talked about
        ("buyer", "The proprietor asked me to get a few prices.", False),
        # one of the partners who own the firm, said with 'the'; a partner at home or one of many is not
        ("buyer", "yeah i'm the partner, me and jess, so the money's on me", True),
        ("buyer", "We're the partners, Ravi and me, nobody else.", True),
        ("buyer", "My partner looks after the accounts at home.", False),
        ("buyer", "I'm a partner at a big practice, one of forty.", False),
        ("buyer", "I'm the partner's assistant, I book the diary.", False),
        # owning a business of a kind, said with 'a'; a thing owned is no business
        ("buyer", "I own a bicycle shop on the high street.", True),
        ("buyer", "I own a little pottery studio by the harbour.", True),
        ("buyer", "I own a van and a ladder, that's about it.", False),
        # the place called the speaker's and someone else's, with who owns it after it
        ("buyer", "This is our bistro, me and Rhodri, eight years now.", True),
        ("buyer", "its our shop me and my sister so we both decide", True),
        ("buyer", "It's our call, mine and Rhodri's, later on.", False),
        ("buyer", "It's our place, we love it here.", False),
        # someone said to be with the speaker and given the owner's title in the next breath, as raw ASR
        ("buyer", "ive got bryn with me hes the proprietor so fire away", True),
    ],
)
def test_a_small_firms_owner_by_another_word_for_the_title_is_an_executive(spacy_pass, speaker, text, executive):
    assert ("executive_intro" in features(spacy_pass, speaker, text).acts) is executive


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        # one of a counted few partners, or the business called theirs with the other owner named first
        ("Yes, I'm one of the three partners at the surgery.", True),
        ("We're two of the four partners, so between us we can agree it.", True),
        ("It's our bakery, hers and mine, has been since we left college.", True),
        # one of many partners, someone else's partner, and a call or a problem shared own no business
        ("I'm one of the partners, there are forty of us.", False),
        ("My partner is one of the two who'll use it.", False),
        ("It's our call, his and mine, once we've seen it.", False),
    ],
)
def test_a_partner_among_a_counted_few_or_the_business_called_theirs_and_anothers_is_an_owner(spacy_pass, text, owner):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is owner


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        # being a partner in it, or having started it, as a whole clause
        ("We're partners, so whichever of us answers can put a name to it.", True),
        ("I'm a partner in it with Dee, and we'd both look at it.", True),
        ("Nobody else, really. I founded it.", True),
        # someone else's partner, and a piece of work started, claim nothing
        ("My partner okays the big orders.", False),
        ("I started it last week and gave up halfway.", False),
    ],
)
def test_being_a_partner_or_having_started_it_is_the_cue_of_a_business_claimed(spacy_pass, text, claimed):
    assert ("business_claimed" in features(spacy_pass, "buyer", text).cues) is claimed


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # the rep asks whether the vendor ever put a fault right: the fault is taken for granted
        ("And did they ever sort the double charging out?", True),
        ("has it ever actually got the exports working", True),
        ("Did Tallyco actually refund the setup fee in the end?", True),
        ("Have they fixed the login bug on the tablets yet?", True),
        ("have they ironed out that two-hour sync delay yet", True),
        # ... asking what the buyer did, or what the vendor did that fixes nothing, takes no fault for granted
        ("Have you ever tried booking from your phone?", False),
        ("Did they ever ask about the price?", False),
        ("Have they got back to you yet?", False),
        ("They never sorted the double charging.", False),
    ],
)
def test_a_question_whether_the_vendor_ever_put_a_fault_right_is_cued(spacy_pass, text, cue):
    assert ("rival_fault_assumed" in features(spacy_pass, "rep", text).cues) is cue


@pytest.mark.parametrize(
    "text, vetoed",
    [
        ("so before i say anything about what we do is there a date you're working to on this", True),
        ("Before I tell you how it works, what happens if nothing changes?", True),
        ("before i get into what we do can i ask who's on the rota", True),
        ("so what we do is read every probe and alert you before it goes over", False),
    ],
)
def test_a_pitch_put_off_to_ask_first_is_vetoed(spacy_pass, text, vetoed):
    assert ("solution_pitch" in features(spacy_pass, "rep", text).vetoes) is vetoed


@pytest.mark.parametrize(
    "text, present",
    [
        ("yeah loud and clear uh declans on as well he owns the place hes just gonna listen in", True),
        ("Ray's with us, he owns the yard, so he'll want the final say.", True),
        # said of someone away, or what a person owns at work, takes no part
        ("Mr Blake's back on Monday, he owns the place, so he might sit in.", False),
        ("Dana's on too, she owns the budget for this.", False),
    ],
)
def test_someone_on_the_call_said_to_own_the_place_is_an_executive(spacy_pass, text, present):
    assert ("executive_intro" in features(spacy_pass, "buyer", text).acts) is present


@pytest.mark.parametrize(
    "speaker, text, cue",
    [
        ("rep", "Is it your shop, Shane, or are you running it for someone?", "ownership_asked"),
        ("rep", "are you the owner or the manager?", "ownership_asked"),
        ("buyer", "It's mine. Kovac Neon, me and four benders.", "ownership_claimed"),
        ("buyer", "yeah its all mine", "ownership_claimed"),
    ],
)
def test_whether_the_business_is_theirs_asked_and_answered_are_cues(spacy_pass, speaker, text, cue):
    assert cue in features(spacy_pass, speaker, text).cues


@pytest.mark.parametrize(
    "speaker, text, cue",
    [
        ("rep", "Is it your call or your partner's?", "ownership_asked"),
        ("buyer", "Mine's the blue van out front.", "ownership_claimed"),
    ],
)
def test_whose_call_or_whose_thing_is_no_ownership_cue(spacy_pass, speaker, text, cue):
    assert cue not in features(spacy_pass, speaker, text).cues


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Tuesday the sixteenth at half ten it is. I'm sending the invite to you and Ciarán now.", "rep"),
        ("monday the twenty third at nine im sending the invite now for you and lou", "rep"),
        # what the speaker does as a rule takes on nothing
        ("I'm sending invoices by hand every week now", None),
        # the invite for the step sent as the speaker talks
        ("Then I've just sent an invite for Friday at eleven, India time. Can you see it?", "rep"),
        ("ok ive just sent you an invite for wednesday at two can you see it", "rep"),
        ("I sent an invite last week, did it come through?", None),
    ],
)
def test_the_speaker_taking_the_action_on_as_they_speak_owns_it(spacy_pass, text, owner):
    assert features(spacy_pass, "rep", text).owner == owner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Then I've just sent an invite for Friday at eleven, India time, to go through the contract.", True),
        ("ive just sent you a calendar invite for thursday", True),
        ("We sent an invite to the whole team last month.", False),
    ],
)
def test_an_invite_just_sent_is_a_next_step(spacy_pass, text, expected):
    assert ("next_step" in features(spacy_pass, "rep", text).acts) is expected


def test_a_screen_shared_as_the_speaker_talks_owns_no_step(spacy_pass):
    assert features(spacy_pass, "rep", "Okay, I'm sharing my screen now. This is the build board.").owner is None
