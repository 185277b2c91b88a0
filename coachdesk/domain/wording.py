"""The statement reader: which circumstances a client's own words speak of.

``read_statement`` finds, in a statement such as "Warn me before anybody else sits in on our
sessions", the triggers it speaks of (here ``guests``), each with a reason for the coach
("your words mention someone else joining") and the words that show it, as written
("anybody else sits in").  The rules:

- **Cues.**  Each language of ``words.LANGUAGES`` has a small lexicon: per trigger, a list
  of cues of one to four words.  A cue word is matched on its Snowball stem (so "join"
  finds "joins" and "joining"), or, written ``word*``, as the beginning of a folded word
  (German and Spanish compounds: ``aufnehm*`` finds "Aufnehmen", ``grab*`` "grabación"),
  or, written ``*word``, as the end of a folded word (the heads of German compounds:
  ``*gäste`` finds "Überraschungsgäste", ``*aufnahme`` "Tonaufnahme"; at least three
  letters, like a beginning), or, written ``=word``, as exactly that folded word (where
  the stem would mix senses: ``=honest`` but not "honestly").  ``a|b`` is either word
  (``=a|b`` either exact word).  A cue's words must follow one another in the statement.
  The lexicons are compiled at import.
- **Senses.**  A cue may carry blockers: the neighbouring words that turn it into another
  sense, written around ``@`` for the cue itself ("on @" and "@ year" for "record": "I'm
  on record", "a record year"; "@ the dots" for "join").  A blocked cue does not count.
- **Dismissals.**  A dismissal ("not about", "don't mind", "no problem with", "doesn't
  matter", "egal", "kein Problem", "pas de problème", "ça m'est égal", "me da igual", "no
  me importa") says the circumstance does not matter to the client.  A cue that starts at
  most six words after a dismissal, or ends at most four words before one, in the same
  clause, is dismissed, and so is then every cue of its trigger in that clause.  Clauses
  end at ``. ! ? ;`` and before a contrasting word ("but", "aber", "mais", "pero"): in
  "It's not about money, but please start on time" only ``timekeeping`` fires.
- **Conditions undo a dismissal.**  A dismissal followed, later in its clause, by a
  condition ("if", "as long as", "provided", "solange", "wenn", "tant que", "si",
  "siempre que", "mientras") whose request ("ask", "tell me", "warn", "let me know",
  "fragen", "Bescheid", "demander", "prévenir", "preguntar", "avisar") starts at most
  four words after it dismisses nothing: "I don't mind being recorded as long as you ask
  first" fires ``recording``; "I don't mind if someone else joins" still fires nothing.
- **A request brings a dismissed trigger back.**  A clause that starts with a contrasting
  word, has no cue of its own and asks to be told in advance (a request with "before",
  "beforehand", "first", "ahead", "vorher", "avant", "antes" at most three words after
  it) restores the triggers dismissed in the clause before: "No problem with guests, but
  tell me beforehand" fires ``guests``; "..., but tell me about your week" does not.
- **Negation is not dismissal.**  "Don't record me without asking" speaks of recording,
  and fires it: a wish is often a "don't".  Only the dismissals above silence a cue.
- **Readings.**  At most one ``Reading`` per trigger, in ``Trigger`` order.  Its evidence
  is the first cue of the trigger that counts, widened to the cues of the same trigger
  that touch it, quoted from the statement as written.
- ``first_session`` fires on words about the first sessions ("our first session", "at the
  beginning of our work"), not on "first" alone.
- The language is the one given, or ``words.guess_language`` of the statement.

Reading is cached on (statement, language) and linear in the statement's length: each
word is looked up once in the index of the cues' first words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from coachdesk.domain.vocab import Trigger
from coachdesk.domain.words import (
    LANGUAGES,
    check_language,
    fold,
    guess_language,
    stem,
    stems,
    tokens,
    words_with_spans,
)

PHRASES: dict[Trigger, str] = {
    Trigger.GUESTS: "someone else joining",
    Trigger.SCHEDULE_CHANGE: "moving or cancelling a session",
    Trigger.PLACE_CHANGE: "how or where you meet",
    Trigger.RECORDING: "recording",
    Trigger.FIRST_SESSION: "the first sessions",
    Trigger.FEEDBACK: "feedback",
    Trigger.CONFIDENTIALITY: "confidentiality or third parties",
    Trigger.TIMEKEEPING: "time and punctuality",
    Trigger.FOLLOW_UP: "notes or follow-up",
    Trigger.FEES: "money or fees",
}
"""What each trigger is about, in the words a reason uses."""

DISMISSED_AFTER = 6
"""A cue at most this many words after a dismissal (same clause) is dismissed."""
DISMISSED_BEFORE = 4
"""A cue ending at most this many words before a dismissal (same clause) is dismissed."""


@dataclass(frozen=True)
class Reading:
    """One circumstance a statement speaks of."""

    trigger: Trigger
    reason: str
    evidence: str


def reason_for(trigger: Trigger) -> str:
    """The reason a reading of ``trigger`` gives: "your words mention …"."""
    return f"your words mention {PHRASES[trigger]}"


G, S, P, R, F = (
    Trigger.GUESTS,
    Trigger.SCHEDULE_CHANGE,
    Trigger.PLACE_CHANGE,
    Trigger.RECORDING,
    Trigger.FIRST_SESSION,
)
B, C, T, U, M = (
    Trigger.FEEDBACK,
    Trigger.CONFIDENTIALITY,
    Trigger.TIMEKEEPING,
    Trigger.FOLLOW_UP,
    Trigger.FEES,
)

_LEXICON: dict[str, dict[Trigger, tuple[str, ...]]] = {
    "en": {
        G: (
            "someone|somebody|anyone|anybody else ! be @ ! being @ ! blame @ ! @ s",
            "sit|sits|sitting|sat in on",
            "sit|sits|sitting|sat in ! @ traffic ! @ silence ! @ meetings ! @ front",
            "join|joins|joining|joined ! @ the|a|this company|firm|team|board|dots ! @ forces",
            "guest|guests",
            "third person",
            "=observer|observers",
            "bring|brings|bringing|brought someone|somebody|anyone|anybody|along",
            "bring|brings|bringing|brought a|my colleague|partner|friend|manager|boss",
            "invite|invites|inviting|invited ! @ to",
            "listen|listens|listening in",
            "other people in the room",
            "others|nobody|anyone in the room",
            "another person|coach",
            "come|comes|coming along",
            "visitor|visitors",
            "surprise|unannounced|unexpected visit|visits",
            "visit|visits|visited|visiting from|by ! home|site|doctor|hospital|nurse|state @",
            "=newcomers|outsiders",
            "=newcomer|outsider ! a|an @ ! like @",
        ),
        S: (
            "move|moves|moved|moving the|our|a|my|this|it|session|sessions|appointment|meeting "
            "! @ goalposts",
            "reschedule|rescheduled|rescheduling",
            "cancel|cancels|cancelled|cancelling|cancellation ! @ out ! @ culture",
            "postpone|postponed|postponing|postponement",
            "change|changes|changing|changed the|a|our time|date|day|appointment|slot|session",
            "last minute|moment",
            "call|calls|calling|called off",
            "short notice",
            "rearrange|rearranged|rearranging",
            "shift|shifting|shifted the|our session|sessions|appointment|meeting",
        ),
        P: (
            "phone|phones|telephone ! @ number",
            "video|videos ! watch|watched|watching a|the @ ! @ game|games|record|recording",
            "in person",
            "face to face",
            "see|seeing your|my face",
            "zoom ! @ in|out",
            "microsoft teams",
            "teams call|meeting|link",
            "skype|webex",
            "camera|cameras|webcam",
            "online",
            "your office|practice|studio",
            "meet|meeting|come|coming at|to your|the office|place|cafe",
            "where we meet",
            "location|venue|locations",
            "same|different place|room|location",
        ),
        R: (
            "record|records|recorded|recording|recordings|recorder "
            "! on @ ! off the @ ! for the @ ! track @ ! criminal|medical @ "
            "! @ year|high|low|number|time|label|player|holder|breaking",
            "tape|tapes|taped|taping ! red|duct|sticky @ ! @ measure",
            "=filmed|filming",
            "film|films me|us|it|our|the session|sessions",
            "transcri*",
            "=audio",
        ),
        F: (
            "first|initial|opening|1st session|sessions|meeting|meetings|appointment|call|calls",
            "first few|couple sessions|meetings|weeks",
            "first couple of sessions|meetings|weeks",
            "at|in the start|beginning of our|the coaching|work|relationship",
            "in the beginning",
            "get|getting to know each other",
            "new to coaching",
            "never had a coach",
        ),
        B: (
            "feedback",
            "criticism|criticise|criticize|criticised|criticized|critique",
            "=blunt|bluntly",
            "=honest|honesty ! to be @ ! if i m|am being @ ! @ speaking",
            "be|being direct|straight|frank",
            "direct|straight|frank with me",
            "tell me straight",
            "sugarcoat|sugarcoating",
            "sugar coat",
            "360",
            "performance|annual|peer review|reviews|appraisal",
            "appraisal|appraisals|assessment|assessments",
        ),
        C: (
            "confidential|confidentiality|confidentially",
            "between us",
            "between you and me",
            "off the record",
            "private|privately|privacy ! @ sector|equity|school|bank|banking",
            "my|our|the|your|his|her boss|bosses|manager|managers|supervisor|employer",
            "line manager",
            "=hr",
            "human resources",
            "sponsor|sponsors",
            "my|our company|employer|firm|organisation|organization",
            "tell|telling|tells anyone|anybody|nobody|no one",
            "third party|parties",
            "in front of",
            "secret|secrets",
            "nobody|anyone|anybody at work",
        ),
        T: (
            "on time ! @ zone",
            "punctual|punctuality|punctually",
            "=late ! of @ ! too @ to ! work|works|working|worked|stay|stayed|staying @ "
            "! my|her|his @ ! @ at|in night|the evening|day ! @ night|nights",
            "overrun|overruns|overran|overrunning",
            "run|runs|running|ran over|long",
            "keep|keeps|kept me|us waiting",
            "respect|respects|value|waste|wasting|wasted my|our time",
            "timekeeping",
            "time keeping",
            "watch|watches the clock",
            "finish|end|stop|start|starts|begin promptly|sharp",
            "keep|keeps|kept|keeping|stick|sticks|stuck|sticking to time",
            "keep|keeps|kept|keeping|stick|sticks|stuck|sticking to the|our "
            "time|schedule|timetable|slot",
            "stay|stays|stayed|staying|keep|stick within time",
            "stay|stays|stayed|staying|keep|stick within the|our time|slot|hour",
            "agreed|scheduled|allotted|booked time|end|duration|length",
            "time|end we|you agreed",
            "go|goes|going|went over time",
        ),
        U: (
            "note|notes|noted ! @ that ! please @ ! take @ of ! high|low|musical|bank|sticky @",
            "summary|summaries|summarise|summarize|summarised|summarized|recap|recaps",
            "write up",
            "send|sends|sending me|us|over|it|them",
            "follow up|ups",
            "followup|followups",
            "following up",
            "email me",
            "in writing",
            "material|materials|handout|handouts|worksheet|worksheets|slides",
            "reading list",
            "action item|items|points",
            "next steps",
            "remind me",
            "reminder|reminders",
        ),
        M: (
            "money",
            "fee|fees",
            "invoice|invoices|invoicing|invoiced",
            "price|prices|pricing",
            "cost|costs|costly ! at all|any @",
            "pay|pays|paid|paying|payment|payments ! @ attention ! @ off",
            "billing|billed",
            "bill me|us",
            "the|my|your|a bill|bills",
            "charge|charges|charged|charging ! in @ ! take @ ! @ my|the phone|laptop|battery",
            "refund|refunds|discount|discounts|deposit",
            "your|hourly|day rate|rates",
            "afford|affordable|expensive|cheaper",
            "contract|contracts|renewal|renew|renews",
        ),
    },
    "de": {
        G: (
            "jemand|jemanden|jemandem|irgendjemand|irgendwer "
            "anderes|anders|anderen|weiteres|zusätzlich|dabei|dazu*|mit*",
            "dazukomm*|dazugekomm*|dazusto*|dazuhol*|dazugeholt",
            "dabei sein|ist|sind|sitzt",
            "gast|gäste|gästen",
            "mitbring*|mitgebracht*",
            "beobachter*",
            "dritte|dritter person",
            "mithör*|zuhörer*",
            "teilnehm*|teilnimm*",
            "noch jemand|einer",
            "*gast|*gäste|*gästen",
            "besucher*|*besucher|*besucherin|überraschungsbesuch*",
        ),
        S: (
            "verschieb*|verschob*",
            "absag*|abgesagt*|absage",
            "ausfall*|ausfäll*",
            "fällt|fallen aus",
            "termin|termine|sitzung ändern|tauschen|verlegen|verlegt",
            "terminänderung*",
            "kurzfristig*",
            "umplan*|umgeplant*",
            "neuen termin",
            "letzten minute|moment",
        ),
        P: (
            "telefon*",
            "video|videos|videocall|videoanruf|videokonferenz|videositzung|videotermin|videochat",
            "persönlich|persönliches|persönlichen treffen|sehen|gespräch|termin|sitzung|kommen",
            "vor ort",
            "in präsenz",
            "präsenz*",
            "online",
            "zoom ! @ in",
            "teams",
            "kamera*|webcam",
            "deinem|ihrem|im|ins|dein|ihr büro|praxis",
            "anderen|gleichen ort|raum",
            "treffpunkt",
            "von angesicht",
            "gesicht sehen",
        ),
        R: (
            "aufnehm*|aufnahm*|aufnimm*|aufgenomm* ! kontakt @ ! verbindung @ ! @ in",
            "aufzeichn*|aufgezeichn*",
            "mitschneid*|mitschnitt*|mitgeschnitt*",
            "filmen|gefilmt|filmst|filmt",
            "transkri*",
            "*aufnahme|*aufnahmen|*aufzeichnung|*aufzeichnungen",
        ),
        F: (
            "erste|ersten|erstes sitzung|sitzungen|termin|termine|treffen|gespräch|stunde",
            "erstgespräch*|ersttermin*|*erstgespräch",
            "am|zu anfang|beginn ! @ jeder|jedes|der sitzung|stunde",
            "kennenlern*",
        ),
        B: (
            "feedback",
            "rückmeldung|rückmeldungen",
            "kritik|kritisier*",
            "ehrlich|ehrliche|ehrlichen|ehrlichkeit ! @ gesagt ! um @ ! @ zu sein",
            "sei|seien|bist direkt|offen",
            "direkt|offen sein|sag*",
            "direkt|offen zu|mit mir",
            "360",
            "beurteilung*|leistungsbeurteil*|mitarbeitergespräch*",
            "schonungslos|unverblümt",
        ),
        C: (
            "vertraulich*",
            "chef|chefin|chefs|cheffin",
            "personalabteilung",
            "=hr",
            "vorgesetzt*",
            "arbeitgeber*",
            "unter uns",
            "privat*",
            "meine|meiner|unsere firma|firmenleitung",
            "geschäftsführung",
            "sponsor*",
            "an|gegenüber|vor dritten|dritte",
            "schweigepflicht",
            "weitererzähl*|weitersag*",
            "vor anderen",
            "geheim*",
        ),
        T: (
            "pünktlich*|unpünktlich*",
            "verspät*",
            "zu spät ! @ um",
            "überzieh*|überzog*",
            "warten lass*|lies*",
            "zeit einhalt*|einhält*",
            "auf die zeit achten|achtest",
            "länger als geplant",
            "vereinbart*|abgemacht*|geplant* zeit|dauer|uhrzeit|ende",
            "an die|unsere zeit halt*|hält*",
            "halt*|hält* dich|sich|euch|sie an die|unsere zeit",
            "im zeitrahmen|zeitplan",
        ),
        U: (
            "protokoll*",
            "zusammenfass*",
            "schick*|zuschick*|zusend*",
            "sende|sendest|senden mir|uns",
            "notiz|notizen",
            "unterlagen",
            "material|materialien",
            "nachbereit*|nachhak*|nachfass*",
            "per mail|email|e",
            "*protokoll|*zusammenfassung",
            "schriftlich",
            "nächsten schritte",
            "erinnerung|erinnerungen",
        ),
        M: (
            "honorar*|*honorar",
            "rechnung* ! @ trag*",
            "geld*",
            "kosten|kostet ! auf @",
            "preis|preise|preiserhöh*",
            "bezahl*|zahlung*",
            "gebühr*",
            "tarif",
            "teuer",
            "stundensatz*",
            "vertrag|verträge|vertragsverlänger*",
            "rabatt",
        ),
    },
    "fr": {
        G: (
            "quelqu un d autre",
            "quelqu un assist*|vien*|particip*|ecout*|present*|sera|se|nous",
            "personne d autre",
            "invité|invités|invitée|invitées|inviter|invites|invite",
            "se|nous joindre|joint|joignent|joindra|joigne",
            "assist*|particip* ! @ actif|active",
            "observateur*|observatrice*",
            "tierce personne",
            "amen*|emmen* quelqu*|un|une|mon|ma collègue|collegue|manager|chef|ami|amie",
            "dans la pièce|salle",
            "venir|viens|vient|venir avec",
            "visiteur*|visiteuse*",
            "visite|visites surprise|surprises|imprévue|imprévues|inattendue|inattendues",
        ),
        S: (
            "déplacer|déplacé|déplacée|déplace|déplaces|déplacement ! me|se|nous|te @",
            "annul*",
            "reporter|reporté|reportée|reportes|reporte|report ! @ de|du",
            "décaler|décalé|décalée|décale",
            "chang* la|l|le|de date|heure|jour|rendez|créneau|séance",
            "dernière minute|moment",
            "reprogramm*",
            "changement de date|créneau|créneaux",
            "changement d horaire",
        ),
        P: (
            "téléphon*",
            "visio*",
            "vidéo|video",
            "en personne",
            "présentiel*",
            "en vrai",
            "face à face",
            "caméra|camera|webcam",
            "zoom",
            "teams",
            "votre|ton cabinet|bureau",
            "le|un|du|même|autre lieu|endroit",
            "lieu de rendez",
            "en ligne",
            "voir ton|votre visage",
        ),
        R: ("enregistr*", "filmer*", "=filme|filmee|filmes|filmez", "transcri*"),
        F: (
            "premier|première|premiers|premières séance|séances|rendez|entretien|entretiens",
            "au début ! @ de chaque|chacune",
            "faire connaissance",
        ),
        B: (
            "feedback",
            "critiqu*",
            "=franc|franche|franchise ! @ suisse|suisses",
            "=honnete|honnetete ! pour etre @",
            "sois|soyez|etre direct|directe",
            "retour|retours ! de @ ! au @ ! mon|ton|son|leur|à @ ! @ au|à|a|en|chez|de",
            "avis honnête|sincère",
            "360",
            "évaluation|évaluations|entretien annuel",
            "sans détour|détours",
            "mâcher mes|ses|tes|vos mots",
        ),
        C: (
            "confidenti*",
            "patron|patronne|patrons",
            "=rh",
            "ressources humaines",
            "mon|ma|notre|son manager|chef|cheffe|supérieur|supérieure|hiérarchie|employeur",
            "mon|ma|notre entreprise|boîte|société",
            "n 1",
            "entre nous",
            "privé|privée|privés|privées|vie privée",
            "sponsor|sponsors",
            "des tiers",
            "devant les|d|mon|mes autres|équipe|collègues",
            "secret",
        ),
        T: (
            "à l heure ! tout @ ! @ actuelle",
            "ponctu*",
            "retard*",
            "dépass* l|le heure|temps|horaire",
            "déborder|déborde|débordé|débordement",
            "fais|faire|faites|fait attendre",
            "respect* le|l|les temps|horaire|horaires|heure",
            "heure|horaire|durée|fin convenue|convenu|prévue|prévu|fixée|fixé",
            "temps convenu|prévu|imparti",
            "tenir|tiens|tenez|tienne dans le|les temps",
        ),
        U: (
            "compte rendu|rendus",
            "comptes rendus",
            "note|notes ! bonne|mauvaise|bonnes|mauvaises @ ! @ de musique",
            "résumé|résumés|résumer",
            "récapitul*",
            "envoi*|envoy*",
            "par écrit|mail|email|courriel|e",
            "=suivi",
            "documents",
            "prochaines étapes",
            "rappel|rappels",
        ),
        M: (
            "honoraire*",
            "factur*",
            "argent",
            "tarif*",
            "prix",
            "payer*|paie*|paiement*",
            "=paye|payee",
            "coût|coûte|coûter|coûts",
            "contrat*",
            "rembours*",
            "devis",
        ),
    },
    "es": {
        G: (
            "alguien más|otro|otra",
            "otra persona",
            "tercera persona",
            "invitado|invitada|invitados|invitadas|invitar",
            "se|nos une|una|unira|unen|unan|unirse",
            "alguien asist*|particip*|escuch*|entr*|vien*|venga",
            "asist*|particip* ! @ activ*",
            "acompañ* ! @ en|durante el proceso",
            "observador*",
            "traer|traigo|traiga|traigas|trae|traeré alguien|un|una|mi|colega|compañero",
            "nadie más",
            "visitante*",
            "visita|visitas sorpresa|inesperada|inesperadas",
        ),
        S: (
            "cambi* la|el|de hora|fecha|día|cita|sesión|horario",
            "cancel*",
            "aplaz*",
            "pospon*|pospuest*",
            "reprogram*",
            "mover|muevas|mueves|movemos|mueva la|una|nuestra sesión|cita|reunión",
            "última hora",
            "último momento",
            "poca antelación",
            "poco aviso",
            "anular|anula|anules",
        ),
        P: (
            "teléfon*|telefon*",
            "videollam*",
            "vídeo|video",
            "en persona",
            "presencial*",
            "cara a cara",
            "cámara|camara",
            "zoom",
            "teams",
            "tu|su oficina|consulta|despacho",
            "en línea",
            "online",
            "otro|mismo|el lugar|sitio ! en @ de",
            "verte|ver tu|ver la cara",
        ),
        R: ("grab*", "filma*", "=filmes|filme", "transcri*"),
        F: (
            "primer* sesión|sesiones|reunión|reuniones|cita|citas|encuentro",
            "al principio|comienzo|inicio ! @ de cada",
            "conocernos",
        ),
        B: (
            "feedback",
            "crític*|critic*",
            "comentarios",
            "sincero|sincera|sinceridad|sinceros ! para ser @",
            "honesto|honesta|honestidad ! para ser @",
            "ser|sé|seas|sea directo|directa|franco|franca",
            "franqueza",
            "retroaliment*",
            "360",
            "evaluación|evaluaciones",
            "sin rodeos",
        ),
        C: (
            "confidencial*",
            "jefe|jefa|jefes|jefas",
            "recursos humanos",
            "=rrhh",
            "mi|nuestra|la empresa|compañía|organización",
            "entre nosotros|nosotras",
            "entre tú y yo",
            "privado|privada|privacidad",
            "patrocinador*",
            "=terceros|terceras",
            "delante de otros|otras|mi|mis|los",
            "secreto",
        ),
        T: (
            "puntual*",
            "=tarde ! la|esta|cada|una|las|buenas|más @ ! por la @ ! toda la @ ! de la @",
            "retras*",
            "a tiempo ! @ completo|parcial",
            "a la hora ! @ de",
            "alarg*",
            "pas* de la hora",
            "pas* del tiempo",
            "respet* el|la horario|hora|tiempo",
            "hacerme esperar",
            "hora|horario|duración acordada|acordado|pactada|pactado|prevista|previsto",
            "tiempo acordado|pactado|previsto",
            "ajust*|ciñ*|ceñ* al tiempo|horario",
        ),
        U: (
            "resumen|resúmenes ! en @",
            "notas|nota ! buenas|malas|buena|mala @ ! @ musicales",
            "apuntes",
            "envia*|envie*|envio*|envía*|envíe*",
            "mandar*|mandam*|=mandes|mande",
            "por escrito|correo|email|mail|e",
            "seguimiento",
            "material|materiales",
            "próximos pasos",
            "recordatori*|recuérdam*|recordarm*",
        ),
        M: (
            "dinero",
            "factura*",
            "honorarios",
            "precio|precios",
            "pago|pagos|pagar|pagas|pague|pagues",
            "coste|costo|costes|costos",
            "tarifa*",
            "cobrar|cobras|cobro|cobre",
            "contrato*",
            "reembols*",
        ),
    },
}

_DISMISSALS: dict[str, tuple[str, ...]] = {
    "en": (
        "not about",
        "isn|wasn|aren t about",
        "no problem|problems|issue with",
        "not a problem|an issue",
        "don|doesn|didn t mind|care|matter|bother",
        "do|does|did not mind|care|matter|bother",
        "never mind",
        "not bothered|worried|fussed about|by",
        "fine with",
        "is|are fine",
        "okay|ok with",
        "not important",
        "happy either way",
    ),
    "de": (
        "egal",
        "kein|keine problem|probleme",
        "stört mich nicht",
        "macht mir nichts",
        "nicht schlimm",
        "nicht um|ums",
        "nicht wichtig",
        "keine rolle",
        "nichts dagegen",
        "ist in ordnung",
        "ist ok|okay",
    ),
    "fr": (
        "égal",
        "pas de problème|souci|soucis",
        "aucun problème|souci",
        "dérange|gêne pas",
        "peu importe",
        "pas d importance",
        "s agit pas",
        "pas une question",
        "pas grave",
        "m en fiche|fous",
        "me va très bien",
    ),
    "es": (
        "da|es igual",
        "no me importa|importan|molesta|molestan|preocupa|preocupan",
        "no hay problema",
        "ningún problema",
        "sin problema",
        "no tengo problema",
        "no se trata",
        "no es cuestión",
        "no pasa nada",
        "me parece bien",
        "no es importante",
    ),
}

_CONDITIONS: dict[str, tuple[str, ...]] = {
    "en": ("if", "as|so long as", "provided|providing", "on condition", "only when"),
    "de": ("wenn", "solange", "falls", "sofern", "vorausgesetzt"),
    "fr": ("si", "tant que", "à condition", "pourvu que"),
    "es": ("si", "siempre que|y", "mientras", "con tal", "a condición"),
}
"""Words that make what follows a condition: "as long as you ask"."""

_REQUESTS: dict[str, tuple[str, ...]] = {
    "en": (
        "ask|asks|asked|asking",
        "tell|tells|told me|us",
        "warn|warns|warned|warning",
        "let|lets me|us know",
        "check|checks|checked with",
        "inform|informs|notify|notifies",
        "my|our consent|permission|okay|ok",
        "give|gives me|us notice|warning",
    ),
    "de": (
        "frag*|gefragt",
        "sag|sagst|sagen|sagt mir|uns|es",
        "bescheid",
        "warn*|vorwarn*|gewarnt",
        "informier*|benachrichtig*",
        "zustimm*|einverständnis|erlaubnis|zugestimmt",
    ),
    "fr": (
        "demand*",
        "prévien*|préven*|avertis*|avertir",
        "dis|dites|dire moi|le|nous",
        "informe*|informer",
        "mon|notre accord|autorisation",
    ),
    "es": (
        "pregunt*",
        "avis*",
        "dime|dímelo|dígame|dígamelo|decirme|decírmelo",
        "me|nos lo digas|dices|diga|dice",
        "inform*",
        "mi|nuestro permiso|consentimiento|acuerdo",
    ),
}
"""Requests to be asked or told, as conditions and contrasts carry them."""

_ADVANCE: dict[str, tuple[str, ...]] = {
    "en": ("before|beforehand|first|ahead|advance",),
    "de": ("vorher|vorab|zuerst|rechtzeitig|davor|voraus",),
    "fr": ("avant|abord|avance|préalable",),
    "es": ("antes|primero|antelación|antemano|previamente",),
}
"""Words for "in advance" that make a request a wish to be told ahead."""

REQUEST_AFTER_CONDITION = 4
"""A condition's request starts at most this many words after the condition ends."""
ADVANCE_AFTER_REQUEST = 3
"""An advance word starts at most this many words after its request ends."""

