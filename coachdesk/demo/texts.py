"""The demo practice's text banks: what clients say matters to them (with why, and how
a breach of it happened and landed), names, organisations, places, agendas, notes,
promises, feedback comments and phone formats.  Declarative tables only; the builder
draws from them with its random generators, so their order is part of the output."""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.domain.vocab import Category, Language, Trigger


@dataclass(frozen=True)
class _Statement:
    text: str
    category: Category
    importance: int
    triggers: tuple[Trigger, ...]
    keywords: str
    why: str
    what_happened: str
    how_it_landed: str
    sensitive: bool = False


def _statements(table: str) -> tuple[_Statement, ...]:
    """Parse the statement bank.

    Each entry is the client's words, then indented: "category importance [triggers]
    [sensitive] | keywords", the coach's note on why, and a breach of it: what
    happened (the coach's words) and how it landed (the client's).
    """
    entries: list[list[str]] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" "):
            entries[-1].append(line.strip())
        elif line.strip():
            entries.append([line.strip()])
    result = []
    for text_, meta, why, what, landed in entries:
        words, keywords = meta.split(" | ")
        category, importance, *rest = words.split()
        result.append(
            _Statement(
                text=text_,
                category=Category(category),
                importance=int(importance),
                triggers=tuple(Trigger(word) for word in rest if word != "sensitive"),
                keywords=keywords,
                why=why,
                what_happened=what,
                how_it_landed=landed,
                sensitive="sensitive" in rest,
            )
        )
    return tuple(result)


