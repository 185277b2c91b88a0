"""The contact spreadsheets coaches bring map without manual work: the headers Outlook
(in English, German, French and Spanish), Thunderbird, Google and LinkedIn write."""

from __future__ import annotations

import pytest

from coachdesk.domain.spreadsheet import check_clients, guess_mapping, parse_csv, with_header_found

OUTLOOK_EN = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Business Phone,Home Phone,Mobile Phone,E-mail Address,"
    "E-mail Display Name,E-mail 2 Address,Notes"
)
OUTLOOK_DE = (
    "Anrede,Vorname,Weitere Vornamen,Nachname,Suffix,Firma,Abteilung,Position,"
    "Straße geschäftlich,Telefon geschäftlich,Telefon privat,Mobiltelefon,E-Mail-Adresse,"
    "E-Mail: Angezeigter Name,Notizen"
)
OUTLOOK_FR = (
    "Titre,Prénom,Deuxième prénom,Nom,Suffixe,Société,Service,Fonction,Téléphone bureau,"
    "Téléphone domicile,Téléphone mobile,Adresse de messagerie,Notes"
)
OUTLOOK_ES = (
    "Tratamiento,Nombre,Segundo nombre,Apellidos,Sufijo,Organización,Departamento,Puesto,"
    "Teléfono del trabajo,Teléfono particular,Teléfono móvil,Dirección de correo electrónico,"
    "Notas"
)
THUNDERBIRD = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Job Title,Department,"
    "Organization,Notes"
)
GOOGLE = (
    "Name,Given Name,Additional Name,Family Name,Nickname,Notes,E-mail 1 - Type,"
    "E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,"
    "Organization 1 - Title"
)


@pytest.mark.parametrize(
    ("header", "wanted"),
    [
        (
            OUTLOOK_EN,
            {
                "first_name": "First Name",
                "last_name": "Last Name",
                "organisation": "Company",
                "role": "Job Title",  # not the honorific "Title"
                "phone": "Mobile Phone",
                "email": "E-mail Address",
                "private_notes": "Notes",
            },
        ),
        (
            OUTLOOK_DE,
            {
                "first_name": "Vorname",
                "last_name": "Nachname",
                "organisation": "Firma",
                "role": "Position",
                "phone": "Mobiltelefon",
                "email": "E-Mail-Adresse",
                "private_notes": "Notizen",
            },
        ),
        (
            OUTLOOK_FR,
            {
                "first_name": "Prénom",
                "last_name": "Nom",
                "organisation": "Société",
                "role": "Fonction",
                "phone": "Téléphone mobile",
                "email": "Adresse de messagerie",
            },
        ),
        (
            OUTLOOK_ES,
            {
                "first_name": "Nombre",
                "last_name": "Apellidos",
                "organisation": "Organización",
                "role": "Puesto",
                "phone": "Teléfono móvil",
                "email": "Dirección de correo electrónico",
            },
        ),
        (
            THUNDERBIRD,
            {
                "name": "Display Name",
                "preferred_name": "Nickname",
                "email": "Primary Email",
                "phone": "Mobile Number",
                "role": "Job Title",
                "organisation": "Organization",
            },
        ),
        (
            GOOGLE,
            {
                "name": "Name",
                "email": "E-mail 1 - Value",
                "phone": "Phone 1 - Value",
                "organisation": "Organization 1 - Name",
                "role": "Organization 1 - Title",
            },
        ),
    ],
)
def test_each_programs_columns_map_to_the_clients_fields(header, wanted):
    columns = header.split(",")
    mapping = guess_mapping(columns)
    assert {field: columns[column] for field, column in mapping.items() if field in wanted} == (
        wanted
    )


def test_a_work_phone_is_taken_when_there_is_no_mobile_and_the_honorific_when_no_job_title():
    mapping = guess_mapping(["Name", "Title", "Business Phone"])
    assert mapping == {"name": 0, "role": 1, "phone": 2}


def test_linkedins_notes_above_the_header_are_passed_over():
    text = (
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Amélie,Dubois,https://www.linkedin.com/in/adubois,amelie@example.fr,Acme,CFO,"
        "12 Mar 2024\n"
    )
    table = with_header_found(parse_csv(text))
    assert table.header[:2] == ("First Name", "Last Name")
    assert table.header_row == 4
    clients, problems, total = check_clients(table, guess_mapping(table.header))
    assert (problems, total) == ([], 0)
    (amelie,) = clients
    assert (amelie.row, amelie.data.name, amelie.data.role) == (5, "Amélie Dubois", "CFO")
    assert amelie.data.email == "amelie@example.fr"


def test_googles_several_values_in_one_cell_keep_the_first_and_note_the_others():
    text = (
        f"{GOOGLE}\n"
        "Dan Okafor,Dan,,Okafor,,Met at the offsite,* Work,"
        "dan@okafor.example ::: dan.private@example.com,Mobile ::: Work,"
        "+44 7700 900123 ::: +44 20 7946 0000,Okafor Ltd,Director\n"
    )
    table = parse_csv(text)
    (dan,), problems, _total = check_clients(table, guess_mapping(table.header))
    assert problems == []
    assert (dan.data.email, dan.data.phone) == ("dan@okafor.example", "+44 7700 900123")
    assert dan.data.private_notes == (
        "Met at the offsite\nOther email: dan.private@example.com\nOther phone: +44 20 7946 0000"
    )