_CONTRASTS: dict[str, frozenset[str]] = {
    "en": frozenset({"but", "however", "although", "though", "except"}),
    "de": frozenset({"aber", "sondern", "jedoch", "allerdings", "ausser"}),
    "fr": frozenset({"mais", "sauf", "cependant", "pourtant"}),
    "es": frozenset({"pero", "sino", "aunque", "excepto", "salvo"}),
}
_CLAUSE_END = re.compile(r"[.!?;]")

_Position = tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]
"""The stems, the exact folded words, the beginnings and the ends one word of a cue may
have."""
_Pattern = tuple[_Position, ...]


_DISMISSAL, _CONDITION, _REQUEST, _AHEAD = "dismissal", "condition", "request", "ahead"
"""The kinds of cue without a trigger."""


@dataclass(frozen=True)
class _Cue:
    trigger: Trigger | None  # None: a dismissal, condition, request or advance word
    pattern: _Pattern
    blockers: tuple[tuple[_Pattern, _Pattern], ...]  # the words before and after the cue
    kind: str = ""  # for a trigger None: which of them


def _position(word: str, language: str) -> _Position:
    stemmed: set[str] = set()
    exact: set[str] = set()
    prefixes: list[str] = []
    suffixes: list[str] = []
    if word.startswith("="):
        exact.update(fold(choice) for choice in word[1:].split("|"))
        return frozenset(), frozenset(exact), (), ()
    for choice in word.split("|"):
        if choice.endswith("*") or choice.startswith("*"):
            part = fold(choice.strip("*"))
            if len(part) < 3:
                raise ValueError(f"cue part {choice!r} is shorter than three letters")
            (prefixes if choice.endswith("*") else suffixes).append(part)
        else:
            stemmed.add(stem(fold(choice), language))
    return frozenset(stemmed), frozenset(exact), tuple(prefixes), tuple(suffixes)