# What clients say matters to them, in their own words.  The first entry is a
# variant of the seed statement and is not drawn for the seed client.
_STATEMENTS: tuple[_Statement, ...] = _statements(
    """
Tell me before you bring anyone else in
    communication 3 guests | guest, three-way, manager
    Was caught off guard by a previous coach who brought HR into a session.
    {guest} joined the session and I hadn't told {name} beforehand.
    I walked in and there was someone else there. I spent the hour being careful.
If you say you'll send something, send it
    commitment 3 follow_up | send, article, template, notes
    Judges people by small promises; it's how they decide whom to rely on.
    Promised the article on delegation; sent it three weeks later.
    It's a small thing. That's exactly why it matters.
Start on time — my calendar is back to back
    commitment 2 timekeeping | time, calendar
    Every minute we start late comes out of the next meeting.
    Started {minutes} minutes late; my previous call overran.
    I lost that time at the other end of my day.
Don't share anything with my sponsor without asking me
    character 3 confidentiality | sponsor, report, progress
    The sponsor pays; the client needs to know the room is theirs.
    Told the sponsor {name} was "working on delegation" without asking first.
    That was mine to share, not yours.
Give it to me straight — I'd rather hear it from you than from my team
    communication 2 feedback | feedback, 360, honest
    Has been protected from bad news before and resented it.
    Softened the 360 themes so much that the main point got lost.
    I found out from my team what you'd left out.
Warn me before you give hard feedback; I need a minute to get ready
    connection 2 feedback | feedback, review, 360
    Freezes when surprised; with a minute's warning takes feedback well.
    Gave hard feedback on the presentation without any warning.
    It came out of nowhere. I needed a minute and didn't get one.
Don't move our sessions at short notice; I plan my week around them
    commitment 3 schedule_change | reschedule, calendar, week
    Protects this slot against a lot of pressure at work.
    Moved the session the evening before, by text.
    I'd cleared my morning for this. It felt like I was the easiest one to move.
Ask me before you record anything
    character 3 recording | record, recording, notes
    Worked somewhere where recordings were used against people.
    Started recording for supervision before asking.
    I felt watched and held back the real stuff.
Video is fine, but tell me if we're switching to the phone
    communication 1 place_change | video, phone, call, link
    Sets up a quiet room for video; a phone call means a different set-up.
    Rang {name}'s phone instead of starting the video call.
    I was sitting in a booked room in front of a screen.
I'd rather meet somewhere nobody from work will see us
    connection 2 place_change confidentiality sensitive | office, café, location
    Hasn't told the team about the coaching yet.
    Suggested the café next to {name}'s office.
    Two people from my team walked in. I couldn't think after that.
Finish when you say we'll finish. I've got pick-up at four
    commitment 2 timekeeping | time, school, pick-up, end
    Single parent; the afternoon is tightly planned.
    Ran 20 minutes over.
    I was late for pick-up. That can't happen.
Remember what I told you last time — I don't want to start from scratch
    connection 2 | last time, notes
    Read the notes before every session.
    Asked about the sister's wedding again; {name} had told me it was called off.
    I had to explain it all again. It made me wonder if you listen.
Don't put anything in writing to my company about what we discuss
    character 3 confidentiality follow_up | report, email, HR, writing
    The company asked for written progress reports once; the answer was no.
    Copied the HR contact into the follow-up email by mistake.
    Now it's on their system. I can't take that back.
Be clear about the invoice up front; surprises on fees kill it for me
    communication 2 fees | invoice, fees, budget
    Pays privately; money is tight this year.
    Added a travel charge to the invoice without mentioning it first.
    I found out from the invoice. Not great.
Tell me what the first session will look like so I can prepare
    communication 2 first_session | first, goals, intake
    Likes to prepare; walks in with notes.
    Jumped into the work in the first session without explaining how we'd work.
    I didn't know what I'd signed up for.
I want to know you've actually read the 360 before we talk about it
    competence 3 feedback | 360, report, feedback
    Spent a weekend with the report and expects the same care.
    Mixed up two themes from the 360 report.
    If you haven't read it properly, why should I trust your read of it?
Push me — I don't pay you to agree with me
    competence 2 feedback | challenge, stretch, push
    Gets bored when it's too comfortable.
    Let {name} talk their way out of the difficult conversation again.
    You let me off the hook. I'm paying you for the opposite.
Please don't cancel on me; if you must, call, don't email
    communication 2 schedule_change | cancel, call
    An email cancellation once felt like being dropped.
    Cancelled by email on the morning of the session.
    An email. After a year. It felt like being dropped.
Use my preferred name, especially in front of others
    connection 2 guests | name, introductions
    The formal name is for passports; it matters in front of colleagues.
    Used the formal name instead of {name} when introducing {guest}.
    Everyone there knows me by my name. It felt like a stranger was talking about me.
Don't make promises on behalf of my manager
    character 2 guests confidentiality | manager, three-way
    In the last three-way the manager heard things as commitments.
    Agreed in the three-way that {name} would take on the project lead.
    You committed me to something I hadn't agreed to.
When my manager joins, I want to speak first
    connection 2 guests | manager, three-way, sponsor
    Needs to set the frame before the manager does.
    Opened the three-way by summarising the progress myself.
    You framed it before I could. I ended up defending your version.
Check with me before you talk to HR
    character 3 confidentiality sensitive | HR, people team
    HR is involved in a restructuring that may affect the client.
    Called HR about the contract extension and mentioned the workload.
    I hadn't told HR any of that yet.
Send the summary the same day, while it's still fresh
    commitment 2 follow_up | summary, notes, email
    Re-reads the summary on the train home.
    Sent the session summary four days later.
    By then I'd forgotten half of it.
I need to be able to fall apart in here without it ending up in a report
    connection 3 confidentiality sensitive | report, sponsor
    A hard year at home; this is the one place to let it out.
    The progress note to the sponsor said "a difficult period personally".
    That line was about my private life. It wasn't yours to write.
Keep the phone calls short and to the point
    competence 1 place_change | phone, call
    Phone sessions happen between site visits.
    Let the phone call run to the full hour.
    I was standing in a car park for an hour.
Don't talk about my health in front of anyone
    character 3 guests confidentiality sensitive | health, sick leave
    Back from sick leave; only the manager knows why.
    Asked how {name}'s recovery was going with {guest} in the room.
    Nobody there knew. Now they do.
If you don't know something, say so
    character 2 | honesty, know
    Distrusts confident answers.
    Gave a confident answer about the pension rules that turned out to be wrong.
    I'd rather you'd said you didn't know.
I want a plan at the end of every session, not just a good conversation
    competence 2 | plan, actions, next steps
    An engineer: wants to leave with something to test.
    Ended without any actions; we ran out of time.
    A good chat, but I left with nothing to do differently.
Follow up on what I said I'd do — hold me to it
    commitment 2 follow_up | actions, homework, accountability
    Asked explicitly for accountability; it's part of the contract.
    Didn't ask about the delegation actions we'd agreed.
    If you don't care about it, why should I?
Tell me early if the budget for coaching runs out
    communication 2 fees | budget, contract, invoice, sponsor
    Had a programme stop mid-way once with no warning.
    Didn't mention the coaching budget had only two sessions left.
    The sponsor told me. I'd have planned the last sessions differently.
Ask before you share an article or a book with my team
    character 1 confidentiality follow_up | article, book, team
    The team doesn't know what the coaching is about.
    Sent {name}'s team the article on feedback culture.
    They asked me why my coach was emailing them.
Don't spring a new exercise on me when my manager is in the room
    connection 2 guests feedback | exercise, manager, three-way
    Wants to look prepared in front of the manager.
    Started the values exercise in the three-way with {guest}.
    I looked unprepared in front of my manager.
The camera stays off on Mondays. Don't take it personally
    connection 1 place_change | camera, video, Monday
    Mondays are the heaviest day.
    Asked {name} to turn the camera on, on a Monday.
    I told you why. It felt like you'd forgotten.
Be on the call before I am
    commitment 1 timekeeping | time, call, video, link
    Waiting in an empty video room feels like being forgotten.
    Joined the video call {minutes} minutes after {name}.
    I sat in an empty call wondering if I'd got the wrong day.
I'm not ready to talk about my father. I'll bring it up when I am
    connection 3 sensitive | family, father
    Mentioned once, at the intake. Leave it to the client.
    Asked about {name}'s father when we were talking about the CEO.
    I said I'd bring it up when I'm ready.
Don't compare me to other clients
    character 2 | compare, others
    A previous mentor did this a lot.
    Said another client had handled the same situation well.
    I'm not them. Now I wonder what you say about me.
Tell me what you'll do with the notes you take
    communication 2 recording confidentiality | notes, recording, data
    Works in data protection; asks these questions of everyone.
    Took notes on the laptop without saying where they go.
    I don't know who can read them.
Let me set the agenda; I know what's on fire this week
    connection 2 | agenda, priorities, week
    Prefers to lead; a pre-set agenda feels like a lesson plan.
    Came in with a prepared agenda and steered towards it.
    It felt like a lesson plan. The fire this week was somewhere else.
Use examples from my world, not from big tech
    competence 1 | examples, industry
    Works in the public sector; tech examples don't land.
    Used a start-up example again for a council budget problem.
    It doesn't translate. It makes me feel you don't know my world.
If we move it, move it properly — a new invite, not a chat message
    communication 2 schedule_change | invite, calendar, reschedule
    The assistant runs the diary from the invites.
    Moved the session in a chat message, not a new invite.
    My assistant didn't see it. I sat in the room at the old time.
Same time, same place, every fortnight — that routine is half the value
    commitment 2 schedule_change timekeeping place_change | routine, fortnight, time
    Routine is what is holding things together right now.
    Moved three sessions in a row to different times.
    The routine is what keeps me steady. It fell apart.
Don't bill me for a session I cancelled a week ahead
    character 2 fees schedule_change | invoice, cancel, fees
    The cancellation terms were unclear in the first contract.
    Invoiced a session {name} had cancelled a week ahead.
    It felt petty after everything.
Give me a minute to land at the start — don't dive straight in
    connection 1 | start, pace
    Comes straight from back-to-back meetings.
    Dived straight into the 360 before {name} had sat down.
    I was still in my last meeting in my head.
If my sponsor asks how it's going, send them to me
    character 3 confidentiality | sponsor, progress, report
    Wants to own the story of the coaching.
    Gave the sponsor a quick progress update in the corridor.
    The sponsor knew more about my coaching than I'd told them myself.
Meeting in person matters to me; screens wear me out
    connection 2 place_change | in person, video, screen
    Spends the whole day on video calls.
    Switched the session to video to suit my own schedule.
    Another screen. I was exhausted by the end.
When we start something new, explain why
    competence 1 first_session | exercise, method, why
    A scientist; trusts a method once the reasoning is clear.
    Started a visualisation exercise without explaining why.
    I went along with it but felt silly.
"""
)


