"""The demo practice generator: its plans, text banks, hand-written clients, the builder
and ``generate_demo``.  What it writes is told in the package's docstring."""

from __future__ import annotations

import logging
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.domain.refusal import Refusal
from coachdesk.domain.vocab import (
    DEFAULT_FEEDBACK_QUESTIONS,
    Category,
    ClientStatus,
    GuestSource,
    Language,
    Medium,
    PromiseOwner,
    PromiseStatus,
    RepairStatus,
    SessionStatus,
    Trigger,
)
from coachdesk.storage.database import Database
from coachdesk.storage.models import Client
from coachdesk.storage.tables import PARENT_FIRST, insert_rows, next_ids

logger = logging.getLogger(__name__)

SIZES = ("demo", "career", "stress")

SEED_CLIENT_NAME = "Daniel Okafor"
SEED_MATTER_STATEMENT = "Let me know ahead of time if someone else will join"
SEED_GUEST_NAME = "Maria Lopez"
SEED_GUEST_ROLE = "BUILT TO LEAD"


class DemoRefused(Refusal):
    """The data folder already holds clients."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "This data file already has clients, so no demo practice was added. "
            "Open an empty data folder to try the demo; your clients stay as they are."
        )


@dataclass(frozen=True)
class DemoCounts:
    """How many rows the demo practice added (promises are commitments, feedback pulse checks)."""

    clients: int
    sessions: int
    guests: int
    matters: int
    breaches: int
    promises: int
    feedback: int


@dataclass(frozen=True)
class _Plan:
    clients: int
    sessions: int
    matters: int
    breaches: int
    history_days: int


_PLANS: dict[str, _Plan] = {
    "demo": _Plan(clients=12, sessions=150, matters=60, breaches=10, history_days=540),
    "career": _Plan(
        clients=300, sessions=15_000, matters=10_000, breaches=1_000, history_days=4_380
    ),
    "stress": _Plan(
        clients=3_000, sessions=150_000, matters=100_000, breaches=10_000, history_days=9_125
    ),
}

# Rates that make promises and feedback proportionate to the sessions held.
_GUEST_RATE = 0.09
_RESCHEDULE_RATE = 0.06
_COACH_PROMISE_RATE = 0.22
_CLIENT_PROMISE_RATE = 0.30
_FEEDBACK_RATE = 0.55
_UPCOMING_DAYS = 35

_DAY_START = 8 * 60  # 08:00 UTC
_DAY_END = 18 * 60  # 18:00 UTC


# ---------------------------------------------------------------------------
# Text banks
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# The hand-written clients
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Curated:
    name: str
    preferred: str
    pronouns: str
    organisation: str
    domain: str
    email_local: str
    role: str
    status: ClientStatus
    medium: Medium
    usual_set: bool
    location: str
    phone: str
    notes: str
    manager: tuple[str, str]
    weight: float
    cadence: int
    duration: int
    slot: int
    anchor_offset: int | None = None


_CURATED: tuple[_Curated, ...] = (
    _Curated(
        name=SEED_CLIENT_NAME,
        preferred="Dan",
        pronouns="he/him",
        organisation="Harbourline Logistics",
        domain="harbourline.example",
        email_local="dan.okafor",
        role="Head of Operations",
        status=ClientStatus.ACTIVE,
        medium=Medium.IN_PERSON,
        usual_set=True,
        location="Harbourline office, 5th floor — room Kestrel",
        phone="+44 7700 900418",
        notes=(
            "Promoted to Head of Operations in the spring; first time leading managers. "
            "Sponsor: Priya Raman (COO). Three-way contract: the sponsor hears about "
            "attendance and goals, nothing else."
        ),
        manager=("Priya Raman", "Sponsor (COO), Harbourline"),
        weight=1.7,
        cadence=14,
        duration=60,
        slot=10 * 60,
    ),
    _Curated(
        name="Amélie Dubois",
        preferred="",
        pronouns="she/her",
        organisation="Maison Verte Architectes",
        domain="maisonverte.example",
        email_local="amelie.dubois",
        role="Associate Director",
        status=ClientStatus.ACTIVE,
        medium=Medium.VIDEO,
        usual_set=True,
        location="https://meet.example/amelie-dubois",
        phone="+33 6 12 48 90 27",
        notes="Paris-based; sessions at 9:00 her time.",
        manager=("Luc Moreau", "Managing partner"),
        weight=1.3,
        cadence=14,
        duration=60,
        slot=8 * 60,
        anchor_offset=0,
    ),
    _Curated(
        name="ليلى حداد",
        preferred="Layla",
        pronouns="she/her",
        organisation="Sahara Solar",
        domain="saharasolar.example",
        email_local="layla.haddad",
        role="Chief Financial Officer",
        status=ClientStatus.ACTIVE,
        medium=Medium.VIDEO,
        usual_set=False,
        location="https://meet.example/layla-haddad",
        phone="+971 50 318 2746",
        notes=(
            "Prefers her name in Arabic script on anything written. Fasting in Ramadan: no "
            "sessions after 15:00 UTC then."
        ),
        manager=("Omar Khalil", "CEO"),
        weight=1.0,
        cadence=21,
        duration=90,
        slot=13 * 60,
        anchor_offset=2,
    ),
    _Curated(
        name="Sipho Ndlovu",
        preferred="",
        pronouns="he/him",
        organisation="Umoja Health Trust",
        domain="umojahealth.example",
        email_local="sipho.ndlovu",
        role="Programme Director",
        status=ClientStatus.ACTIVE,
        medium=Medium.IN_PERSON,
        usual_set=True,
        location="Umoja House, 2nd floor — the quiet room by the kitchen",
        phone="+27 82 555 0193",
        notes="",
        manager=("Thandeka Dlamini", "Chief Executive"),
        weight=1.3,
        cadence=14,
        duration=60,
        slot=15 * 60,
        anchor_offset=0,
    ),
    _Curated(
        name="Mei-Ling Chen",
        preferred="Mei",
        pronouns="",
        organisation="Brightwater Bank",
        domain="brightwater.example",
        email_local="meiling.chen",
        role="VP Risk",
        status=ClientStatus.ACTIVE,
        medium=Medium.VIDEO,
        usual_set=False,
        location="https://meet.example/mei-chen",
        phone="+44 20 7946 0321",
        notes="Always on video from the office; camera off when tired.",
        manager=("Richard Hale", "Chief Risk Officer"),
        weight=0.8,
        cadence=28,
        duration=45,
        slot=12 * 60,
    ),
    _Curated(
        name="Jonas Weber",
        preferred="",
        pronouns="",
        organisation="Kessler Maschinenbau GmbH",
        domain="kessler-mb.example",
        email_local="j.weber",
        role="Plant Manager",
        status=ClientStatus.ACTIVE,
        medium=Medium.PHONE,
        usual_set=True,
        location="Coach calls +49 151 2345 6789",
        phone="+49 151 2345 6789",
        notes="Calls from the car park between shifts.",
        manager=("Sabine Kessler", "Managing director"),
        weight=1.2,
        cadence=14,
        duration=45,
        slot=16 * 60,
    ),
    _Curated(
        name="Priyanka Nair",
        preferred="",
        pronouns="she/her",
        organisation="Lumen Analytics",
        domain="lumen.example",
        email_local="priyanka",
        role="Founder & CEO",
        status=ClientStatus.ACTIVE,
        medium=Medium.VIDEO,
        usual_set=False,
        location="https://meet.example/priyanka-nair",
        phone="+44 7700 900562",
        notes="Weekly during the fundraising round.",
        manager=("Ben Adler", "Co-founder"),
        weight=1.6,
        cadence=7,
        duration=60,
        slot=9 * 60,
    ),
    _Curated(
        name="Søren Østergaard",
        preferred="",
        pronouns="he/him",
        organisation="Nordlys Design",
        domain="nordlys.example",
        email_local="soren",
        role="Creative Director",
        status=ClientStatus.ACTIVE,
        medium=Medium.IN_PERSON,
        usual_set=False,
        location="Café Norden, Østergade 61 — upstairs",
        phone="+45 20 31 42 53",
        notes="",
        manager=("Mette Holm", "Head of Studio"),
        weight=1.0,
        cadence=21,
        duration=90,
        slot=11 * 60,
    ),
    _Curated(
        name="María José Fernández",
        preferred="Majo",
        pronouns="she/her",
        organisation="Fundación Ciudad Abierta",
        domain="ciudadabierta.example",
        email_local="mj.fernandez",
        role="Head of Partnerships",
        status=ClientStatus.PAUSED,
        medium=Medium.VIDEO,
        usual_set=False,
        location="https://meet.example/majo",
        phone="+34 612 345 678",
        notes="On parental leave until the autumn; back in touch in September.",
        manager=("Carmen Ruiz", "Director"),
        weight=0.9,
        cadence=14,
        duration=60,
        slot=14 * 60,
    ),
    _Curated(
        name="Tomás O'Brien",
        preferred="",
        pronouns="he/him",
        organisation="Greenfield Schools Trust",
        domain="greenfield.example",
        email_local="tomas.obrien",
        role="Deputy Head Teacher",
        status=ClientStatus.PROSPECT,
        medium=Medium.PHONE,
        usual_set=False,
        location="Coach calls +353 87 123 4567",
        phone="+353 87 123 4567",
        notes="Chemistry call booked; referred by Hannah Kowalski.",
        manager=("Aoife Walsh", "Head Teacher"),
        weight=0.0,
        cadence=14,
        duration=45,
        slot=16 * 60,
    ),
    _Curated(
        name="Hannah Kowalski",
        preferred="",
        pronouns="she/her",
        organisation="Fairway Insurance",
        domain="fairway.example",
        email_local="hannah.kowalski",
        role="Team Lead, Claims",
        status=ClientStatus.ENDED,
        medium=Medium.VIDEO,
        usual_set=False,
        location="https://meet.example/hannah-k",
        phone="+44 7700 900731",
        notes="Finished after twelve sessions; promoted to Claims Manager.",
        manager=("Grace Mensah", "Line manager"),
        weight=1.0,
        cadence=14,
        duration=60,
        slot=9 * 60,
    ),
    _Curated(
        name="Kenji Watanabe",
        preferred="",
        pronouns="he/him",
        organisation="Takumi Robotics Europe",
        domain="takumi.example",
        email_local="k.watanabe",
        role="Engineering Manager",
        status=ClientStatus.ENDED,
        medium=Medium.IN_PERSON,
        usual_set=False,
        location="Takumi office, Amsterdam — meeting room 2",
        phone="",
        notes="",
        manager=("Eva de Vries", "VP Engineering"),
        weight=1.0,
        cadence=21,
        duration=90,
        slot=13 * 60,
    ),
)


# ---------------------------------------------------------------------------
# Working records
# ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Profile:
    id: int
    name: str
    first: str
    status: ClientStatus
    medium: Medium
    location: str
    link: str
    phone: str
    duration: int
    slot: int
    cadence: int
    weight: float
    manager: tuple[str, str]
    hr: tuple[str, str]
    anchor_offset: int | None
    bias: int
    base_understood: float
    base_trust: float
    row: dict[str, Any]
    curated: bool = False
    n_sessions: int = 0
    n_matters: int = 0
    sessions: list[_Sess] = field(default_factory=list)
    held: list[_Sess] = field(default_factory=list)
    missed_coach: list[dict[str, Any]] = field(default_factory=list)
    matters: list[dict[str, Any]] = field(default_factory=list)


class _Sess:
    __slots__ = (
        "agenda",
        "client",
        "created_at",
        "duration",
        "guests",
        "id",
        "location",
        "medium",
        "moved_at",
        "notes",
        "original_start",
        "recorded",
        "start",
        "status",
        "updated_at",
    )

    def __init__(self, client: _Profile, start: datetime, duration: int) -> None:
        self.client = client
        self.start = start
        self.duration = duration
        self.id = 0
        self.medium = client.medium
        self.location = client.location
        self.status = SessionStatus.PLANNED
        self.original_start: datetime | None = None
        self.moved_at = start
        self.agenda = ""
        self.notes = ""
        self.recorded = False
        self.guests: list[tuple[str, str, datetime | None]] = []
        self.created_at = start
        self.updated_at = start

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration)

    @property
    def day(self) -> date:
        return self.start.date()


_CLOSED = ((12, 24), (12, 25), (12, 26), (12, 31), (1, 1))


def _weekday(day: date, forward: bool = False) -> date:
    """A working day near ``day``: Saturday becomes Friday (or Monday), Sunday Monday, and
    the days around Christmas and New Year move to the next working day."""
    weekday = day.weekday()
    if weekday == 5:
        day = day + timedelta(days=2) if forward else day - timedelta(days=1)
    elif weekday == 6:
        day = day + timedelta(days=1)
    while (day.month, day.day) in _CLOSED or day.weekday() > 4:
        day += timedelta(days=1)
    return day


def _at(day: date, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=UTC)


def _ascii(name: str) -> str:
    special = str.maketrans(
        {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "æ": "ae", "ß": "ss"}
    )
    folded = unicodedata.normalize("NFKD", name.translate(special))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalpha()).lower()


def _allocate(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), never above ``caps``."""
    count = len(weights)
    result = [0] * count
    caps = caps if caps is not None else [total] * count
    remaining = min(total, sum(caps))
    open_ = [i for i in range(count) if weights[i] > 0 and caps[i] > 0]
    while remaining > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight_sum for i in open_}
        over = [i for i in open_ if result[i] + shares[i] >= caps[i]]
        if over:
            for i in over:
                remaining -= caps[i] - result[i]
                result[i] = caps[i]
            open_ = [i for i in open_ if i not in over]
            continue
        floors = {i: int(shares[i]) for i in open_}
        for i in open_:
            result[i] += floors[i]
        left = remaining - sum(floors.values())
        by_remainder = sorted(open_, key=lambda i: (-(shares[i] - floors[i]), i))
        for i in by_remainder[:left]:
            result[i] += 1
        remaining = 0
    return result


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