def _pattern(text: str, language: str) -> _Pattern:
    positions: list[_Position] = []
    for word in text.split():
        if "|" in word or word[0] in "=*" or word[-1] == "*":
            positions.append(_position(word, language))
        else:  # a plain word, perhaps with an apostrophe or hyphen inside: one or more tokens
            positions.extend(_position(token, language) for token in tokens(word))
    return tuple(positions)


def _cue(entry: str, trigger: Trigger | None, language: str, kind: str = "") -> _Cue:
    cue, *blockers = (part.strip() for part in entry.split("!"))
    compiled = []
    for blocker in blockers:
        before, _, after = blocker.partition("@")
        compiled.append((_pattern(before, language), _pattern(after, language)))
    return _Cue(trigger, _pattern(cue, language), tuple(compiled), kind)


@dataclass(frozen=True)
class _Lexicon:
    by_stem: dict[str, tuple[_Cue, ...]]
    by_word: dict[str, tuple[_Cue, ...]]
    by_prefix: dict[str, tuple[tuple[str, _Cue], ...]]  # keyed by the first three letters
    by_suffix: dict[str, tuple[tuple[str, _Cue], ...]]  # keyed by the last three letters
    contrasts: frozenset[str]


def _compile(language: str) -> _Lexicon:
    cues = [
        _cue(entry, trigger, language)
        for trigger, entries in _LEXICON[language].items()
        for entry in entries
    ]
    for kind, entries in (
        (_DISMISSAL, _DISMISSALS),
        (_CONDITION, _CONDITIONS),
        (_REQUEST, _REQUESTS),
        (_AHEAD, _ADVANCE),
    ):
        cues += [_cue(entry, None, language, kind) for entry in entries[language]]
    by_stem: dict[str, list[_Cue]] = {}
    by_word: dict[str, list[_Cue]] = {}
    by_prefix: dict[str, list[tuple[str, _Cue]]] = {}
    by_suffix: dict[str, list[tuple[str, _Cue]]] = {}
    for cue in cues:
        stemmed, exact, prefixes, suffixes = cue.pattern[0]
        for key in stemmed:
            by_stem.setdefault(key, []).append(cue)
        for key in exact:
            by_word.setdefault(key, []).append(cue)
        for prefix in prefixes:
            by_prefix.setdefault(prefix[:3], []).append((prefix, cue))
        for suffix in suffixes:
            by_suffix.setdefault(suffix[-3:], []).append((suffix, cue))
    return _Lexicon(
        {key: tuple(found) for key, found in by_stem.items()},
        {key: tuple(found) for key, found in by_word.items()},
        {key: tuple(found) for key, found in by_prefix.items()},
        {key: tuple(found) for key, found in by_suffix.items()},
        frozenset(fold(word) for word in _CONTRASTS[language]),
    )