def _names(block: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in block.split(",") if name.strip())


# Given names with the pronouns most people with them use (empty: either or neither).
_FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    (name, pronouns)
    for pronouns, block in (
        (
            "she/her",
            """
    Aisha, Ana, Anna, Astrid, Ayşe, Chiara, Chloé, Elif, Emma, Esther, Fatima, Giulia, Hana,
    Ifeoma, Ingrid, Isabel, Joana, Julia, Karin, Leila, Lucía, Marta, Maya, Nadia, Nora,
    Olga, Paula, Rania, Renée, Rosa, Ruth, Siobhán, Sofia, Thandiwe, Yara, Zainab, Zoë,
    Zsófia
""",
        ),
        (
            "he/him",
            """
    Andrés, Arjun, Ben, Björn, Carlos, Chinedu, Ciarán, David, Diego, Dmitri, Felix,
    François, Hassan, Jakub, James, Javier, João, Kaito, Kwame, Lars, Liam, Łukasz, Magnus,
    Malik, Matteo, Mohammed, Nikolai, Noah, Pablo, Rafael, Rohan, Sanjay, Tariq, Theo
""",
        ),
        ("", """Camille, Oluwaseun, Sam, Yuki, Alex, Robin"""),
    )
    for name in _names(block)
)

_LAST_NAMES: tuple[str, ...] = _names(
    """
    Abara, Adeyemi, Andersen, Bakker, Banerjee, Becker, Bianchi, Brennan, Castillo,
    Chowdhury, Costa, Dąbrowski, Eriksson, Fischer, Fitzgerald, García, Gómez, Gupta,
    Haddad, Hansen, Hernández, Horvat, Ibrahim, Jansen, Jovanović, Kaya, Kim, Kowalczyk,
    Lambert, Larsen, Lee, Lindqvist, Mahlangu, Martin, Moreau, Müller, Murphy, Nakamura,
    Nguyen, Novak, O'Connor, Okonkwo, Olsen, Osei, Papadopoulos, Park, Patel, Pereira,
    Petrov, Popescu, Quispe, Rahman, Reyes, Richter, Rossi, Santos, Schmidt, Silva, Singh,
    Sørensen, Tanaka, Thompson, van den Berg, Virtanen, Wiśniewski, Yılmaz, Zhang,
    Zimmermann, Ó Súilleabháin, Achterberg
"""
)

