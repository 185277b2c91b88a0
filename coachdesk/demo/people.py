"""The demo's clients: the hand-written ones and, for the larger sizes, generated ones."""

from __future__ import annotations

from coachdesk.demo.curated import _CURATED, SEED_CLIENT_NAME, _Curated
from coachdesk.demo.model import _DAY_END, _DAY_START, _ascii, _Profile, _State
from coachdesk.demo.texts import (
    _CLIENT_NOTES,
    _FIRST_NAMES,
    _HR_ROLES,
    _LAST_NAMES,
    _MANAGER_ROLES,
    _MEETING_PLACES,
    _OFFICE_ROOMS,
    _ORGANISATIONS,
    _PHONE_FORMATS,
    _ROLES,
)
from coachdesk.domain.vocab import ClientStatus, Medium


class _People(_State):
    """Builds ``profiles`` (each with its client row), and finds the seed client."""

    def phone(self) -> str:
        pattern, widths = self.rng.choice(_PHONE_FORMATS)
        return pattern.format(*(self.rng.randrange(10**width) for width in widths))

    def person(self, roles: tuple[str, ...]) -> tuple[str, str]:
        first, _ = self.rng.choice(_FIRST_NAMES)
        return f"{first} {self.rng.choice(_LAST_NAMES)}", self.rng.choice(roles)

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