_LEXICONS: dict[str, _Lexicon] = {language: _compile(language) for language in LANGUAGES}


def _fits(position: _Position, word: str, stemmed: str) -> bool:
    stem_choices, exact, prefixes, suffixes = position
    return (
        stemmed in stem_choices
        or word in exact
        or word.startswith(prefixes)
        or word.endswith(suffixes)
    )


def _matches(pattern: _Pattern, words: list[str], stemmed: tuple[str, ...], at: int) -> bool:
    if at < 0 or at + len(pattern) > len(words):
        return False
    return all(
        _fits(position, words[at + offset], stemmed[at + offset])
        for offset, position in enumerate(pattern)
    )


def _candidates(lexicon: _Lexicon, word: str, stemmed: str) -> Iterable[_Cue]:
    yield from lexicon.by_stem.get(stemmed, ())
    yield from lexicon.by_word.get(word, ())
    for prefix, cue in lexicon.by_prefix.get(word[:3], ()):
        if word.startswith(prefix):
            yield cue
    for suffix, cue in lexicon.by_suffix.get(word[-3:], ()):
        if word.endswith(suffix):
            yield cue


def _clauses(
    text: str, spans: tuple[tuple[str, int, int], ...], contrasts: frozenset[str]
) -> tuple[list[int], set[int]]:
    """The clause of each word, and the clauses that start with a contrasting word."""
    clause, previous_end, found, contrasted = 0, 0, [], set()
    for word, start, end in spans:
        if word in contrasts:
            clause += 1
            contrasted.add(clause)
        elif _CLAUSE_END.search(text, previous_end, start):
            clause += 1
        found.append(clause)
        previous_end = end
    return found, contrasted