_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("Northwind Foods", "northwind.example"),
    ("Bluepeak Software", "bluepeak.example"),
    ("Riverside NHS Foundation Trust", "riverside-nhs.example"),
    ("Atlas Engineering", "atlas-eng.example"),
    ("Cedar & Stone LLP", "cedarstone.example"),
    ("Meridian Hotels", "meridianhotels.example"),
    ("Oakridge University", "oakridge.example"),
    ("Pinecrest Retail", "pinecrest.example"),
    ("Solstice Pharma", "solstice.example"),
    ("Eastbrook City Council", "eastbrook.example"),
    ("Kestrel Ventures", "kestrel.example"),
    ("Tidewater Shipping", "tidewater.example"),
    ("Vela Telecom", "vela.example"),
    ("Copperleaf Media", "copperleaf.example"),
    ("Helix Biotech", "helixbio.example"),
    ("Mosaic Housing Association", "mosaichousing.example"),
    ("Granite Capital", "granitecap.example"),
    ("Aurora Renewables", "aurora-energy.example"),
    ("Saffron & Salt Restaurants", "saffronsalt.example"),
    ("Beacon Charity Partners", "beaconcharity.example"),
    ("", "mail.example"),
)

_ROLES: tuple[str, ...] = _names(
    """
    Head of Operations, Chief Financial Officer, Engineering Manager, Team Lead, Programme
    Director, Founder & CEO, Head of Sales, Director of Nursing, Partner, Product Manager,
    Head of People, Deputy Head Teacher, Plant Manager, Chief of Staff, VP Marketing, Senior
    Associate, Finance Director, Head of Customer Service, Principal Engineer, Managing
    Director, Research Group Leader, Store Manager, Head of Legal, Newly promoted Team Lead,
    Consultant Surgeon, Head of Product
"""
)

_MEETING_PLACES: tuple[str, ...] = (
    "The Library café, Marylebone — upstairs",
    "Coach's studio, 14 Albion Street",
    "Walking session — Regent's Park, meet at the boathouse",
    "Hotel lobby, Meridian Kings Cross",
    "Client's home office",
    "Co-working space, Floor 3, Granary Square",
)

_OFFICE_ROOMS: tuple[str, ...] = (
    "meeting room 4.12",
    "the quiet room by reception",
    "3rd floor, room Heron",
    "the boardroom (booked by their PA)",
    "ground floor, room 2",
)