class _Builder:
    def __init__(
        self,
        plan: _Plan,
        rng: random.Random,
        today: date,
        id_base: dict[str, int],
        progress: Callable[[float], None] | None,
        more: random.Random,
    ) -> None:
        self.plan = plan
        self.rng = rng
        self.more = more  # who brought a guest, second moves, items in the client's words
        self.today = today
        self.stamp = datetime.combine(today, time(0, 0), UTC)
        self.id_base = id_base
        self.progress = progress
        self.profiles: list[_Profile] = []
        self.sessions: list[_Sess] = []
        self.busy: set[int] = set()
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in PARENT_FIRST}
        self.breach_severity: dict[int, int] = {}
        self.seed: _Profile | None = None
        self.seed_breach_session: _Sess | None = None
        self.seed_upcoming: _Sess | None = None
        self.seed_matter: dict[str, Any] | None = None

    # -- helpers -----------------------------------------------------------

    def cap(self, moment: datetime) -> datetime:
        return min(moment, self.stamp)

    def later(self, created: datetime, moment: datetime) -> datetime:
        return max(created, self.cap(moment))

    def report(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress(min(1.0, max(0.0, fraction)))

    def phone(self) -> str:
        pattern, widths = self.rng.choice(_PHONE_FORMATS)
        return pattern.format(*(self.rng.randrange(10**width) for width in widths))

    def person(self, roles: tuple[str, ...]) -> tuple[str, str]:
        first, _ = self.rng.choice(_FIRST_NAMES)
        return f"{first} {self.rng.choice(_LAST_NAMES)}", self.rng.choice(roles)

    def told(self, s: _Sess) -> datetime:
        """When the coach told the client about a guest: a working hour some days ahead."""
        rng = self.rng
        day = _weekday(s.day - timedelta(days=rng.randint(1, 10)))
        moment = _at(day, _DAY_START + 30 * rng.randrange(20))
        latest = self.stamp - timedelta(hours=rng.randint(2, 48))
        return min(moment, latest, s.start - timedelta(hours=2))

    def place(self, day: date, preferred: int, duration: int) -> datetime:
        """A start on ``day`` between 08:00 and 18:00 UTC, avoiding the coach's other sessions."""
        rng = self.rng
        slots = (_DAY_END - duration - _DAY_START) // 30 + 1
        needed = (duration + 29) // 30
        base = day.toordinal() * 32
        choice = (preferred - _DAY_START) // 30
        for attempt in range(4):
            if attempt or rng.random() > 0.65:
                choice = rng.randrange(slots)
            if all(base + choice + k not in self.busy for k in range(needed)):
                break
        for k in range(needed):
            self.busy.add(base + choice + k)
        return _at(day, _DAY_START + choice * 30)

    # -- clients -----------------------------------------------------------

    def build_clients(self) -> None:
        rng = self.rng
        next_id = self.id_base["clients"]
        for curated in _CURATED[: self.plan.clients]:
            next_id += 1
            self.profiles.append(self.curated_profile(next_id, curated))
        extra = self.plan.clients - len(self.profiles)
        if extra > 0:
            taken = [c.name for c in _CURATED]
            combos = rng.sample(range(len(_FIRST_NAMES) * len(_LAST_NAMES)), extra + len(taken))
            names: list[tuple[str, str, str]] = []
            for combo in combos:
                first, pronouns = _FIRST_NAMES[combo // len(_LAST_NAMES)]
                full = f"{first} {_LAST_NAMES[combo % len(_LAST_NAMES)]}"
                if full not in taken:
                    names.append((full, first, pronouns))
            for full, first, pronouns in names[:extra]:
                next_id += 1
                self.profiles.append(self.generated_profile(next_id, full, first, pronouns))
        if self.plan.clients and self.profiles[0].name == SEED_CLIENT_NAME:
            self.seed = self.profiles[0]

    def curated_profile(self, client_id: int, c: _Curated) -> _Profile:
        rng = self.rng
        row = {
            "id": client_id,
            "name": c.name,
            "preferred_name": c.preferred,
            "pronouns": c.pronouns,
            "email": f"{c.email_local}@{c.domain}",
            "phone": c.phone,
            "organisation": c.organisation,
            "role": c.role,
            "status": c.status.value,
            "started_on": None,
            "private_notes": c.notes,
            "usual_medium": c.medium.value if c.usual_set else None,
            "usual_location": c.location if c.usual_set else "",
        }
        link = c.location if c.medium is Medium.VIDEO else f"https://meet.example/{c.email_local}"
        return _Profile(
            id=client_id,
            name=c.name,
            first=c.preferred or c.name.split()[0],
            status=c.status,
            medium=c.medium,
            location=c.location,
            link=link,
            phone=c.phone,
            duration=c.duration,
            slot=c.slot,
            cadence=c.cadence,
            weight=c.weight,
            manager=c.manager,
            hr=self.person(_HR_ROLES),
            anchor_offset=c.anchor_offset,
            bias=rng.choice((-1, 0, 0, 1, 1)),
            base_understood=rng.uniform(3.3, 4.3),
            base_trust=rng.uniform(3.4, 4.4),
            row=row,
            curated=True,
        )

    def generated_profile(self, client_id: int, name: str, first: str, pronouns: str) -> _Profile:
        rng = self.rng
        r = rng.random()
        if r < 0.14:
            status = ClientStatus.ACTIVE
        elif r < 0.18:
            status = ClientStatus.PAUSED
        elif r < 0.22:
            status = ClientStatus.PROSPECT
        else:
            status = ClientStatus.ENDED
        organisation, domain = rng.choice(_ORGANISATIONS)
        last = name[len(first) + 1 :]
        local = f"{_ascii(first)}.{_ascii(last)}"
        email = f"{local}@{domain}" if rng.random() < 0.85 else ""
        phone = self.phone() if rng.random() < 0.7 else ""
        medium = rng.choices((Medium.IN_PERSON, Medium.VIDEO, Medium.PHONE), (40, 45, 15))[0]
        link = f"https://meet.example/{local.replace('.', '-')}"
        if medium is Medium.IN_PERSON:
            if organisation and rng.random() < 0.6:
                location = f"{organisation} office, {rng.choice(_OFFICE_ROOMS)}"
            else:
                location = rng.choice(_MEETING_PLACES)
        elif medium is Medium.VIDEO:
            location = link
        else:
            location = f"Coach calls {phone}" if phone else "Client calls the coach's line"
        usual_set = rng.random() < 0.35
        duration = rng.choices((45, 60, 90), (2, 6, 2))[0]
        if not pronouns and rng.random() < 0.5:
            pronouns = "they/them"
        manager = self.person(_MANAGER_ROLES)
        row = {
            "id": client_id,
            "name": name,
            "preferred_name": "",
            "pronouns": pronouns if rng.random() < 0.3 else "",
            "email": email,
            "phone": phone,
            "organisation": organisation,
            "role": rng.choice(_ROLES),
            "status": status.value,
            "started_on": None,
            "private_notes": rng.choice(_CLIENT_NOTES) if rng.random() < 0.4 else "",
            "usual_medium": medium.value if usual_set else None,
            "usual_location": location if usual_set else "",
        }
        weight = {
            ClientStatus.ACTIVE: rng.uniform(0.6, 1.6),
            ClientStatus.PAUSED: rng.uniform(0.4, 1.0),
            ClientStatus.ENDED: rng.uniform(0.3, 1.7),
            ClientStatus.PROSPECT: 0.0,
        }[status]
        return _Profile(
            id=client_id,
            name=name,
            first=first,
            status=status,
            medium=medium,
            location=location,
            link=link,
            phone=phone,
            duration=duration,
            slot=_DAY_START + 30 * rng.randrange((_DAY_END - duration - _DAY_START) // 30 + 1),
            cadence=rng.choice((7, 14, 14, 14, 21, 28)),
            weight=weight,
            manager=manager,
            hr=self.person(_HR_ROLES),
            anchor_offset=None,
            bias=rng.choice((-1, 0, 0, 0, 1, 1, 2)),
            base_understood=rng.uniform(3.0, 4.4),
            base_trust=rng.uniform(3.2, 4.5),
            row=row,
        )

    # -- sessions ----------------------------------------------------------

    def session_dates(self, p: _Profile) -> list[date]:
        rng, today, n = self.rng, self.today, p.n_sessions
        if n == 0:
            return []
        history = self.plan.history_days
        if p.status is ClientStatus.PROSPECT:
            return [_weekday(today + timedelta(days=rng.randint(1, 14)), forward=True)]
        cadence = p.cadence
        if p.status is ClientStatus.ACTIVE:
            if p is self.seed:
                anchor = _weekday(today + timedelta(days=1), forward=True)
            else:
                offset = p.anchor_offset
                if offset is None:
                    offset = rng.randrange(cadence)
                anchor = _weekday(today + timedelta(days=offset), forward=True)
            lead = (anchor - today).days
            future = min(n, 1 + max(0, _UPCOMING_DAYS - lead) // cadence)
            past = n - future
            back = cadence if past * cadence <= history else max(2, history // past)
            days = [anchor - timedelta(days=back * k) for k in range(past, 0, -1)]
            days += [anchor + timedelta(days=cadence * k) for k in range(future)]
            fixed = {past}
        else:
            if p.status is ClientStatus.PAUSED:
                end = today - timedelta(days=rng.randint(21, 150))
            else:
                end = today - timedelta(days=rng.randint(30, max(31, history // 3)))
            room = (end - (today - timedelta(days=history))).days
            if (n - 1) * cadence > room:
                cadence = max(2, room // max(1, n - 1))
            if p.status is ClientStatus.ENDED and (n - 1) * cadence < room:
                end -= timedelta(days=rng.randint(0, room - (n - 1) * cadence))
            days = [end - timedelta(days=cadence * k) for k in range(n - 1, -1, -1)]
            fixed = set()
        result = []
        for index, day in enumerate(days):
            if index not in fixed:
                day += timedelta(days=rng.choice((-1, 0, 0, 0, 1)))
            result.append(_weekday(day))
        return result

    def build_sessions(self) -> None:
        rng, today = self.rng, self.today
        plan = self.plan
        prospect_sessions = 0
        for p in self.profiles:
            if p.status is ClientStatus.PROSPECT:
                p.n_sessions = (
                    1
                    if (p is self.profiles[9] if len(self.profiles) > 9 else False)
                    or (rng.random() < 0.6)
                    else 0
                )
                prospect_sessions += p.n_sessions
        shares = _allocate(
            max(0, plan.sessions - prospect_sessions), [p.weight for p in self.profiles]
        )
        for p, share in zip(self.profiles, shares, strict=True):
            if p.status is not ClientStatus.PROSPECT:
                p.n_sessions = share
        for p in self.profiles:
            days = self.session_dates(p)
            for index, day in enumerate(days):
                duration = p.duration if rng.random() < 0.9 else rng.choice((45, 60, 90))
                s = _Sess(p, self.place(day, p.slot, duration), duration)
                self.describe(s, index, len(days))
                p.sessions.append(s)
            if days and p.row["started_on"] is None and p.status is not ClientStatus.PROSPECT:
                p.row["started_on"] = days[0] - timedelta(days=rng.randint(0, 14))
        if self.seed is not None:
            self.seed_story()
        self.layla_story()
        self.sessions = sorted(
            (s for p in self.profiles for s in p.sessions), key=lambda s: (s.start, s.client.id)
        )
        next_id = self.id_base["coaching_sessions"]
        for s in self.sessions:
            next_id += 1
            s.id = next_id
            if s.status is SessionStatus.HELD:
                s.client.held.append(s)
        for p in self.profiles:
            p.row["created_at"] = self.cap(
                _at(p.row["started_on"] or today - timedelta(days=rng.randint(2, 20)), 9 * 60)
                - timedelta(days=rng.randint(1, 10))
            )
            first = p.sessions[0].created_at if p.sessions else p.row["created_at"]
            p.row["created_at"] = min(p.row["created_at"], first)
            p.row["updated_at"] = p.row["created_at"]
            if p.status in (ClientStatus.ENDED, ClientStatus.PAUSED) and p.sessions:
                p.row["updated_at"] = self.later(
                    p.row["created_at"], p.sessions[-1].end + timedelta(days=2)
                )

    def describe(self, s: _Sess, index: int, count: int) -> None:
        """Fill in a session's medium, place, status, agenda and notes."""
        rng, p = self.rng, s.client
        if rng.random() < 0.12:
            s.medium = rng.choice([m for m in Medium if m is not p.medium])
        if s.medium is Medium.IN_PERSON:
            usual = p.medium is Medium.IN_PERSON and rng.random() < 0.9
            s.location = p.location if usual else rng.choice(_MEETING_PLACES)
        elif s.medium is Medium.VIDEO:
            s.location = p.link
        else:
            s.location = f"Coach calls {p.phone}" if p.phone else "Client calls the coach's line"
        future = s.day >= self.today
        if index == 0:
            s.agenda = rng.choice(_FIRST_AGENDAS)
        elif index == count - 1 and p.status is ClientStatus.ENDED:
            s.agenda = rng.choice(_LAST_AGENDAS)
        elif rng.random() < (0.15 if future else 0.05):
            s.agenda = ""
        else:
            s.agenda = rng.choice(_AGENDAS)
        s.recorded = rng.random() < 0.03
        s.created_at = self.cap(
            s.start - timedelta(days=rng.randint(3, 30), hours=rng.randint(0, 6))
        )
        if future:
            s.status = SessionStatus.PLANNED
        else:
            r = rng.random()
            last = index == count - 1
            if r < 0.065 and index and not last:
                s.status = SessionStatus.CANCELLED
            elif r < 0.095 and index and not last:
                s.status = SessionStatus.NO_SHOW
            else:
                s.status = SessionStatus.HELD
        if s.status is not SessionStatus.CANCELLED and rng.random() < _RESCHEDULE_RATE:
            self.reschedule(s, rng.choice((-7, -3, -2, -1, 0, 1, 2, 3, 7)))
        if s.status is SessionStatus.HELD:
            if rng.random() < 0.7:
                s.notes = rng.choice(_SESSION_NOTES).format(name=p.first)
            s.updated_at = self.later(s.created_at, s.end + timedelta(minutes=rng.randint(20, 180)))
        elif s.status is SessionStatus.CANCELLED:
            s.recorded = False
            s.notes = rng.choice(_CANCEL_NOTES).format(name=p.first)
            s.updated_at = self.later(s.created_at, s.start - timedelta(hours=rng.randint(3, 72)))
        elif s.status is SessionStatus.NO_SHOW:
            s.updated_at = self.later(s.created_at, s.start + timedelta(minutes=30))
        else:
            s.updated_at = s.created_at if s.original_start is None else s.updated_at

    def reschedule(self, s: _Sess, shift_days: int) -> None:
        """Record that ``s`` was first planned ``shift_days`` away at another time."""
        rng = self.rng
        day = _weekday(s.day + timedelta(days=shift_days))
        minute = _DAY_START + 30 * rng.randrange((_DAY_END - s.duration - _DAY_START) // 30 + 1)
        original = _at(day, minute)
        if original == s.start:
            original = _at(
                day, minute + 60 if minute + 60 + s.duration <= _DAY_END else minute - 60
            )
        s.original_start = original
        s.created_at = self.cap(min(s.created_at, original - timedelta(days=rng.randint(3, 20))))
        moved = min(s.start, original) - timedelta(days=rng.randint(1, 4))
        s.updated_at = self.later(s.created_at, moved)
        s.moved_at = s.updated_at

    def seed_story(self) -> None:
        """The case that started the product, on the first client's sessions."""
        p = self.seed
        assert p is not None
        today = self.today
        upcoming = [s for s in p.sessions if s.day > today]
        past = [s for s in p.sessions if s.day < today]
        if not upcoming or not past:
            return
        target = today - timedelta(days=112)
        early = [s for s in past if s.day <= today - timedelta(days=42)] or past
        breach_session = min(early, key=lambda s: (abs((s.day - target).days), s.start))
        if breach_session.status is not SessionStatus.HELD:
            breach_session.status = SessionStatus.HELD
            breach_session.original_start = None
        breach_session.agenda = "Mid-point review of the leadership goals"
        breach_session.notes = (
            "Tom Becker from HR sat in at Priya's request. I didn't tell Dan beforehand. "
            "Dan was polite and closed for the whole hour."
        )
        breach_session.guests = [("Tom Becker", "HR business partner, Harbourline", None)]
        self.seed_breach_session = breach_session
        session = upcoming[0]
        session.status = SessionStatus.PLANNED
        session.original_start = None
        session.medium = p.medium
        session.location = p.location
        session.duration = 60
        session.agenda = (
            f"Leadership programme check-in: {SEED_GUEST_NAME} ({SEED_GUEST_ROLE}) joins "
            "for the last 20 minutes"
        )
        session.guests = [(SEED_GUEST_NAME, SEED_GUEST_ROLE, None)]
        session.updated_at = self.cap(session.start - timedelta(days=1))
        session.created_at = min(session.created_at, session.updated_at)
        self.seed_upcoming = session

    def layla_story(self) -> None:
        """Guarantee an upcoming rescheduled session: the third client's next one."""
        if len(self.profiles) < 3:
            return
        upcoming = [s for s in self.profiles[2].sessions if s.day >= self.today]
        if upcoming:
            s = upcoming[0]
            self.reschedule(s, 2)
            s.created_at = min(s.created_at, self.stamp - timedelta(days=10))
            s.updated_at = self.later(s.created_at, self.stamp - timedelta(days=3))

    # -- guests ------------------------------------------------------------

    def build_guests(self) -> None:
        rng, rows = self.rng, self.rows["guests"]
        breach_day = self.seed_breach_session.day if self.seed_breach_session else None
        next_id = self.id_base["guests"]
        for s in self.sessions:
            p = s.client
            curated = s is self.seed_breach_session or s is self.seed_upcoming
            if not curated and rng.random() < _GUEST_RATE and s is not p.sessions[0]:
                if p is self.seed and (breach_day is None or s.day <= breach_day):
                    continue
                r = rng.random()
                first = p.manager if r < 0.6 else p.hr if r < 0.75 else rng.choice(_EXTERNAL_GUESTS)
                names = [first]
                if rng.random() < 0.15:
                    extra = p.hr if first is p.manager else p.manager
                    names.append(extra)
                informed_rate = 1.0 if p is self.seed else (0.5 if s.day >= self.today else 0.85)
                for name, role in names:
                    informed = self.told(s) if rng.random() < informed_rate else None
                    s.guests.append((name, role, informed))
                if rng.random() < 0.6:
                    s.agenda = rng.choice(_THREE_WAY_AGENDAS).format(guest=names[0][0])
            for name, role, informed in s.guests:
                next_id += 1
                created = min(s.created_at, informed) if informed else s.created_at
                rows.append(
                    {
                        "id": next_id,
                        "session_id": s.id,
                        "name": name,
                        "role": role,
                        "client_informed_at": informed,
                        "brought_by": self.brought_by(s, curated).value,
                        "created_at": created,
                        "updated_at": informed or created,
                    }
                )

    def brought_by(self, s: _Sess, curated: bool) -> GuestSource:
        """HR sat in on the seed breach at the sponsor's request; the seed's upcoming guest is
        the coach's; of the others, some come with the client and some with a sponsor."""
        if curated:
            return GuestSource.SPONSOR if s is self.seed_breach_session else GuestSource.COACH
        r = self.more.random()
        return (
            GuestSource.CLIENT
            if r < 0.2
            else GuestSource.SPONSOR
            if r < 0.35
            else (GuestSource.COACH)
        )

    # -- moves -------------------------------------------------------------

    def build_moves(self) -> None:
        """Each moved session's moves, oldest first: one from its first planned start, or for
        about one in four (at least two in all) two, the first of them confirmed."""
        more, rows = self.more, self.rows["session_moves"]
        moved = [s for s in self.sessions if s.original_start is not None]
        twice = {id(s) for s in moved if more.random() < 0.25}
        upcoming = [s for s in moved if s.day >= self.today]
        for s in (upcoming + moved)[:2]:
            twice.add(id(s))
        next_id = self.id_base["session_moves"]
        for s in moved:
            assert s.original_start is not None
            steps = [(s.original_start, s.start, s.moved_at, None)]
            if id(s) in twice:
                between = _at(
                    _weekday(s.original_start.date() + timedelta(days=1), forward=True),
                    s.original_start.hour * 60 + s.original_start.minute,
                )
                if between in (s.start, s.original_start):
                    between += timedelta(hours=1 if between.hour < 12 else -1)
                first_move = max(s.created_at, s.moved_at - timedelta(days=more.randint(2, 6)))
                confirmed = min(s.moved_at, first_move + timedelta(hours=more.randint(1, 20)))
                steps = [
                    (s.original_start, between, first_move, confirmed),
                    (between, s.start, s.moved_at, None),
                ]
            for from_start, to_start, moved_at, confirmed_at in steps:
                next_id += 1
                rows.append(
                    {
                        "id": next_id,
                        "session_id": s.id,
                        "from_start": from_start,
                        "to_start": to_start,
                        "moved_at": moved_at,
                        "confirmed_at": confirmed_at,
                        "created_at": moved_at,
                        "updated_at": confirmed_at or moved_at,
                    }
                )

    # -- items in the client's own words ------------------------------------

    def words_only(self) -> None:
        """Turn some items into wishes captured in a hurry: the client's words, in their
        language, with no trigger ticked and no keyword typed.  Only items no breach refers
        to are changed, so every breach still fits its item; the counts stay the same."""
        more = self.more
        used = {row["matter_id"] for row in self.rows["breaches"]}
        candidates = [
            row
            for row in self.rows["matters"]
            if row["id"] not in used
            and row is not self.seed_matter
            and row["active"]
            and not row["keep_off_printouts"]
        ]
        more.shuffle(candidates)
        wanted = max(len(_WORDS_ONLY), len(self.rows["matters"]) // 12)
        said: set[tuple[int, str]] = {
            (row["client_id"], row["statement"]) for row in self.rows["matters"]
        }
        changed: set[int] = set()
        for number, row in enumerate(candidates[:wanted]):
            language, category, importance, words = _WORDS_ONLY[number % len(_WORDS_ONLY)]
            if (row["client_id"], words) in said:
                continue
            said.add((row["client_id"], words))
            row.update(
                statement=words,
                why="",
                category=category.value,
                importance=importance,
                keywords="",
                language=language.value,
            )
            changed.add(row["id"])
        self.rows["matter_triggers"] = [
            t for t in self.rows["matter_triggers"] if t["matter_id"] not in changed
        ]

    # -- matters -----------------------------------------------------------

    def build_matters(self) -> None:
        rng, today = self.rng, self.today
        bank = len(_STATEMENTS)
        weights, caps = [], []
        for p in self.profiles:
            weights.append(
                1.0 + len(p.held) ** 0.5 if p.status is not ClientStatus.PROSPECT else 0.6
            )
            caps.append(bank if p.status is not ClientStatus.PROSPECT else 2)
        counts = _allocate(self.plan.matters, weights, caps)
        drafts: list[tuple[dict[str, Any], _Statement | None]] = []
        for p, count in zip(self.profiles, counts, strict=True):
            p.n_matters = count
            if count == 0:
                continue
            lo = p.row["started_on"] or today - timedelta(days=21)
            hi = p.held[-1].day if p.held else today - timedelta(days=1)
            hi = max(lo, min(hi, today - timedelta(days=1)))
            chosen: list[_Statement | None] = []
            if p is self.seed:
                chosen.append(None)
                chosen += [_STATEMENTS[i] for i in rng.sample(range(1, bank), count - 1)]
            else:
                chosen += [_STATEMENTS[i] for i in rng.sample(range(bank), count)]
            for statement in chosen:
                if statement is None:
                    drafts.append(self.seed_matter_row(p))
                    continue
                if p.held and rng.random() < 0.8:
                    source = rng.choice(p.held)
                    captured, source_id = source.day, source.id
                else:
                    captured = lo + timedelta(days=rng.randint(0, (hi - lo).days))
                    source_id = None
                confirmed = None
                if rng.random() < 0.4 and hi > captured + timedelta(days=7):
                    confirmed = captured + timedelta(days=rng.randint(7, (hi - captured).days))
                importance = statement.importance if rng.random() < 0.7 else rng.randint(1, 3)
                keep_off = rng.random() < (0.6 if statement.sensitive else 0.01)
                created = self.cap(_at(captured, 18 * 60))
                row = {
                    "client_id": p.id,
                    "statement": statement.text,
                    "why": statement.why if rng.random() < 0.8 else "",
                    "category": statement.category.value,
                    "importance": importance,
                    "keywords": statement.keywords if rng.random() < 0.85 else "",
                    "source_session_id": source_id,
                    "captured_on": captured,
                    "last_confirmed_on": confirmed,
                    "keep_off_printouts": keep_off,
                    "active": rng.random() >= 0.07,
                    "language": Language.NOT_SET.value,
                    "created_at": created,
                    "updated_at": self.later(created, _at(confirmed, 18 * 60))
                    if confirmed
                    else created,
                }
                drafts.append((row, statement))
        drafts.sort(key=lambda d: (d[0]["captured_on"], d[0]["client_id"]))
        next_id = self.id_base["matters"]
        profiles = {p.id: p for p in self.profiles}
        trigger_rows = self.rows["matter_triggers"]
        for row, statement in drafts:
            next_id += 1
            row["id"] = next_id
            row["_statement"] = statement
            triggers = statement.triggers if statement else (Trigger.GUESTS,)
            profiles[row["client_id"]].matters.append(row)
            for trigger in triggers:
                trigger_rows.append({"matter_id": next_id, "trigger": trigger.value})
            self.rows["matters"].append(row)
        # However few matters there are, show a kept-off-printouts one and a retired one.
        generated = [row for row, statement in drafts if statement is not None]
        if generated and not any(row["keep_off_printouts"] for row in generated):
            sensitive = [row for row, st in drafts if st is not None and st.sensitive]
            (sensitive or generated)[0]["keep_off_printouts"] = True
        if generated and all(row["active"] for row in generated):
            generated[0]["active"] = False

    def seed_matter_row(self, p: _Profile) -> tuple[dict[str, Any], None]:
        s = self.seed_breach_session
        captured = s.day if s else self.today - timedelta(days=90)
        confirmed = p.held[-1].day if p.held and p.held[-1].day > captured else None
        created = self.cap(_at(captured, 18 * 60))
        row = {
            "client_id": p.id,
            "statement": SEED_MATTER_STATEMENT,
            "why": "Learned it by missing it: HR sat in without warning and Dan felt ambushed. "
            "He prepares for who is in the room; a surprise guest shuts him down.",
            "category": Category.COMMUNICATION.value,
            "importance": 3,
            "keywords": "guest, three-way, HR, sponsor",
            "source_session_id": s.id if s else None,
            "captured_on": captured,
            "last_confirmed_on": confirmed,
            "keep_off_printouts": False,
            "active": True,
            "language": Language.NOT_SET.value,
            "created_at": created,
            "updated_at": self.later(created, _at(confirmed, 18 * 60)) if confirmed else created,
        }
        self.seed_matter = row
        return row, None

    # -- promises ----------------------------------------------------------

    def build_commitments(self) -> None:
        rng, today, rows = self.rng, self.today, self.rows["commitments"]
        next_id = self.id_base["commitments"]
        seed_last = self.seed.held[-1] if self.seed and self.seed.held else None
        for s in self.sessions:
            if s.status is not SessionStatus.HELD:
                continue
            p = s.client
            promises: list[tuple[PromiseOwner, str, date | None, PromiseStatus | None]] = []
            if s is seed_last:
                due = min(s.day + timedelta(days=3), today - timedelta(days=1))
                promises.append(
                    (
                        PromiseOwner.COACH,
                        "Send Dan the stakeholder map template we sketched",
                        due,
                        PromiseStatus.OPEN,
                    )
                )
                promises.append(
                    (
                        PromiseOwner.CLIENT,
                        "Map who needs to hear about the reorg before the announcement",
                        max(s.day + timedelta(days=21), today + timedelta(days=7)),
                        PromiseStatus.OPEN,
                    )
                )
            if rng.random() < _COACH_PROMISE_RATE:
                text_ = rng.choice(_COACH_PROMISES).format(name=p.first)
                due = s.day + timedelta(days=rng.choice((3, 7, 7, 10, 14)))
                promises.append((PromiseOwner.COACH, text_, due, None))
            if rng.random() < _CLIENT_PROMISE_RATE:
                text_ = rng.choice(_CLIENT_PROMISES)
                due = None
                if rng.random() < 0.85:
                    due = s.day + timedelta(days=rng.choice((7, 7, 14, 14, 21, 28)))
                promises.append((PromiseOwner.CLIENT, text_, due, None))
            for owner, text_, due, status in promises:
                if status is None:
                    status = self.promise_status(owner, s.day, due)
                next_id += 1
                created = self.cap(s.end + timedelta(minutes=rng.randint(5, 90)))
                if status is PromiseStatus.OPEN:
                    updated = created
                else:
                    settled = due or s.day + timedelta(days=30)
                    updated = self.later(created, _at(settled, 17 * 60))
                row = {
                    "id": next_id,
                    "client_id": p.id,
                    "session_id": s.id if rng.random() >= 0.05 else None,
                    "owner": owner.value,
                    "text": text_,
                    "due_on": due,
                    "status": status.value,
                    "created_at": created,
                    "updated_at": updated,
                }
                rows.append(row)
                if owner is PromiseOwner.COACH and status is PromiseStatus.MISSED:
                    p.missed_coach.append(row)

    def promise_status(self, owner: PromiseOwner, made: date, due: date | None) -> PromiseStatus:
        r = self.rng.random()
        if due is None:
            if (self.today - made).days < 60:
                return PromiseStatus.OPEN
            return PromiseStatus.KEPT if r < 0.7 else PromiseStatus.MISSED
        if due >= self.today:
            return PromiseStatus.OPEN
        if (self.today - due).days > 60:  # long overdue: almost always settled by now
            kept, missed = (0.85, 0.99) if owner is PromiseOwner.COACH else (0.65, 0.98)
        else:
            kept, missed = (0.80, 0.92) if owner is PromiseOwner.COACH else (0.60, 0.82)
        if r < kept:
            return PromiseStatus.KEPT
        if r < missed:
            return PromiseStatus.MISSED
        return PromiseStatus.OPEN

    # -- breaches ----------------------------------------------------------

    def build_breaches(self) -> None:
        rng, rows = self.rng, self.rows["breaches"]
        next_id = self.id_base["breaches"]
        profiles = {p.id: p for p in self.profiles}
        if self.seed_matter is not None and self.seed_breach_session is not None:
            next_id += 1
            rows.append(self.seed_breach_row(next_id))
        candidates = [
            m
            for m in self.rows["matters"]
            if m["_statement"] is not None and profiles[m["client_id"]].held
        ]
        if candidates:
            cumulative, total = [], 0.0
            for m in candidates:
                total += m["importance"] + (1.5 if m["_statement"].triggers else 0.0)
                cumulative.append(total)
            picks = rng.choices(candidates, cum_weights=cumulative, k=2 * self.plan.breaches)
            seen: set[tuple[int, date]] = set()
            for m in picks:
                if len(rows) >= self.plan.breaches:
                    break
                row = self.breach_row(next_id + 1, m, profiles[m["client_id"]])
                if (m["id"], row["occurred_on"]) in seen:
                    continue
                seen.add((m["id"], row["occurred_on"]))
                next_id += 1
                rows.append(row)
        self.cover_repair_states()
        for row in rows:
            if row["session_id"] is not None:
                previous = self.breach_severity.get(row["session_id"], 0)
                self.breach_severity[row["session_id"]] = max(previous, row["severity"])

    def seed_breach_row(self, breach_id: int) -> dict[str, Any]:
        s = self.seed_breach_session
        p = self.seed
        assert s is not None and p is not None and self.seed_matter is not None
        later_held = [h for h in p.held if h.day > s.day]
        repaired_on = later_held[0].day if later_held else s.day + timedelta(days=1)
        created = self.cap(s.end + timedelta(hours=2))
        return {
            "id": breach_id,
            "matter_id": self.seed_matter["id"],
            "session_id": s.id,
            "commitment_id": None,
            "occurred_on": s.day,
            "what_happened": "Tom Becker (HR) sat in on the session at the sponsor's request. "
            "I hadn't told Dan beforehand.",
            "how_it_landed": "I walked in and there was someone from HR. I spent the hour "
            "guarded instead of thinking.",
            "severity": 3,
            "repair_status": RepairStatus.REPAIRED.value,
            "repair_notes": "Apologised at the start of the next session, without excuses. "
            "Agreed: I tell Dan by email at least two days before anyone else joins, and he "
            "can say no.",
            "repaired_on": repaired_on,
            "created_at": created,
            "updated_at": self.later(created, _at(repaired_on, 17 * 60)),
        }

    def breach_sessions(self, p: _Profile, trigger: Trigger | None, since: date) -> list[_Sess]:
        """The client's past sessions where a breach of this kind plausibly happened."""
        past = [s for s in p.sessions if s.day < self.today and s is not self.seed_breach_session]
        if trigger is Trigger.FIRST_SESSION:
            return [s for s in past[:1] if s.status is SessionStatus.HELD]
        held = [s for s in past if s.status is SessionStatus.HELD]
        if trigger is Trigger.GUESTS:
            with_guests = [s for s in held if s.guests]
            unannounced = [s for s in with_guests if any(g[2] is None for g in s.guests)]
            pool = unannounced or with_guests
        elif trigger is Trigger.SCHEDULE_CHANGE:
            pool = [s for s in past if s.original_start or s.status is SessionStatus.CANCELLED]
        elif trigger is Trigger.PLACE_CHANGE:
            pool = [s for s in held if s.medium is not p.medium or s.location != p.location]
        else:
            pool = []
        pool = [s for s in pool if s.day >= since] or pool
        return pool or [s for s in held if s.day >= since]

    def breach_row(self, breach_id: int, m: dict[str, Any], p: _Profile) -> dict[str, Any]:
        rng, today = self.rng, self.today
        statement: _Statement = m["_statement"]
        trigger = statement.triggers[0] if statement.triggers else None
        captured: date = m["captured_on"]
        session: _Sess | None = None
        commitment_id = None
        guest = p.manager[0]
        minutes = rng.choice((7, 10, 12, 15))
        what, landed = statement.what_happened, statement.how_it_landed
        if trigger is Trigger.FOLLOW_UP and p.missed_coach and rng.random() < 0.6:
            promise = rng.choice(p.missed_coach)
            due: date = promise["due_on"] or captured
            occurred = min(due + timedelta(days=1), today - timedelta(days=1))
            commitment_id = promise["id"]
            text_ = promise["text"]
            what = f"Promised to {text_[0].lower()}{text_[1:]} by {due.day} {due:%B}; didn't."
        else:
            pool = self.breach_sessions(p, trigger, captured)
            source = m["source_session_id"]
            if pool and (rng.random() >= 0.25 or not source):
                session = rng.choice(pool)
                occurred = session.day
            else:
                session = next((s for s in p.held if s.id == source), None) if source else None
                occurred = captured
            if session is not None and session.guests:
                guest = session.guests[0][0]
            if trigger in (Trigger.FEES, Trigger.CONFIDENTIALITY) and rng.random() < 0.5:
                session = None  # it happened between sessions: an invoice, a report, a call
        values = {"name": p.first, "guest": guest, "minutes": minutes}
        age = (today - occurred).days
        r = rng.random()
        if age < 14:
            status = (
                RepairStatus.OPEN
                if r < 0.6
                else RepairStatus.ACKNOWLEDGED
                if r < 0.9
                else RepairStatus.REPAIRED
            )
        elif age < 60:
            status = (
                RepairStatus.OPEN
                if r < 0.25
                else RepairStatus.ACKNOWLEDGED
                if r < 0.6
                else RepairStatus.REPAIRED
            )
        else:
            status = (
                RepairStatus.OPEN
                if r < 0.05
                else RepairStatus.ACKNOWLEDGED
                if r < 0.2
                else RepairStatus.REPAIRED
            )
        created = self.cap(
            session.end + timedelta(hours=rng.randint(1, 30)) if session else _at(occurred, 17 * 60)
        )
        row = {
            "id": breach_id,
            "matter_id": m["id"],
            "session_id": session.id if session else None,
            "commitment_id": commitment_id,
            "occurred_on": occurred,
            "what_happened": what.format(**values),
            "how_it_landed": landed.format(**values) if rng.random() < 0.85 else "",
            "severity": max(1, min(3, m["importance"] + rng.choice((-1, 0, 0, 1)))),
            "repair_status": status.value,
            "repair_notes": "",
            "repaired_on": None,
            "created_at": created,
            "updated_at": created,
            "_name": p.first,
        }
        self.set_repair(row, status)
        return row

    def set_repair(self, row: dict[str, Any], status: RepairStatus) -> None:
        rng = self.rng
        name = row.get("_name", "the client")
        row["repair_status"] = status.value
        row["repair_notes"] = ""
        row["repaired_on"] = None
        row["updated_at"] = row["created_at"]
        occurred: date = row["occurred_on"]
        if status is RepairStatus.ACKNOWLEDGED:
            row["repair_notes"] = rng.choice(_ACKNOWLEDGED_NOTES).format(name=name)
            moment = _at(occurred + timedelta(days=rng.randint(0, 3)), 17 * 60)
            row["updated_at"] = self.later(row["created_at"], moment)
        elif status is RepairStatus.REPAIRED:
            room = max(0, (self.today - occurred).days - 1)
            repaired = occurred + timedelta(days=rng.randint(min(1, room), min(30, room)))
            row["repair_notes"] = rng.choice(_REPAIRED_NOTES).format(name=name)
            row["repaired_on"] = repaired
            row["updated_at"] = self.later(row["created_at"], _at(repaired, 17 * 60))

    def cover_repair_states(self) -> None:
        """Make sure every repair state appears, however few breaches there are."""
        generated = [row for row in self.rows["breaches"] if "_name" in row]
        if len(generated) < 3:
            return
        ordered = sorted(generated, key=lambda row: (row["occurred_on"], row["id"]))
        wanted = (
            (RepairStatus.REPAIRED, ordered),
            (RepairStatus.OPEN, ordered[::-1]),
            (RepairStatus.ACKNOWLEDGED, ordered[::-1]),
        )
        for status, pool in wanted:
            states = [row["repair_status"] for row in ordered]
            if status.value in states:
                continue
            for row in pool:
                if states.count(row["repair_status"]) > 1:
                    self.set_repair(row, status)
                    break

    # -- feedback ----------------------------------------------------------

    def build_feedback(self) -> None:
        rng = self.rng
        checks, answers = self.rows["pulse_checks"], self.rows["pulse_answers"]
        check_id, answer_id = self.id_base["pulse_checks"], self.id_base["pulse_answers"]
        for p in self.profiles:
            held = p.held
            for position, s in enumerate(held):
                seed_case = s is self.seed_breach_session
                if not seed_case and rng.random() >= _FEEDBACK_RATE:
                    continue
                grown = position / max(1, len(held) - 1)
                understood = p.base_understood + 0.6 * grown + rng.gauss(0, 0.6)
                trust = p.base_trust + 0.5 * grown + rng.gauss(0, 0.5)
                severity = self.breach_severity.get(s.id, 0)
                understood -= 0.5 * severity
                trust -= 0.8 * severity
                reported = [max(1, min(5, round(understood))), max(1, min(5, round(trust)))]
                predicted: list[int | None] = [
                    max(1, min(5, value + p.bias + rng.choice((-1, 0, 0, 0, 1))))
                    for value in reported
                ]
                skipped = rng.random() < 0.08
                predicted_at: datetime | None = s.end + timedelta(minutes=rng.randint(2, 30))
                reported_at = s.end + timedelta(hours=rng.randint(2, 60))
                answered = rng.random() >= 0.06 and reported_at <= self.stamp
                if skipped and answered:
                    predicted, predicted_at = [None, None], None
                comment = ""
                if seed_case:
                    predicted, reported = [4, 4], [2, 2]
                    predicted_at = s.end + timedelta(minutes=10)
                    answered = True
                    comment = (
                        "I didn't expect someone from HR to be there. I didn't say anything "
                        "real for the whole hour."
                    )
                elif answered and rng.random() < 0.35:
                    low = min(reported)
                    band = (
                        _COMMENTS_LOW
                        if low <= 2 or severity
                        else _COMMENTS_MID
                        if low == 3
                        else _COMMENTS_HIGH
                    )
                    comment = rng.choice(band)
                check_id += 1
                created = self.cap(predicted_at or s.end)
                reported_on = reported_at if answered else None
                checks.append(
                    {
                        "id": check_id,
                        "session_id": s.id,
                        "predicted_at": predicted_at,
                        "prediction_skipped": predicted_at is None,
                        "reported_at": reported_on,
                        "comment": comment,
                        "created_at": created,
                        "updated_at": self.later(created, reported_on or created),
                    }
                )
                for index, question in enumerate(DEFAULT_FEEDBACK_QUESTIONS[:2]):
                    answer_id += 1
                    answers.append(
                        {
                            "id": answer_id,
                            "pulse_check_id": check_id,
                            "position": index,
                            "question": question,
                            "predicted": predicted[index],
                            "reported": reported[index] if answered else None,
                            "created_at": created,
                            "updated_at": self.later(created, reported_on or created),
                        }
                    )

    # -- output ------------------------------------------------------------

    def session_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": s.id,
                "client_id": s.client.id,
                "start": s.start,
                "duration_minutes": s.duration,
                "medium": s.medium.value,
                "location": s.location,
                "status": s.status.value,
                "original_start": s.original_start,
                "agenda": s.agenda,
                "private_notes": s.notes,
                "recorded": s.recorded,
                "created_at": s.created_at,
                "updated_at": max(s.created_at, s.updated_at),
            }
            for s in self.sessions
        ]

    def build(self) -> None:
        steps: list[Callable[[], None]] = [
            self.build_clients,
            self.build_sessions,
            self.build_guests,
            self.build_matters,
            self.build_commitments,
            self.build_breaches,
            self.build_feedback,
            self.build_moves,
            self.words_only,
        ]
        for index, step in enumerate(steps, start=1):
            step()
            self.report(0.3 * index / len(steps))
        self.rows["clients"] = [p.row for p in self.profiles]
        self.rows["coaching_sessions"] = self.session_rows()
        for table in ("matters", "breaches"):
            for row in self.rows[table]:
                row.pop("_statement", None)
                row.pop("_name", None)


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------


def _client_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Client.__table__)) or 0


def generate_demo(
    db: Database,
    size: str = "demo",
    *,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[float], None] | None = None,
) -> DemoCounts:
    """Write a demo practice of ``size`` into ``db``, which must have no clients yet.

    Raises ``ValueError`` for a size not in ``SIZES`` and ``DemoRefused`` when the
    file already holds clients (nothing is written then).  ``progress`` is called
    with a fraction from 0 to 1 as the work goes on.
    """
    if size not in _PLANS:
        raise ValueError(f"unknown demo size {size!r}; expected one of {', '.join(SIZES)}")
    today = today or date.today()
    with db.session() as session:
        if _client_count(session):
            raise DemoRefused()
        bases = {name: following - 1 for name, following in next_ids(session).items()}
    if progress is not None:
        progress(0.0)
    more = random.Random(f"coachdesk-demo-{seed}")
    builder = _Builder(_PLANS[size], random.Random(seed), today, bases, progress, more)
    builder.build()
    total = sum(len(rows) for rows in builder.rows.values()) or 1
    done = 0

    def written(count: int) -> None:
        nonlocal done
        done += count
        builder.report(0.3 + 0.7 * done / total)

    with db.session() as session:
        if _client_count(session):
            raise DemoRefused()
        insert_rows(session, builder.rows, written)
    rows = builder.rows
    counts = DemoCounts(
        clients=len(rows["clients"]),
        sessions=len(rows["coaching_sessions"]),
        guests=len(rows["guests"]),
        matters=len(rows["matters"]),
        breaches=len(rows["breaches"]),
        promises=len(rows["commitments"]),
        feedback=len(rows["pulse_checks"]),
    )
    logger.info("demo practice %r written: %s", size, counts)
    builder.report(1.0)
    return counts
