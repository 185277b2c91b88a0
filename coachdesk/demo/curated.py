"""The demo practice's twelve hand-written clients, the same in every size.  The first
is the seed case (``SEED_CLIENT_NAME``): the story the package's docstring tells."""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.domain.vocab import ClientStatus, Medium

SEED_CLIENT_NAME = "Daniel Okafor"
SEED_MATTER_STATEMENT = "Let me know ahead of time if someone else will join"
SEED_GUEST_NAME = "Maria Lopez"
SEED_GUEST_ROLE = "BUILT TO LEAD"


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