# People from outside the client's organisation who sometimes join a session.
_EXTERNAL_GUESTS: tuple[tuple[str, str], ...] = (
    ("Inês Carvalho", "Team coach, BUILT TO LEAD"),
    ("Fatima Zahra Benali", "Programme manager, BUILT TO LEAD"),
    ("Hiro Sato", "Peer coach (supervision, observing)"),
    ("Lukas Novák", "Interpreter"),
    ("Yusuf Demir", "Mentor"),
    ("Sarah Goldberg", "Board chair"),
)

_MANAGER_ROLES: tuple[str, ...] = ("Line manager", "Sponsor", "Managing partner", "Director")
_HR_ROLES: tuple[str, ...] = ("HR business partner", "Head of People", "Talent lead")

_AGENDAS: tuple[str, ...] = (
    "Prepare for the quarterly review with the board",
    "Delegation: what to stop doing before the reorg",
    "Debrief the 360 feedback report",
    "How to raise the promotion question with the sponsor",
    "Energy and boundaries — evenings are creeping back",
    "The conflict between the two team leads: what is mine to fix?",
    "Getting ready for the first all-hands as the new head",
    "Saying no to the CEO without burning the relationship",
    "Feedback conversation with a struggling direct report",
    "Mid-point review of the coaching goals",
    "Feeling like an impostor since the promotion",
    "Planning the return to work after leave",
    "Hiring the first manager into the team",
    "What kind of leader do I want to be in the merger?",
    "Budget cuts: how to tell the team",
    "Time: where does the week actually go?",
    "Rehearse the pitch to the investors",
    "Career options: stay, move, or go independent",
    "Building trust with a new peer group",
    "Handling the sponsor's expectations of the programme",
    "After the difficult board meeting",
    "Making decisions faster without going it alone",
    "Follow up on the actions from last time",
    "Managing upwards: the weekly one-to-one with the manager",
    "The team's engagement survey results",
    "Preparing hard feedback for the finance lead",
    "Stepping back from the detail",
    "Writing the vision for next year",
    "Warning signs of burnout — what to change now",
    "Open: whatever is most alive this week",
)

_FIRST_AGENDAS: tuple[str, ...] = (
    "First session: goals, ways of working, confidentiality",
    "Chemistry call: what you want from coaching and how I work",
)

_LAST_AGENDAS: tuple[str, ...] = (
    "Final session: what to keep doing, what to watch for",
    "Closing review: goals, progress and what comes next",
)

# Wishes as a coach captures them in a hurry: the client's words, nothing ticked.
_WORDS_ONLY: tuple[tuple[Language, Category, int, str], ...] = (
    (
        Language.NOT_SET,
        Category.COMMUNICATION,
        3,
        "Warn me before anybody else sits in on our sessions",
    ),
    (
        Language.GERMAN,
        Category.CHARACTER,
        3,
        "Bitte frag mich vorher, bevor du eine Sitzung aufnimmst.",
    ),
    (
        Language.FRENCH,
        Category.CONNECTION,
        2,
        "Je préfère la vidéo au téléphone quand on parle de choses difficiles.",
    ),
    (
        Language.SPANISH,
        Category.COMMITMENT,
        2,
        "Si cambias la hora de la sesión, avísame con un par de días.",
    ),
    (
        Language.NOT_SET,
        Category.COMMITMENT,
        2,
        "Please don't move our slot at the last minute, I plan my whole week around it",
    ),
    (
        Language.GERMAN,
        Category.CHARACTER,
        3,
        "Was ich über meinen Chef sage, bleibt unter uns.",
    ),
    (
        Language.FRENCH,
        Category.CHARACTER,
        3,
        "Ne m'enregistrez jamais sans me le demander.",
    ),
    (
        Language.SPANISH,
        Category.COMMUNICATION,
        2,
        "Las facturas por correo, por favor; no quiero hablar de dinero en la sesión.",
    ),
    (
        Language.NOT_SET,
        Category.COMMITMENT,
        2,
        "If we run over, say so — I have the school run at five",
    ),
)

_THREE_WAY_AGENDAS: tuple[str, ...] = (
    "Three-way with {guest} to agree the coaching goals",
    "Three-way check-in with {guest}: progress so far",
    "{guest} joins for the last 20 minutes to hear the plan",
)

