"""The demo's feedback: pulse checks after held sessions, predicted and reported."""

from __future__ import annotations

from datetime import datetime, timedelta

from coachdesk.demo.model import _FEEDBACK_RATE, _State
from coachdesk.demo.texts import _COMMENTS_HIGH, _COMMENTS_LOW, _COMMENTS_MID
from coachdesk.domain.vocab import DEFAULT_FEEDBACK_QUESTIONS


class _Feedback(_State):
    """Builds the ``pulse_checks`` and ``pulse_answers`` rows."""

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
