#!/usr/bin/env python3
"""Generates the payload-validation benchmark data: realistic person@1.2.0 payloads.

    python3 benches/gen_persons.py [--out bench-data] [--records 100000] [--files 10000] [--seed N]
    python3 benches/gen_persons.py --verify target/release/nifcheck [--out bench-data]

Writes, deterministically for a given seed (python3 standard library only):

  OUT/persons.ndjson          one compact person@1.2.0 payload per line (~500 bytes each)
  OUT/persons/person-NNNNNN.json
                              the first --files records, pretty-printed, one per file
                              (NNNNNN is the record's 1-based line in persons.ndjson)
  OUT/persons.expected.tsv    `line<TAB>kind` of every record made invalid on purpose

About 5 % of the records are invalid, each in exactly one way: some only through `format`
(an impossible date, an email without @), others through a pattern, a required property, a
code list (x-codelist), additionalProperties or a length. Every other record is valid:
codes come from the CSV code lists in schemas/reference/codelists/, restricted to codes
valid whatever the check date (no valid-from, no valid-to), and provinces, districts and
local authorities agree with each other.

--verify runs the given nifcheck binary on the NDJSON file and on the folder and checks
that exactly the records listed in persons.expected.tsv get an error.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODELISTS = os.path.join(ROOT, "schemas", "reference", "codelists")
SCHEMA_ID = "https://nif.gov.example/standards/person/1.2.0/person.schema.json"
INVALID_RATE = 0.05


def codes(name):
    """Codes of a code list that are valid on any date (no validity limits), with their rows."""
    with open(os.path.join(CODELISTS, name + ".csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["code"]: r for r in rows if not r.get("valid-from") and not r.get("valid-to")}


def all_codes(name):
    with open(os.path.join(CODELISTS, name + ".csv"), newline="", encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


COUNTRIES = codes("country")
LANGUAGES = codes("language")
SEXES = codes("sex")
MARITAL = codes("marital-status")
PROVINCES = codes("province")
DISTRICTS = {c: r for c, r in codes("district").items() if r["parent"] in PROVINCES}
AUTHORITIES = {c: r for c, r in codes("local-authority").items() if r["parent"] in DISTRICTS}
# Districts with at least one local authority valid on any date.
DISTRICT_AUTHORITIES = {}
for _code, _row in sorted(AUTHORITIES.items()):
    DISTRICT_AUTHORITIES.setdefault(_row["parent"], []).append(_code)
DISTRICT_LIST = sorted(DISTRICT_AUTHORITIES)
ALL_DISTRICTS = all_codes("district")
RETIRED_DISTRICTS = sorted(c for c, r in ALL_DISTRICTS.items() if r["valid-to"])
ALL_AUTHORITIES = all_codes("local-authority")


def locality_of(authority):
    """`Millbrook` from `Millbrook Village Council`."""
    label = ALL_AUTHORITIES[authority]["label"]
    for suffix in (" City Council", " Town Council", " Village Council", " Ward Council", " Municipal Council"):
        if label.endswith(suffix):
            return label[: -len(suffix)]
    return label


# --------------------------------------------------------------------------------- names
# Each culture: script, languages, nationalities (other than EX), given names by sex as
# (native, latin) pairs, family names (male form, female form, latin), the name order and
# whether a patronymic is used. Latin forms make the email addresses.
CULTURES = [
    {
        "weight": 30, "languages": ["en"], "countries": ["GB", "IE", "US", "CA", "AU", "NZ"],
        "F": ["Amelia", "Olivia", "Grace", "Hannah", "Isabel", "Clara", "Nora", "Eleanor", "Ruth", "Alice",
              "Charlotte", "Emily", "Sarah", "Megan", "Lucy", "Abigail"],
        "M": ["James", "Samuel", "Daniel", "Thomas", "Oliver", "Henry", "Peter", "George", "William", "Jack",
              "Edward", "Arthur", "Joseph", "Matthew", "Robert", "Michael"],
        "middle": ["Rose", "Mae", "Jane", "Anne", "John", "Lee", "James", "Marie"],
        "family": ["Smith", "Carter", "Walker", "Hughes", "Turner", "Bennett", "Fletcher", "O'Brien",
                   "Whitfield", "Ashworth", "Thornton", "Kingsley", "Harrington", "Fairbairn", "MacLeod"],
    },
    {
        "weight": 8, "languages": ["fr"], "countries": ["FR", "BE", "CH", "CA", "SN", "CI"],
        "F": ["Amélie", "Chloé", "Léa", "Hélène", "Margaux", "Élodie", "Céline", "Noémie"],
        "M": ["Étienne", "François", "Jérôme", "Théo", "Benoît", "Loïc", "Mathéo", "Gaël"],
        "middle": ["Marie", "Joséphine", "Luc", "René"],
        "family": ["Moreau", "Dubois", "Lefèvre", "Girard", "Rousseau", "Fontaine", "Mercier", "Bélanger"],
    },
    {
        "weight": 8, "languages": ["es", "pt"], "countries": ["ES", "MX", "AR", "CO", "PT", "BR"],
        "F": ["Sofía", "Lucía", "María José", "Valentina", "Inês", "Mariana", "Camila", "Ximena"],
        "M": ["Mateo", "Santiago", "José Luis", "Joaquín", "João", "Tomás", "Andrés", "Sebastián"],
        "middle": ["del Carmen", "Guadalupe", "Antônio"],
        "family": ["García Pérez", "Fernández", "Rodríguez López", "Muñoz", "Gonçalves", "Sánchez", "Núñez",
                   "Ibáñez"],
    },
    {
        "weight": 6, "languages": ["de", "pl", "cs"], "countries": ["DE", "AT", "PL", "CZ", "SK"],
        "F": ["Jutta", "Małgorzata", "Zofia", "Anežka", "Lena", "Käthe", "Agnieszka", "Šárka"],
        "M": ["Łukasz", "Jiří", "Matthias", "Grzegorz", "Stefan", "Tomáš", "Wojciech", "Jörg"],
        "middle": ["Maria", "Józef", "Karl"],
        "family": ["Müller", "Kowalski", "Nowak", "Dvořák", "Schröder", "Wiśniewski", "Černý", "Groß"],
    },
    {
        "weight": 10, "languages": ["ru", "uk"], "countries": ["RU", "UA", "BY", "KZ"], "patronymic": True,
        "F": [("Светлана", "Svetlana"), ("Анна", "Anna"), ("Мария", "Mariya"), ("Ольга", "Olga"),
              ("Екатерина", "Ekaterina"), ("Наталья", "Natalya"), ("Татьяна", "Tatyana"), ("Ирина", "Irina")],
        "M": [("Иван", "Ivan"), ("Алексей", "Aleksey"), ("Дмитрий", "Dmitriy"), ("Сергей", "Sergey"),
              ("Николай", "Nikolay"), ("Михаил", "Mikhail"), ("Андрей", "Andrey"), ("Владимир", "Vladimir")],
        "family": [("Кузнецов", "Кузнецова", "Kuznetsov"), ("Иванов", "Иванова", "Ivanov"),
                   ("Смирнов", "Смирнова", "Smirnov"), ("Попов", "Попова", "Popov"),
                   ("Соколов", "Соколова", "Sokolov"), ("Лебедев", "Лебедева", "Lebedev"),
                   ("Шевченко", "Шевченко", "Shevchenko"), ("Бондаренко", "Бондаренко", "Bondarenko")],
        "patronymics": {"Иван": ("Иванович", "Ивановна"), "Алексей": ("Алексеевич", "Алексеевна"),
                        "Дмитрий": ("Дмитриевич", "Дмитриевна"), "Сергей": ("Сергеевич", "Сергеевна"),
                        "Николай": ("Николаевич", "Николаевна"), "Михаил": ("Михайлович", "Михайловна"),
                        "Андрей": ("Андреевич", "Андреевна"), "Владимир": ("Владимирович", "Владимировна")},
        "born": ["Москва", "Санкт-Петербург", "Київ", "Харків", "Новосибирск", "Минск"],
    },
    {
        "weight": 10, "languages": ["ar"], "countries": ["EG", "LB", "JO", "SY", "MA", "SA", "IQ"],
        "F": [("ليلى", "Layla"), ("فاطمة", "Fatima"), ("مريم", "Maryam"), ("نور", "Nour"), ("سارة", "Sara"),
              ("هدى", "Huda"), ("ياسمين", "Yasmin"), ("رنا", "Rana")],
        "M": [("يوسف", "Yusuf"), ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("عمر", "Omar"), ("خالد", "Khaled"),
              ("كريم", "Karim"), ("طارق", "Tariq"), ("سامي", "Sami")],
        "family": [("الحداد", "الحداد", "alhaddad"), ("المصري", "المصري", "almasri"),
                   ("الخطيب", "الخطيب", "alkhatib"), ("النجار", "النجار", "alnajjar"),
                   ("العلي", "العلي", "alali"), ("الشامي", "الشامي", "alshami")],
        "born": ["القاهرة", "بيروت", "عمّان", "دمشق", "الدار البيضاء", "بغداد"],
    },
    {
        "weight": 8, "languages": ["hi", "mr", "ne"], "countries": ["IN", "NP"],
        "F": [("प्रिया", "Priya"), ("अनीता", "Anita"), ("सुनीता", "Sunita"), ("कविता", "Kavita"),
              ("दीपिका", "Deepika"), ("पूजा", "Pooja")],
        "M": [("राहुल", "Rahul"), ("अमित", "Amit"), ("विजय", "Vijay"), ("संजय", "Sanjay"),
              ("अर्जुन", "Arjun"), ("रोहित", "Rohit")],
        "family": [("शर्मा", "शर्मा", "Sharma"), ("वर्मा", "वर्मा", "Verma"), ("गुप्ता", "गुप्ता", "Gupta"),
                   ("पटेल", "पटेल", "Patel"), ("जोशी", "जोशी", "Joshi"), ("देशपांडे", "देशपांडे", "Deshpande")],
        "born": ["मुंबई", "दिल्ली", "पुणे", "काठमांडू", "जयपुर"],
    },
    {
        "weight": 5, "languages": ["el"], "countries": ["GR", "CY"],
        "F": [("Ελένη", "Eleni"), ("Μαρία", "Maria"), ("Σοφία", "Sofia"), ("Κατερίνα", "Katerina"),
              ("Δέσποινα", "Despoina")],
        "M": [("Γιώργος", "Giorgos"), ("Νίκος", "Nikos"), ("Δημήτρης", "Dimitris"), ("Κώστας", "Kostas"),
              ("Αλέξανδρος", "Alexandros")],
        "family": [("Παπαδόπουλος", "Παπαδοπούλου", "Papadopoulos"),
                   ("Οικονόμου", "Οικονόμου", "Oikonomou"),
                   ("Γεωργίου", "Γεωργίου", "Georgiou"),
                   ("Καραγιάννης", "Καραγιάννη", "Karagiannis"),
                   ("Βασιλείου", "Βασιλείου", "Vasileiou")],
        "born": ["Αθήνα", "Θεσσαλονίκη", "Λευκωσία", "Πάτρα"],
    },
    {
        "weight": 7, "languages": ["zh"], "countries": ["CN", "SG", "TW"], "family_first": True,
        "F": [("芳", "Fang"), ("娜", "Na"), ("秀英", "Xiuying"), ("静", "Jing"), ("丽", "Li"), ("雪梅", "Xuemei")],
        "M": [("伟", "Wei"), ("明", "Ming"), ("强", "Qiang"), ("磊", "Lei"), ("俊杰", "Junjie"), ("浩然", "Haoran")],
        "family": [("王", "王", "Wang"), ("李", "李", "Li"), ("张", "张", "Zhang"), ("刘", "刘", "Liu"),
                   ("陈", "陈", "Chen"), ("杨", "杨", "Yang")],
        "born": ["北京", "上海", "广州", "新加坡", "台北"],
    },
    {
        "weight": 5, "languages": ["am", "ti"], "countries": ["ET", "ER"],
        "F": [("ሰላም", "Selam"), ("ትዕግስት", "Tigist"), ("ሄለን", "Helen"), ("መሰረት", "Meseret")],
        "M": [("አበበ", "Abebe"), ("ዳዊት", "Dawit"), ("ሀይሌ", "Haile"), ("ተስፋዬ", "Tesfaye")],
        "family": [("በቀለ", "በቀለ", "Bekele"), ("ታደሰ", "ታደሰ", "Tadesse"), ("ገብሬ", "ገብሬ", "Gebre"),
                   ("ወልዴ", "ወልዴ", "Wolde")],
        "born": ["አዲስ አበባ", "ባህር ዳር", "አስመራ", "ጎንደር"],
    },
    {
        "weight": 8, "languages": ["sw", "yo", "ig", "ha"], "countries": ["TZ", "KE", "NG", "GH", "UG"],
        "F": ["Amara", "Chiamaka", "Ngozi", "Zawadi", "Aisha", "Folasade", "Wanjiru", "Abena"],
        "M": ["Chukwuemeka", "Oluwaseun", "Baraka", "Kwame", "Juma", "Tunde", "Kofi", "Emeka"],
        "middle": ["Adaeze", "Olumide", "Neema"],
        "family": ["Okafor", "Adeyemi", "Mensah", "Mwangi", "Otieno", "Nwosu", "Boateng", "Abubakar"],
        "born": ["Lagos", "Nairobi", "Dar es Salaam", "Accra", "Kampala", "Ibadan"],
    },
]

STREETS = ["Quay Street", "Harbour Road", "Station Road", "Mill Lane", "Church Street", "King's Avenue",
           "Market Square", "Elm Grove", "Riverside Walk", "Castle Hill", "Orchard Close", "Victoria Terrace",
           "Lighthouse Lane", "Copper Row", "Heron Way", "Old Post Road", "Fern Crescent", "Willow Drive",
           "Saint Anne's Place", "Ropewalk", "Rue des Tanneurs", "Calle Mayor", "Brückenstraße",
           "Tannery Yard", "Falcon Parade", "Lakeview Road", "Granary Wharf", "Chapel Row"]
UNITS = ["Flat 1", "Flat 2B", "Apt 12", "3", "4A", "Suite 5", "Unit 7", "Room 21"]
BUILDINGS = ["Harbour View House", "The Old Granary", "Riverside Court", "Kingsbridge Mansions",
             "Millbrook Cottages", "Castle Keep Apartments"]
DOMAINS = ["mail.example", "post.example", "inbox.example.org", "examplia-net.example", "webmail.example.com"]
AVAILABILITY = ["Weekdays 09:00-17:00", "Evenings after 18:00", "Mornings only", "Any time by SMS",
                "Weekends 10:00-14:00", "Not on Fridays"]
CHANNELS = ["email", "phone", "sms", "post", "portal"]
FOREIGN_CITIES = ["Paris", "London", "Toronto", "Madrid", "Berlin", "Warszawa", "Lisboa", "Sydney"]

for _c in CULTURES:
    missing = [x for x in _c["countries"] if x not in COUNTRIES] + [x for x in _c["languages"] if x not in LANGUAGES]
    assert not missing, missing

MARITAL_WEIGHTS = {"single": 30, "married": 35, "civil-partnership": 4, "separated": 3, "divorced": 10,
                   "dissolved-partnership": 1, "widowed": 6, "surviving-partner": 1, "annulled": 1, "unknown": 4}
assert set(MARITAL_WEIGHTS) <= set(MARITAL)


def pair(x):
    return x if isinstance(x, tuple) else (x, ascii_fold(x))


FOLD = str.maketrans({
    "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "é": "e", "è": "e", "ê": "e", "ë": "e", "í": "i", "ï": "i",
    "î": "i", "ó": "o", "ô": "o", "ö": "o", "õ": "o", "ú": "u", "ü": "u", "û": "u", "ç": "c", "ñ": "n", "ł": "l",
    "ś": "s", "š": "s", "ž": "z", "ż": "z", "ź": "z", "ř": "r", "č": "c", "ě": "e", "ý": "y", "ß": "ss",
    "ń": "n", "Ł": "L", "É": "E", "Š": "S", "Č": "C", "Ž": "Z", "'": "", " ": "",
})


def ascii_fold(s):
    return s.translate(FOLD)


def date_str(y, m, d):
    return f"{y:04d}-{m:02d}-{d:02d}"


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


# --------------------------------------------------------------------------------- records
def person(rng, n):
    culture = rng.choices(CULTURES, [c["weight"] for c in CULTURES])[0]
    sex = rng.choices(["F", "M", "X", "U"], [49, 49, 1, 1])[0]
    form = "F" if sex == "F" else "M" if sex == "M" else rng.choice("FM")
    given, given_latin = pair(rng.choice(culture[form]))
    fam = rng.choice(culture["family"])
    if isinstance(fam, tuple):
        family = fam[1] if form == "F" else fam[0]
        family_latin = fam[2]
    else:
        family, family_latin = fam, ascii_fold(fam)
    name = {"givenName": given}
    if "middle" in culture and rng.random() < 0.25:
        name["middleName"] = rng.choice(culture["middle"])
    name["familyName"] = family
    if culture.get("patronymic") and rng.random() < 0.8:
        father = pair(rng.choice(culture["M"]))[0]
        name["patronymic"] = culture["patronymics"][father][0 if form == "M" else 1]
    if rng.random() < 0.5:  # fullName is new in 1.2: half the senders fill it
        if "patronymic" in name:
            name["fullName"] = f"{family} {given} {name['patronymic']}"
        elif culture.get("family_first"):
            name["fullName"] = family + given
        else:
            name["fullName"] = " ".join(x for x in (given, name.get("middleName"), family) if x)

    year = rng.randint(1932, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, days_in(year, month))
    birth = date_str(year, month, day)
    rec = {"$schema": SCHEMA_ID, "nin": f"{year:04d}{month:02d}{day:02d}{rng.randint(0, 999):03d}",
           "name": name, "birthDate": birth, "sex": sex}

    native = rng.random() < 0.7
    rec["nationality"] = "EX" if native else rng.choice(culture["countries"])
    if rng.random() < 0.75:
        rec["preferredLanguage"] = "en" if native and rng.random() < 0.5 else rng.choice(culture["languages"])
    if year <= 2008:
        rec["maritalStatus"] = weighted(rng, MARITAL_WEIGHTS)

    district = rng.choice(DISTRICT_LIST)
    authority = rng.choice(DISTRICT_AUTHORITIES[district])
    province = DISTRICTS[district]["parent"]
    if rng.random() < 0.35:
        if native or rng.random() < 0.3:
            b_auth = rng.choice(sorted(AUTHORITIES))
            rec["placeOfBirth"] = {"locality": locality_of(b_auth), "localAuthority": b_auth, "country": "EX"}
        else:
            city = rng.choice(culture.get("born") or FOREIGN_CITIES)
            rec["placeOfBirth"] = {"locality": city, "country": rng.choice(culture["countries"])}

    province_no = sorted(PROVINCES).index(province) + 1
    postcode = f"{province_no}{DISTRICT_LIST.index(district) % 10}{rng.randint(0, 999):03d}"
    street = rng.choice(STREETS)
    house = str(rng.randint(1, 240)) + (rng.choice("ABC") if rng.random() < 0.08 else "")
    addr = {"street": street, "houseNumber": house}
    if rng.random() < 0.25:
        addr["unit"] = rng.choice(UNITS)
    addr["locality"] = locality_of(authority)
    addr["postcode"] = postcode
    if rng.random() < 0.85:
        addr["localAuthority"] = authority
    addr["district"] = district
    addr["province"] = province
    if rng.random() < 0.4:
        addr["country"] = "EX"
    rec["residentialAddress"] = addr

    # Systems still on the legacy free-form address send it alongside the structured one.
    if rng.random() < 0.05:
        lines = [f"{house} {street}"]
        if "unit" in addr:
            lines.insert(0, addr["unit"])
        if rng.random() < 0.3:
            lines.insert(0, rng.choice(BUILDINGS))
        if rng.random() < 0.2:
            lines.append(ALL_DISTRICTS[district]["label"])
        rec["address"] = {"lines": lines, "postcode": postcode, "city": addr["locality"], "country": "EX"}

    if rng.random() < 0.75:
        contact = {}
        if rng.random() < 0.85:
            local = rng.choice([f"{given_latin}.{family_latin}", f"{given_latin[0]}{family_latin}",
                                f"{family_latin}{year % 100:02d}", f"{given_latin}_{family_latin}{rng.randint(1, 99)}"])
            contact["email"] = f"{ascii_fold(local).lower()}@{rng.choice(DOMAINS)}"
        if "email" not in contact or rng.random() < 0.6:
            contact["mobile"] = f"+2557{rng.randint(10000000, 99999999)}"
        if rng.random() < 0.2:
            contact["phone"] = f"+2552{rng.randint(1000000, 9999999)}"
        if rng.random() < 0.6:
            usable = [c for c in CHANNELS if c not in ("email",) or "email" in contact]
            contact["preferredChannel"] = rng.choice(usable)
        if rng.random() < 0.3:
            contact["language"] = rec.get("preferredLanguage", "en")
        if rng.random() < 0.15:
            contact["availability"] = rng.choice(AVAILABILITY)
        rec["contact"] = contact

    if year < 2000 and rng.random() < 0.04:
        dy = rng.randint(max(year + 1, 2005), 2026)
        dm = rng.randint(1, 6 if dy == 2026 else 12)
        rec["deathDate"] = date_str(dy, dm, rng.randint(1, days_in(dy, dm)))
        rec["maritalStatus"] = rec.get("maritalStatus", "widowed")
    return rec


def contact_of(rec):
    rec.setdefault("contact", {"mobile": "+255712345678"})
    return rec["contact"]


def non_leap_year(rng):
    while True:
        y = rng.randint(1950, 2023)
        if days_in(y, 2) == 28:
            return y


# Each mutation makes a valid record invalid in one way. `format` ones break only `format`.
def _feb29(rng, r):
    r["birthDate"] = date_str(non_leap_year(rng), 2, 29)


def _month13(rng, r):
    r["birthDate"] = r["birthDate"][:5] + "13" + r["birthDate"][7:]


def _day31(rng, r):
    r["birthDate"] = r["birthDate"][:5] + rng.choice(["04-31", "06-31", "09-31", "11-31"])


def _email_no_at(rng, r):
    c = contact_of(r)
    c["email"] = c.get("email", "leila.haddad@mail.example").replace("@", ".", 1)


def _email_two_at(rng, r):
    c = contact_of(r)
    c["email"] = c.get("email", "leila.haddad@mail.example").replace("@", "@@", 1)


def _nin10(rng, r):
    r["nin"] = r["nin"][:10]


def _nin_dashes(rng, r):
    r["nin"] = f"{r['nin'][:4]}-{r['nin'][4:8]}-{r['nin'][8:]}"


def _postcode4(rng, r):
    r["residentialAddress"]["postcode"] = r["residentialAddress"]["postcode"][:4]


def _phone_national(rng, r):
    c = contact_of(r)
    c["mobile"] = "0" + c.get("mobile", "+255712345678")[4:]


def _no_family(rng, r):
    del r["name"]["familyName"]


def _no_birth(rng, r):
    del r["birthDate"]


def _no_district(rng, r):
    del r["residentialAddress"]["district"]


def _contact_empty(rng, r):
    r["contact"] = {"preferredChannel": "post"}


def _sex_word(rng, r):
    r["sex"] = {"F": "female", "M": "male"}.get(r["sex"], "unknown")


def _retired_district(rng, r):
    d = rng.choice(RETIRED_DISTRICTS)
    a = r["residentialAddress"]
    a["district"] = d
    a["province"] = ALL_DISTRICTS[d]["parent"]
    a.pop("localAuthority", None)


def _country_uk(rng, r):
    r["nationality"] = "UK"


def _marital_word(rng, r):
    r["maritalStatus"] = "wed"


def _misspelled(rng, r):
    r["dateOfBirth"] = r.pop("birthDate")


def _empty_family(rng, r):
    r["name"]["familyName"] = ""


MUTATIONS = {  # kind: (weight, mutation)
    "format-feb-29": (10, _feb29),
    "format-month-13": (4, _month13),
    "format-day-31": (4, _day31),
    "format-email-without-at": (8, _email_no_at),
    "format-email-two-at": (3, _email_two_at),
    "pattern-nin-ten-digits": (8, _nin10),
    "pattern-nin-with-dashes": (4, _nin_dashes),
    "pattern-postcode-four-digits": (5, _postcode4),
    "pattern-mobile-national-format": (5, _phone_national),
    "required-family-name": (6, _no_family),
    "required-birth-date": (4, _no_birth),
    "required-district": (4, _no_district),
    "anyof-contact-without-channel": (3, _contact_empty),
    "codelist-sex-as-word": (6, _sex_word),
    "codelist-retired-district": (6, _retired_district),
    "codelist-nationality-uk": (4, _country_uk),
    "codelist-marital-status": (3, _marital_word),
    "additional-property-misspelled": (5, _misspelled),
    "min-length-empty-family-name": (3, _empty_family),
}


def generate(out, records, files, seed):
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "persons"), exist_ok=True)
    kinds = list(MUTATIONS)
    weights = [MUTATIONS[k][0] for k in kinds]
    total = 0
    invalid = []
    tmp = os.path.join(out, "persons.ndjson.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as nd:
        for n in range(1, records + 1):
            rec = person(rng, n)
            if rng.random() < INVALID_RATE:
                kind = rng.choices(kinds, weights)[0]
                MUTATIONS[kind][1](rng, rec)
                invalid.append((n, kind))
            line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
            nd.write(line + "\n")
            total += len(line.encode("utf-8")) + 1
            if n <= files:
                with open(os.path.join(out, "persons", f"person-{n:06d}.json"), "w", encoding="utf-8",
                          newline="\n") as f:
                    f.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
    with open(os.path.join(out, "persons.expected.tsv"), "w", encoding="utf-8") as f:
        f.write("".join(f"{n}\t{k}\n" for n, k in invalid))
    os.replace(tmp, os.path.join(out, "persons.ndjson"))
    print(f"{records} records ({len(invalid)} invalid, {len(invalid) / records:.1%}), "
          f"{total / 1e6:.1f} MB, {total / records:.0f} bytes/record; {min(files, records)} files in {out}/persons/",
          file=sys.stderr)


# --------------------------------------------------------------------------------- verify
def expected(out):
    with open(os.path.join(out, "persons.expected.tsv"), encoding="utf-8") as f:
        return dict((int(n), k) for n, k in (line.rstrip("\n").split("\t") for line in f if line.strip()))


def findings(binary, args):
    proc = subprocess.run([binary, "validate", *args, "--format", "json"], capture_output=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        sys.exit(f"nifcheck exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    report = json.loads(proc.stdout)
    return [f for f in report["findings"] if f.get("severity") == "error"], report


def verify(out, binary):
    want = expected(out)
    ok = True
    found, report = findings(binary, [os.path.join(out, "persons.ndjson")])
    got = Counter(f["line"] for f in found)
    rules = Counter()
    for f in found:
        rules[(want.get(f["line"], "VALID?"), f["rule"])] += 1
    false_pos = sorted(set(got) - set(want))
    missed = sorted(set(want) - set(got))
    positioned = all(f.get("line") and f.get("column") and f.get("pointer") is not None for f in found)
    print(f"persons.ndjson: {len(want)} records expected invalid, {len(got)} lines with errors; "
          f"{len(found)} errors, all with line/column/pointer: {positioned}", file=sys.stderr)
    for (kind, rule), count in sorted(rules.items()):
        print(f"  {kind:36} {rule:8} {count}", file=sys.stderr)
    if false_pos or missed or not positioned:
        ok = False
        print(f"  MISMATCH: valid records with errors (first 10): {false_pos[:10]}; "
              f"invalid records without error (first 10): {missed[:10]}", file=sys.stderr)

    folder = os.path.join(out, "persons")
    names = sorted(os.listdir(folder))
    found, _ = findings(binary, ["--standard", "person@1.2", folder])
    got = {int(os.path.basename(f["file"])[len("person-"):-len(".json")]) for f in found}
    want_files = {n for n in want if n <= len(names)}
    print(f"persons/: {len(names)} files, {len(want_files)} expected invalid, {len(got)} with errors",
          file=sys.stderr)
    if got != want_files:
        ok = False
        print(f"  MISMATCH: {sorted(got ^ want_files)[:10]}", file=sys.stderr)
    print("verify: " + ("OK" if ok else "FAILED"), file=sys.stderr)
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(ROOT, "bench-data"))
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--files", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=20260101)
    p.add_argument("--verify", metavar="NIFCHECK", help="check the generated data with this nifcheck binary")
    a = p.parse_args()
    if a.verify:
        sys.exit(0 if verify(a.out, a.verify) else 1)
    generate(a.out, a.records, a.files, a.seed)


if __name__ == "__main__":
    main()