_SESSION_NOTES: tuple[str, ...] = (
    "{name} arrived tired; we spent the first 15 minutes just landing.",
    "Big shift: {name} named the fear of being found out. Go slowly next time.",
    "Agreed two actions: talk to the team lead, block Friday mornings for thinking.",
    "Lots of energy around the new role. Watch for overcommitting.",
    "{name} was guarded today. Check how the last session landed.",
    "Worked with stop / start / continue. Useful; {name} wants to use it with the team.",
    "Role-played the conversation with the sponsor twice; the second round was much calmer.",
    "Quiet session with long silences, which seemed to help.",
    "Back to the theme of control again, the third time. Name the pattern next time?",
    "Good progress on delegation: two tasks handed over this week.",
    "Mentioned sleeping badly in passing. Don't push, but notice.",
    "We ran ten minutes over. My doing; keep an eye on the clock.",
    "{name} laughed a lot today. Lighter than in weeks.",
    "Stuck on the same decision as last time. Next time: what would {name} tell a friend?",
)

_CANCEL_NOTES: tuple[str, ...] = (
    "Cancelled by {name}: clash with a board meeting.",
    "{name} off sick.",
    "I cancelled: train strike. Offered two new times.",
    "",
)

_CLIENT_NOTES: tuple[str, ...] = (
    "Referred by their Head of People.",
    "Contract: ten sessions, fortnightly, renewed once.",
    "Prefers early sessions, before the day takes over.",
    "Pays privately, not through the employer.",
    "Three-way contract with the sponsor; the sponsor hears about attendance only.",
    "Hates small talk — get to it.",
    "Came back after two years for a second engagement.",
)

_COACH_PROMISES: tuple[str, ...] = (
    "Send the stakeholder map template",
    "Share the article on delegation we talked about",
    "Send a summary of today's session",
    "Send the reading list on difficult conversations",
    "Find a date for the three-way with the line manager",
    "Send the corrected invoice for the quarter",
    "Check whether the sponsor update can wait until June",
    "Send the values exercise",
    "Look up the book on first-time managers",
    "Introduce {name} to a coach who works with finance teams",
    "Confirm next month's dates in a calendar invite",
)

_CLIENT_PROMISES: tuple[str, ...] = (
    "Have the conversation with the team about the reorg",
    "Block two hours a week for thinking time",
    "Write down three things to delegate",
    "Ask the manager for feedback on the presentation",
    "Try the end-of-day shut-down routine for two weeks",
    "Talk to the sponsor about the promotion timeline",
    "Notice when you say yes but mean no, and write it down",
    "Draft the email to the board",
    "Take the Friday off that's been postponed three times",
    "Ask each direct report what they need from you",
)

_COMMENTS_HIGH: tuple[str, ...] = (
    "Exactly what I needed before the board meeting.",
    "I left with a plan, not just a good feeling.",
    "You remembered what I said about my team. That meant a lot.",
    "Felt lighter walking out.",
    "The role-play was awkward but it worked.",
    "Best session so far.",
)

_COMMENTS_MID: tuple[str, ...] = (
    "Useful, but we ran out of time at the end.",
    "Good session. I'm still not sure about the delegation piece.",
    "A bit abstract today; I need something I can use on Monday.",
    "Fine. I was distracted, not your fault.",
)

_COMMENTS_LOW: tuple[str, ...] = (
    "I felt rushed today.",
    "I'm not sure you heard what I was saying about my manager.",
    "It felt like we were going through the motions.",
    "I didn't expect that today and I'm still thinking about it.",
)

_REPAIRED_NOTES: tuple[str, ...] = (
    "Named it at the start of the next session, apologised without excuses, and agreed what "
    "I'll do differently.",
    "Apologised by phone the same day; {name} said it helped that I called rather than wrote.",
    "Talked it through; agreed I check with {name} before anything like this again. {name} said "
    "it felt resolved.",
    "Wrote a short note owning it; we talked about it next time and moved on.",
)

_ACKNOWLEDGED_NOTES: tuple[str, ...] = (
    "Named it and apologised; {name} wants time before we talk about what would help.",
    "Acknowledged by email. Still to talk it through in person.",
    "",
)

_PHONE_FORMATS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("+44 7700 900{:03d}", (3,)),
    ("+1 (415) 555-01{:02d}", (2,)),
    ("+49 151 {:04d} {:04d}", (4, 4)),
    ("+33 6 {:02d} {:02d} {:02d} {:02d}", (2, 2, 2, 2)),
    ("+27 82 555 {:04d}", (4,)),
    ("+31 6 {:04d} {:04d}", (4, 4)),
    ("020 7946 0{:03d}", (3,)),
)