def _followed(
    first: list[tuple[int, int]], then: list[tuple[int, int]], within: int, clauses: list[int]
) -> list[tuple[int, int]]:
    """The spans of ``first`` that a span of ``then`` follows in the same clause, starting
    at most ``within`` words after it ends."""
    return [
        (start, end)
        for start, end in first
        if any(clauses[other] == clauses[start] and 0 <= other - end <= within for other, _ in then)
    ]


def read_statement(text: str, language: str | None = None) -> tuple[Reading, ...]:
    """The circumstances ``text`` speaks of, in ``Trigger`` order, at most one reading per
    trigger; ``language`` None reads it in the language it guesses."""
    if language is None:
        language = guess_language(text)
    check_language(language)
    return _read(text, language)


@lru_cache(maxsize=4096)
def _read(text: str, language: str) -> tuple[Reading, ...]:
    lexicon = _LEXICONS[language]
    spans = words_with_spans(text)
    words = [word for word, _, _ in spans]
    stemmed = stems(text, language)
    clauses, contrasted = _clauses(text, spans, lexicon.contrasts)
    found: list[tuple[int, int, _Cue]] = []
    for at, (word, stem_at) in enumerate(zip(words, stemmed, strict=True)):
        for cue in _candidates(lexicon, word, stem_at):
            end = at + len(cue.pattern)
            if not _matches(cue.pattern, words, stemmed, at):
                continue
            if any(
                _matches(before, words, stemmed, at - len(before))
                and _matches(after, words, stemmed, end)
                for before, after in cue.blockers
            ):
                continue
            found.append((at, end, cue))
    kinds: dict[str, list[tuple[int, int]]] = {
        kind: [] for kind in (_DISMISSAL, _CONDITION, _REQUEST, _AHEAD)
    }
    for start, end, cue in found:
        if cue.trigger is None:
            kinds[cue.kind].append((start, end))
    conditions = _followed(kinds[_CONDITION], kinds[_REQUEST], REQUEST_AFTER_CONDITION, clauses)
    dismissals = [
        (start, end)
        for start, end in kinds[_DISMISSAL]
        if not any(clauses[other] == clauses[start] and other >= end for other, _ in conditions)
    ]
    dismissed = {
        (cue.trigger, clauses[start])
        for start, end, cue in found
        if cue.trigger is not None
        and any(
            clauses[other_start] == clauses[start]
            and (
                0 <= start - other_end <= DISMISSED_AFTER
                or 0 <= other_start - end <= DISMISSED_BEFORE
            )
            for other_start, other_end in dismissals
        )
    }
    if dismissed:
        own = {clauses[start] for start, _, cue in found if cue.trigger is not None}
        asking_ahead = {
            clauses[start]
            for start, _ in _followed(
                kinds[_REQUEST], kinds[_AHEAD], ADVANCE_AFTER_REQUEST, clauses
            )
        }
        restored = {clause - 1 for clause in asking_ahead & contrasted if clause not in own}
        dismissed = {(trigger, clause) for trigger, clause in dismissed if clause not in restored}
    evidence: dict[Trigger, tuple[int, int]] = {}
    for start, end, cue in sorted(found, key=lambda item: (item[0], -item[1])):
        trigger = cue.trigger
        if trigger is None or (trigger, clauses[start]) in dismissed:
            continue
        if trigger not in evidence:
            evidence[trigger] = (start, end)
        elif evidence[trigger][0] <= start <= evidence[trigger][1]:
            evidence[trigger] = (evidence[trigger][0], max(end, evidence[trigger][1]))
    return tuple(
        Reading(trigger, reason_for(trigger), text[spans[start][1] : spans[end - 1][2]])
        for trigger in Trigger
        if trigger in evidence
        for start, end in (evidence[trigger],)
    )
